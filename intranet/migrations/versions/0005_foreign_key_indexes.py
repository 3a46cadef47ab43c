"""An index on every foreign key, and on the columns the lists sort by.

Without them the database scans a whole table where a page asks for the rows of one parent: the
visibility EXISTS of the documents' lists read the audience table once per document, and deleting
a user or a document looked through every table that names them. Also the documents' default order
(issued_on), the inspections' order (inspected_on) and the header's unread count (notification's
user and read_at). Indexes only: no data changes, the same on SQLite and PostgreSQL.

Revision ID: 0005_foreign_key_indexes
Revises: 0004_throttle
"""

from alembic import op

revision = "0005_foreign_key_indexes"
down_revision = "0004_throttle"
branch_labels = None
depends_on = None

# (table, columns); each index is named as the models name it (ix_<table>_<column>).
INDEXES = (
    ("award_line", ("form_id",)),
    ("award_line", ("kind_id",)),
    ("award_line", ("level_id",)),
    ("award_line", ("title_id",)),
    ("award_line", ("unit_id",)),
    ("catalogue_entry", ("document_id",)),
    ("document", ("created_by_id",)),
    ("document", ("issued_by_id",)),
    ("document", ("issued_on",)),
    ("document", ("signed_by_id",)),
    ("document", ("submitted_by_id",)),
    ("document", ("superseded_by_id",)),
    ("document_audience", ("document_id",)),
    ("document_audience", ("unit_id",)),
    ("document_basis", ("document_id",)),
    ("document_basis", ("target_id",)),
    ("document_file", ("deleted_by_id",)),
    ("document_file", ("document_id",)),
    ("document_read", ("user_id",)),
    ("evidence", ("exemplar_id",)),
    ("evidence", ("reviewer_id",)),
    ("evidence", ("uploaded_by_id",)),
    ("exemplar", ("field_id",)),
    ("exemplar", ("movement_id",)),
    ("exemplar_event", ("actor_id",)),
    ("exemplar_event", ("exemplar_id",)),
    ("file_version", ("stored_file_id",)),
    ("file_version", ("uploaded_by_id",)),
    ("follow_up", ("closed_by_id",)),
    ("follow_up", ("inspection_id",)),
    ("inspection", ("created_by_id",)),
    ("inspection", ("inspected_on",)),
    ("inspection", ("minutes_file_id",)),
    ("inspection_link", ("inspection_id",)),
    ("plan_task", ("assignee_unit_id",)),
    ("plan_task", ("document_id",)),
    ("unit_report", ("returned_by_id",)),
    ("unit_report", ("stored_file_id",)),
    ("unit_report", ("submitted_by_id",)),
    ("user", ("unit_id",)),
)
NAMED = (("notification", "ix_notification_unread", ("user_id", "read_at")),)


def _all():
    for table, columns in INDEXES:
        yield table, f"ix_{table}_{columns[0]}", columns
    yield from NAMED


def upgrade():
    for table, name, columns in _all():
        op.create_index(name, table, list(columns), unique=False)


def downgrade():
    for table, name, _columns in reversed(list(_all())):
        op.drop_index(name, table_name=table)
