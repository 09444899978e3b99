"""themes and author collapse: content themes on threads, posts and room messages, the themes a
reader folds, and replies folded at the thread author's request

Revision ID: c4a1e7d2b9f0
Revises: 5c1d2e7a9b40
Create Date: 2026-11-23 17:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a1e7d2b9f0'
down_revision = '5c1d2e7a9b40'
branch_labels = None
depends_on = None


def upgrade():
    for table in ("threads", "posts", "room_messages"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('themes', sa.String(length=200), server_default='', nullable=False))
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('collapsed_by_author_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('collapsed_themes', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('collapsed_themes')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('collapsed_by_author_at')
    for table in ("room_messages", "posts", "threads"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('themes')
