"""The audit trail's tables: the append-only, hash-chained entries and the one-row chain head.

The head row serialises writers: every transaction that appends entries first updates it, which
takes a row lock on PostgreSQL and the write lock on SQLite, so two workers never chain onto the
same last entry.

On both databases, ``create_all`` also adds triggers refusing UPDATE and DELETE on the entries
(only the foreign key's ``SET NULL`` when a user is deleted gets through). Alembic does not see
triggers: a migration creating ``audit_entry`` should run ``append_only_ddl(dialect)`` too.
"""

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from intranet import clock
from intranet.extensions import db

TRIGGER = "audit_entry_append_only"


class AuditEntry(db.Model):
    """One event of the trail: who did what to which record, when, from where."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_record", "record_type", "record_id"),
        Index("ix_audit_entry_parent", "parent_type", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    # A link for convenience; the database clears it when the user is deleted, so the hash
    # covers the name and username kept beside it instead.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    actor_username: Mapped[str] = mapped_column(String(64), default="")
    ip_address: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None]
    # The record whose History shows this entry too (a document for its files and audience).
    parent_type: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {field: [before, after]}
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(db.Model):
    """The chain's end: the last sequence number and hash. One row, id 1."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")


def _sqlite_ddl() -> list[str]:
    names = [c.name for c in AuditEntry.__table__.columns if c.name != "actor_id"]
    same = " AND ".join(f"NEW.{n} IS OLD.{n}" for n in names)
    refuse = f"SELECT RAISE(ABORT, '{TRIGGER}: audit_entry is append-only'); END"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER}_update BEFORE UPDATE ON audit_entry "
        f"WHEN NOT (NEW.actor_id IS NULL AND {same}) BEGIN {refuse}",
        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER}_delete BEFORE DELETE ON audit_entry "
        f"BEGIN {refuse}",
    ]


def _postgresql_ddl() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_entry is append-only';
END $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_entry",
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_entry "
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
    ]


def append_only_ddl(dialect: str) -> list[str]:
    """The statements that make ``audit_entry`` refuse UPDATE and DELETE on ``dialect``."""
    if dialect == "sqlite":
        return _sqlite_ddl()
    if dialect == "postgresql":
        return _postgresql_ddl()
    return []


def _add_triggers(dialect: str):
    for statement in append_only_ddl(dialect):
        # DDL() would read "%" as a format marker; the bodies hold none, but escape anyway.
        event.listen(
            AuditEntry.__table__,
            "after_create",
            DDL(statement.replace("%", "%%")).execute_if(dialect=dialect),
        )


_add_triggers("sqlite")
_add_triggers("postgresql")
