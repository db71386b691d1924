"""audit jobs started from the service

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_jobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('report_ids', sa.JSON(), nullable=False),
    sa.Column('profile_id', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('cached', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_jobs_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_jobs_unit_id'), ['unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_jobs_unit_id'))
        batch_op.drop_index(batch_op.f('ix_audit_jobs_created_at'))
    op.drop_table('audit_jobs')
