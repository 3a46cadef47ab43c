"""The emulation year: movements, criteria, registrations, the rating scale, evaluations,
unit reviews (bình xét), and each title's bình xét threshold in the catalogue.

Revision ID: 0007_emulation_year
Revises: 0006_extraction_retry
"""

import sqlalchemy as sa
from alembic import op

DEFAULT_RATINGS = ("Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành", "Không hoàn thành")

revision = "0007_emulation_year"
down_revision = "0006_extraction_retry"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating")),
        sa.UniqueConstraint("name", name=op.f("uq_rating_name")),
    )
    op.bulk_insert(
        sa.table(
            "rating",
            sa.column("name", sa.String),
            sa.column("position", sa.Integer),
            sa.column("active", sa.Boolean),
        ),
        [{"name": n, "position": i, "active": True} for i, n in enumerate(DEFAULT_RATINGS)],
    )
    op.create_table(
        "movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_movement_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_movement_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movement")),
    )
    with op.batch_alter_table("movement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_movement_created_by_id"), ["created_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_movement_document_id"), ["document_id"], unique=False)

    op.create_table(
        "criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_criteria_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movement.id"], name=op.f("fk_criteria_movement_id_movement")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_criteria_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria")),
        sa.UniqueConstraint(
            "movement_id", "unit_id", "version", name=op.f("uq_criteria_movement_id")
        ),
    )
    with op.batch_alter_table("criteria", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criteria_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_criteria_movement_id"), ["movement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_criteria_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "movement_unit",
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["movement.id"],
            name=op.f("fk_movement_unit_movement_id_movement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_movement_unit_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("movement_id", "unit_id", name=op.f("pk_movement_unit")),
    )
    with op.batch_alter_table("movement_unit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_movement_unit_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "subject",
            sa.Enum("individual", "collective", name="subject", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("commitments", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "registered", "confirmed", name="registrationstatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["user.id"], name=op.f("fk_registration_confirmed_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_registration_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["user.id"], name=op.f("fk_registration_person_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["title_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_registration_title_id_catalogue_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_registration_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration")),
    )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_confirmed_by_id"), ["confirmed_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registration_created_by_id"), ["created_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_registration_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_title_id"), ["title_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_year"), ["year"], unique=False)

    op.create_table(
        "evaluation_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("criteria_id", sa.Integer(), nullable=True),
        sa.Column("minutes_file_id", sa.Integer(), nullable=True),
        sa.Column("minutes_name", sa.String(length=255), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criteria_id"], ["criteria.id"], name=op.f("fk_evaluation_round_criteria_id_criteria")
        ),
        sa.ForeignKeyConstraint(
            ["minutes_file_id"],
            ["stored_file.id"],
            name=op.f("fk_evaluation_round_minutes_file_id_stored_file"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_evaluation_round_recorded_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_evaluation_round_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_round")),
        sa.UniqueConstraint("unit_id", "year", "quarter", name=op.f("uq_evaluation_round_unit_id")),
    )
    with op.batch_alter_table("evaluation_round", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_round_criteria_id"), ["criteria_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evaluation_round_minutes_file_id"), ["minutes_file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evaluation_round_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evaluation_round_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_round_year"), ["year"], unique=False)

    op.create_table(
        "unit_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exemplar_id", sa.Integer(), nullable=False),
        sa.Column("title_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("agree", sa.Integer(), nullable=False),
        sa.Column("disagree", sa.Integer(), nullable=False),
        sa.Column("minutes_file_id", sa.Integer(), nullable=True),
        sa.Column("minutes_name", sa.String(length=255), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exemplar_id"],
            ["exemplar.id"],
            name=op.f("fk_unit_review_exemplar_id_exemplar"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["minutes_file_id"],
            ["stored_file.id"],
            name=op.f("fk_unit_review_minutes_file_id_stored_file"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_unit_review_recorded_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["title_id"],
            ["catalogue_entry.id"],
            name=op.f("fk_unit_review_title_id_catalogue_entry"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_review")),
    )
    with op.batch_alter_table("unit_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_review_exemplar_id"), ["exemplar_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_review_minutes_file_id"), ["minutes_file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_review_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_unit_review_title_id"), ["title_id"], unique=False)

    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["user.id"], name=op.f("fk_evaluation_person_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"], ["rating.id"], name=op.f("fk_evaluation_rating_id_rating")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["evaluation_round.id"],
            name=op.f("fk_evaluation_round_id_evaluation_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_evaluation_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
        sa.UniqueConstraint("round_id", "person_id", name=op.f("uq_evaluation_round_id")),
    )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_rating_id"), ["rating_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_year"), ["year"], unique=False)

    with op.batch_alter_table("catalogue_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("threshold", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("catalogue_entry", schema=None) as batch_op:
        batch_op.drop_column("threshold")

    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_year"))
        batch_op.drop_index(batch_op.f("ix_evaluation_unit_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_round_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_rating_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_person_id"))

    op.drop_table("evaluation")
    with op.batch_alter_table("unit_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_review_title_id"))
        batch_op.drop_index(batch_op.f("ix_unit_review_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_unit_review_minutes_file_id"))
        batch_op.drop_index(batch_op.f("ix_unit_review_exemplar_id"))

    op.drop_table("unit_review")
    with op.batch_alter_table("evaluation_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_round_year"))
        batch_op.drop_index(batch_op.f("ix_evaluation_round_unit_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_round_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_round_minutes_file_id"))
        batch_op.drop_index(batch_op.f("ix_evaluation_round_criteria_id"))

    op.drop_table("evaluation_round")
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_year"))
        batch_op.drop_index(batch_op.f("ix_registration_unit_id"))
        batch_op.drop_index(batch_op.f("ix_registration_title_id"))
        batch_op.drop_index(batch_op.f("ix_registration_status"))
        batch_op.drop_index(batch_op.f("ix_registration_person_id"))
        batch_op.drop_index(batch_op.f("ix_registration_created_by_id"))
        batch_op.drop_index(batch_op.f("ix_registration_confirmed_by_id"))

    op.drop_table("registration")
    with op.batch_alter_table("movement_unit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_movement_unit_unit_id"))

    op.drop_table("movement_unit")
    with op.batch_alter_table("criteria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criteria_unit_id"))
        batch_op.drop_index(batch_op.f("ix_criteria_movement_id"))
        batch_op.drop_index(batch_op.f("ix_criteria_author_id"))

    op.drop_table("criteria")
    with op.batch_alter_table("movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_movement_document_id"))
        batch_op.drop_index(batch_op.f("ix_movement_created_by_id"))

    op.drop_table("movement")
    op.drop_table("rating")
