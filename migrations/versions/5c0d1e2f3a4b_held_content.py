"""held content: moderation items for content waiting for approval, held room messages, moderated techniques

Revision ID: 5c0d1e2f3a4b
Revises: c4a1e7d2b9f0
Create Date: 2026-11-23 17:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c0d1e2f3a4b'
down_revision = "c4a1e7d2b9f0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderation_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_held', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('room_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('techniques', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderation', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('techniques', schema=None) as batch_op:
        batch_op.drop_column('moderation')

    with op.batch_alter_table('room_messages', schema=None) as batch_op:
        batch_op.drop_column('held_at')

    with op.batch_alter_table('moderation_items', schema=None) as batch_op:
        batch_op.drop_column('is_held')
