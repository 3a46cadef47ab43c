"""Several app hosts on one database (issue 21): the index outbox becomes an ordered log
(``seq``), each host's place in it (``index_host``), and the claims of jobs run once per
deployment (``job_claim``).

Revision ID: 0013_multi_host
Revises: 0012_propagation
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_multi_host"
down_revision = "0012_propagation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f("ix_search_outbox_seq"), ["seq"], unique=False)
    op.create_table(
        "index_host",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("applied_seq", sa.BigInteger(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_index_host")),
    )
    op.create_table(
        "job_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("host", sa.String(length=100), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_claim")),
        sa.UniqueConstraint("name", "period", name=op.f("uq_job_claim_name")),
    )


def downgrade():
    op.drop_table("job_claim")
    op.drop_table("index_host")
    with op.batch_alter_table("search_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_outbox_seq"))
        batch_op.drop_column("seq")
