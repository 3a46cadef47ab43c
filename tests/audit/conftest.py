"""Helpers of the audit tests: acting as a user from an address, documents and nominations made
through the services, the trail read back, and tampering with it as an intruder with SQL would."""

import json
from contextlib import contextmanager
from datetime import date

import pytest
from flask_login import login_user
from sqlalchemy import select, text

from intranet.accounts.models import User
from intranet.audit.models import TRIGGER, AuditEntry, append_only_ddl
from intranet.extensions import db
from tests import factories
from tests.factories import MINI_PDF

ADDRESS = "10.1.2.3"


@pytest.fixture
def acting_as(app, users):
    """``with acting_as("secretariat", "10.0.0.5"): services…`` runs as a request of that user."""

    @contextmanager
    def _acting(key: str, address: str = ADDRESS):
        environ = {"REMOTE_ADDR": address}
        with app.test_request_context("/", environ_base=environ):
            login_user(db.session.get(User, users[key]))
            yield db.session.get(User, users[key])

    return _acting


@pytest.fixture
def make_document(app, acting_as):
    """make_document("12/KH-CĐBP", units=["KKT"], attachment=True, publish=True) -> id."""

    def _make(
        symbol="12/KH-CĐBP", *, units=None, attachment=False, publish=False, summary=None
    ) -> int:
        with acting_as("secretariat") as author:
            return factories.document(
                author,
                symbol,
                kind="KH",
                issued_on=date(2024, 3, 1),
                summary=summary or "Kế hoạch tổ chức phong trào thi đua năm 2024",
                units=units,
                attachments=[("ke-hoach.pdf", MINI_PDF)] if attachment else None,
                publish=publish,
            ).id

    return _make


@pytest.fixture
def make_exemplar(app, acting_as):
    """make_exemplar(evidence=True) -> (exemplar id, evidence id or None), owned by "staff"."""

    def _make(evidence: bool = False) -> tuple[int, int | None]:
        with acting_as("staff") as owner:
            exemplar = factories.exemplar(
                owner, achievement="Giảng viên dạy giỏi cấp trường", person_id=owner.id
            )
            evidence_id = None
            if evidence:
                added = factories.evidence(
                    exemplar, owner, "giay-khen.pdf", MINI_PDF, title="Giấy khen"
                )
                evidence_id = added.id
            return exemplar.id, evidence_id

    return _make


def trail(app, **where) -> list[dict]:
    """The entries (as dicts, ``changes`` decoded), oldest first, filtered by column values."""
    with app.app_context():
        query = select(AuditEntry).filter_by(**where).order_by(AuditEntry.seq)
        rows = db.session.execute(query).scalars().all()
        out = []
        for row in rows:
            entry = {c.name: getattr(row, c.name) for c in AuditEntry.__table__.columns}
            entry["changes"] = json.loads(row.changes)
            out.append(entry)
        return out


def last_seq(app) -> int:
    return trail(app)[-1]["seq"]


def tamper(app, sql: str, **params) -> None:
    """Run ``sql`` on audit_entry as someone with database access would, past its triggers."""
    with app.app_context(), db.engine.begin() as conn:
        dialect = conn.dialect.name
        if dialect == "postgresql":
            conn.execute(text(f"ALTER TABLE audit_entry DISABLE TRIGGER {TRIGGER}"))
        else:
            conn.execute(text(f"DROP TRIGGER {TRIGGER}_update"))
            conn.execute(text(f"DROP TRIGGER {TRIGGER}_delete"))
        conn.execute(text(sql), params)
        if dialect == "postgresql":
            conn.execute(text(f"ALTER TABLE audit_entry ENABLE TRIGGER {TRIGGER}"))
        else:
            for statement in append_only_ddl(dialect):
                conn.execute(text(statement))
