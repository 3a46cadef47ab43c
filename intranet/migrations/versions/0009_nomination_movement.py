"""The movement and criteria a nomination answers, and the reviewer's verdict on each criterion.

Revision ID: 0009_nomination_movement
Revises: 0008_notifications
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_nomination_movement"
down_revision = "0008_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "nomination_criteria",
        sa.Column("exemplar_id", sa.Integer(), nullable=False),
        sa.Column("criteria_id", sa.Integer(), nullable=False),
        sa.Column("chosen_by_id", sa.Integer(), nullable=False),
        sa.Column("chosen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chosen_by_id"], ["user.id"], name=op.f("fk_nomination_criteria_chosen_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["criteria_id"],
            ["criteria.id"],
            name=op.f("fk_nomination_criteria_criteria_id_criteria"),
        ),
        sa.ForeignKeyConstraint(
            ["exemplar_id"],
            ["exemplar.id"],
            name=op.f("fk_nomination_criteria_exemplar_id_exemplar"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("exemplar_id", name=op.f("pk_nomination_criteria")),
    )
    with op.batch_alter_table("nomination_criteria", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nomination_criteria_chosen_by_id"), ["chosen_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_nomination_criteria_criteria_id"), ["criteria_id"], unique=False
        )

    op.create_table(
        "criterion_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exemplar_id", sa.Integer(), nullable=False),
        sa.Column("criteria_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checked_by_id"], ["user.id"], name=op.f("fk_criterion_check_checked_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["criteria_id"], ["criteria.id"], name=op.f("fk_criterion_check_criteria_id_criteria")
        ),
        sa.ForeignKeyConstraint(
            ["exemplar_id"],
            ["exemplar.id"],
            name=op.f("fk_criterion_check_exemplar_id_exemplar"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion_check")),
        sa.UniqueConstraint(
            "exemplar_id",
            "criteria_id",
            "position",
            name=op.f("uq_criterion_check_exemplar_id"),
        ),
    )
    with op.batch_alter_table("criterion_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_criterion_check_checked_by_id"), ["checked_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_criterion_check_criteria_id"), ["criteria_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_criterion_check_exemplar_id"), ["exemplar_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("criterion_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_check_exemplar_id"))
        batch_op.drop_index(batch_op.f("ix_criterion_check_criteria_id"))
        batch_op.drop_index(batch_op.f("ix_criterion_check_checked_by_id"))
    op.drop_table("criterion_check")
    with op.batch_alter_table("nomination_criteria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nomination_criteria_criteria_id"))
        batch_op.drop_index(batch_op.f("ix_nomination_criteria_chosen_by_id"))
    op.drop_table("nomination_criteria")
