"""Throttles shared by every worker: the counters' table (intranet.throttle).

Revision ID: 0004_throttle
Revises: 0003_document_signature
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_throttle"
down_revision = "0003_document_signature"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "throttle",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle")),
    )
    with op.batch_alter_table("throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_throttle_expires_at"), ["expires_at"], unique=False)


def downgrade():
    with op.batch_alter_table("throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_throttle_expires_at"))
    op.drop_table("throttle")
