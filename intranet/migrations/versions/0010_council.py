"""The council: members per year, meetings with the members present, agenda lines with their
secret-ballot tallies, and the comments on the public notice with their handling.

Revision ID: 0010_council
Revises: 0009_nomination_movement
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_council"
down_revision = "0009_nomination_movement"
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete=None):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _indexes(table, *columns):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade():
    op.create_table(
        "council_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "seat",
            sa.Enum("chair", "secretary", "member", name="seat", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        _fk("council_member", "added_by_id", "user"),
        _fk("council_member", "user_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_member")),
        sa.UniqueConstraint("year", "user_id", name=op.f("uq_council_member_year")),
    )
    _indexes("council_member", "added_by_id", "user_id", "year")

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("notice_from", sa.Date(), nullable=True),
        sa.Column("minutes_file_id", sa.Integer(), nullable=True),
        sa.Column("minutes_name", sa.String(length=255), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("meeting", "created_by_id", "user"),
        _fk("meeting", "decision_id", "document"),
        _fk("meeting", "minutes_file_id", "stored_file"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    _indexes("meeting", "created_by_id", "decision_id", "minutes_file_id", "year")

    op.create_table(
        "meeting_attendee",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _fk("meeting_attendee", "meeting_id", "meeting", "CASCADE"),
        _fk("meeting_attendee", "user_id", "user"),
        sa.PrimaryKeyConstraint("meeting_id", "user_id", name=op.f("pk_meeting_attendee")),
    )
    _indexes("meeting_attendee", "user_id")

    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("exemplar_id", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=True),
        sa.Column("agree", sa.Integer(), nullable=True),
        sa.Column("disagree", sa.Integer(), nullable=True),
        sa.Column("invalid", sa.Integer(), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        _fk("agenda_item", "exemplar_id", "exemplar"),
        _fk("agenda_item", "meeting_id", "meeting", "CASCADE"),
        _fk("agenda_item", "title_id", "catalogue_entry"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
        sa.UniqueConstraint("meeting_id", "exemplar_id", name=op.f("uq_agenda_item_meeting_id")),
    )
    _indexes("agenda_item", "exemplar_id", "meeting_id", "public", "title_id", "year")

    op.create_table(
        "notice_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("handling", sa.Text(), nullable=False),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        _fk("notice_comment", "author_id", "user"),
        _fk("notice_comment", "handled_by_id", "user"),
        _fk("notice_comment", "item_id", "agenda_item", "CASCADE"),
        _fk("notice_comment", "meeting_id", "meeting", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_comment")),
    )
    _indexes("notice_comment", "author_id", "handled_by_id", "item_id", "meeting_id", "year")


def downgrade():
    for table in ("notice_comment", "agenda_item", "meeting_attendee", "meeting", "council_member"):
        op.drop_table(table)
