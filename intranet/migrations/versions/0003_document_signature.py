"""The life of an issued record: submitted for signature, signed by a leader, issued.

A document's number may be empty until issue (the registry takes the next free one then); who
submitted, signed and issued it, and when; and the relation of a link to an earlier document
that this one amends, replaces, corrects or revokes. Existing documents keep their numbers.

Revision ID: 0003_document_signature
Revises: 0002_number_leading_zero
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_document_signature"
down_revision = "0002_number_leading_zero"
branch_labels = None
depends_on = None

_USERS = ("submitted_by_id", "signed_by_id", "issued_by_id")


def upgrade():
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("submitted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("signed_at", sa.DateTime(), nullable=True))
        for name in _USERS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_document_{name}_user"), "user", [name], ["id"]
            )
    with op.batch_alter_table("document_basis", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("relation", sa.String(length=20), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("document_basis", schema=None) as batch_op:
        batch_op.drop_column("relation")
    with op.batch_alter_table("document", schema=None) as batch_op:
        for name in reversed(_USERS):
            batch_op.drop_constraint(batch_op.f(f"fk_document_{name}_user"), type_="foreignkey")
            batch_op.drop_column(name)
        batch_op.drop_column("signed_at")
        batch_op.drop_column("submitted_at")
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
