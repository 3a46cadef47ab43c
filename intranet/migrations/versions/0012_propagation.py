"""Propagation: activities that make an exemplar known, adoptions by other units, stories with
photos and their resized copies (issue 17).

Revision ID: 0012_propagation
Revises: 0011_eligibility
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_propagation"
down_revision = "0011_eligibility"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "propagation_story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exemplar_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft", "submitted", "published", name="storystatus", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_propagation_story_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["exemplar_id"],
            ["exemplar.id"],
            name=op.f("fk_propagation_story_exemplar_id_exemplar"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["user.id"], name=op.f("fk_propagation_story_published_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_propagation_story_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propagation_story")),
    )

    with op.batch_alter_table("propagation_story", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_propagation_story_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_story_exemplar_id"), ["exemplar_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_story_published_by_id"), ["published_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_propagation_story_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_propagation_story_unit_id"), ["unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_propagation_story_year"), ["year"], unique=False)

    op.create_table(
        "propagation_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exemplar_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "intranet",
                "website",
                "meeting",
                "board",
                "bulletin",
                "press",
                name="channel",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=True),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exemplar_id"],
            ["exemplar.id"],
            name=op.f("fk_propagation_activity_exemplar_id_exemplar"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_propagation_activity_recorded_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_file.id"],
            name=op.f("fk_propagation_activity_stored_file_id_stored_file"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_propagation_activity_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propagation_activity")),
    )

    with op.batch_alter_table("propagation_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_propagation_activity_channel"), ["channel"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_activity_exemplar_id"), ["exemplar_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_activity_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_activity_stored_file_id"), ["stored_file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_activity_unit_id"), ["unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_propagation_activity_year"), ["year"], unique=False)

    op.create_table(
        "propagation_adoption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exemplar_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("practice", sa.Text(), nullable=False),
        sa.Column("adopted_on", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exemplar_id"],
            ["exemplar.id"],
            name=op.f("fk_propagation_adoption_exemplar_id_exemplar"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_propagation_adoption_recorded_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_propagation_adoption_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propagation_adoption")),
    )

    with op.batch_alter_table("propagation_adoption", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_propagation_adoption_exemplar_id"), ["exemplar_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_adoption_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_adoption_unit_id"), ["unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_propagation_adoption_year"), ["year"], unique=False)

    op.create_table(
        "propagation_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sized_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_file.id"],
            name=op.f("fk_propagation_photo_stored_file_id_stored_file"),
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["propagation_story.id"],
            name=op.f("fk_propagation_photo_story_id_propagation_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propagation_photo")),
    )

    with op.batch_alter_table("propagation_photo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_propagation_photo_sized_at"), ["sized_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_photo_stored_file_id"), ["stored_file_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_photo_story_id"), ["story_id"], unique=False
        )

    op.create_table(
        "propagation_photo_size",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("photo_id", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["propagation_photo.id"],
            name=op.f("fk_propagation_photo_size_photo_id_propagation_photo"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_file.id"],
            name=op.f("fk_propagation_photo_size_stored_file_id_stored_file"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propagation_photo_size")),
    )

    with op.batch_alter_table("propagation_photo_size", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_propagation_photo_size_photo_id"), ["photo_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_propagation_photo_size_stored_file_id"), ["stored_file_id"], unique=False
        )


def downgrade():
    op.drop_table("propagation_photo_size")
    op.drop_table("propagation_photo")
    op.drop_table("propagation_adoption")
    op.drop_table("propagation_activity")
    op.drop_table("propagation_story")
