"""account deletion: users.deleted_at

Revision ID: 5c1d2e7a9b40
Revises: 8a2b0e7be1ce
Create Date: 2026-11-23 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1d2e7a9b40'
down_revision = '8a2b0e7be1ce'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
