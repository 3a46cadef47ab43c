"""Extraction retried with back-off: the tries so far and when the next is due.

Revision ID: 0006_extraction_retry
Revises: 0005_foreign_key_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_extraction_retry"
down_revision = "0005_foreign_key_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("extracted_text", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retry_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_extracted_text_retry_at"), ["retry_at"], unique=False)


def downgrade():
    with op.batch_alter_table("extracted_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extracted_text_retry_at"))
        batch_op.drop_column("retry_at")
        batch_op.drop_column("attempts")
