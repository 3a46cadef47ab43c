"""Notifications of every workflow step: each one's kind and e-mail state, and each person's
choice of e-mails per kind.

Revision ID: 0008_notifications
Revises: 0007_emulation_year
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_notifications"
down_revision = "0007_emulation_year"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("mail_state", sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column("mail_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_notification_mail_state"), ["mail_state"], unique=False
        )

    op.create_table(
        "mail_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("email", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "kind"),
    )
    with op.batch_alter_table("mail_preference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_preference_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("mail_preference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_preference_user_id"))
    op.drop_table("mail_preference")

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_mail_state"))
        batch_op.drop_column("mail_attempts")
        batch_op.drop_column("mail_state")
        batch_op.drop_column("kind")
