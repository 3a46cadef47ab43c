"""The rules of eligibility: one condition per row per title, citing the law, seeded from it.

Revision ID: 0011_eligibility
Revises: 0010_council
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_eligibility"
down_revision = "0010_council"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "eligibility_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("required_id", sa.Integer(), nullable=True),
        sa.Column("rating_id", sa.Integer(), nullable=True),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("keyword", sa.String(length=100), nullable=False),
        sa.Column("article", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["title_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_eligibility_rule_title_id_catalogue_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["required_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_eligibility_rule_required_id_catalogue_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["rating.id"], name=op.f("fk_eligibility_rule_rating_id_rating")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_rule")),
    )
    with op.batch_alter_table("eligibility_rule", schema=None) as batch_op:
        for column in ("title_id", "required_id", "rating_id"):
            batch_op.create_index(batch_op.f(f"ix_eligibility_rule_{column}"), [column])
    _seed()


def _seed():
    # The rows of the law, as the application seeds them (intranet.eligibility.seed).
    from intranet.eligibility.seed import rows

    bind = op.get_bind()
    entries = {
        (g, n): i
        for g, n, i in bind.execute(sa.text('SELECT "group", name, id FROM catalogue_entry'))
    }
    ratings = dict(bind.execute(sa.text("SELECT name, id FROM rating")).all())
    table = sa.table(
        "eligibility_rule",
        *(
            sa.column(c)
            for c in (
                "title_id",
                "kind",
                "required_id",
                "rating_id",
                "years",
                "offset",
                "keyword",
                "article",
                "position",
                "active",
            )
        ),
    )
    found = rows(entries, ratings)
    if found:
        op.bulk_insert(table, found)


def downgrade():
    with op.batch_alter_table("eligibility_rule", schema=None) as batch_op:
        for column in ("title_id", "required_id", "rating_id"):
            batch_op.drop_index(batch_op.f(f"ix_eligibility_rule_{column}"))
    op.drop_table("eligibility_rule")
