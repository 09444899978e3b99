"""notifications: a link and an actor on each, reactions gathered by subject, and per-kind preferences

Revision ID: 8a2b0e7be1ce
Revises: 369fd1896040
Create Date: 2026-11-23 17:15:49.957234

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a2b0e7be1ce'
down_revision = '369fd1896040'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_mutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_mutes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_mutes')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_mutes_user_id'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('link', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('subject', sa.String(length=40), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_actor_id_users'), 'users', ['actor_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_index('ix_notifications_user_created')
        batch_op.create_index('ix_notifications_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notifications_unread', ['user_id'], unique=False,
                              sqlite_where=sa.text('read_at IS NULL'), postgresql_where=sa.text('read_at IS NULL'))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_unread')
        batch_op.drop_index('ix_notifications_user_created')
        batch_op.create_index('ix_notifications_user_created', ['user_id', 'id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_notifications_actor_id_users'), type_='foreignkey')
        batch_op.drop_column('subject')
        batch_op.drop_column('link')
        batch_op.drop_column('actor_id')

    op.drop_table('notification_mutes')
