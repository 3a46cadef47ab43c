"""Helpers of the audit tests: acting as a user from an address, documents and nominations made
through the services, the trail read back, and tampering with it as an intruder with SQL would."""

import io
import json
from contextlib import contextmanager
from datetime import date

import pytest
from flask_login import login_user
from sqlalchemy import select, text
from werkzeug.datastructures import FileStorage

from intranet.accounts.models import Unit, User
from intranet.audit.models import TRIGGER, AuditEntry, append_only_ddl
from intranet.documents import files
from intranet.documents import services as documents
from intranet.exemplars import services as exemplars
from intranet.extensions import db

# A PDF small enough to write here; the file store accepts it (tests/documents use it too).
MINI_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
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


def _upload(name: str, content: bytes) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


@pytest.fixture
def make_document(app, acting_as):
    """make_document("12/KH-CĐBP", units=["KKT"], attachment=True, publish=True) -> id."""

    def _make(
        symbol="12/KH-CĐBP", *, units=None, attachment=False, publish=False, summary=None
    ) -> int:
        with acting_as("secretariat") as author:
            codes = {u.code: u.id for u in db.session.execute(select(Unit)).scalars()}
            data = documents.DocumentData(
                kind="KH",
                number_symbol=symbol,
                issued_on=date(2024, 3, 1),
                summary=summary or "Kế hoạch tổ chức phong trào thi đua năm 2024",
                audience_all=not units,
                audience_units=[codes[c] for c in units or []],
            )
            document = documents.save_document(None, data, author)
            if attachment:
                files.attach(document, [_upload("ke-hoach.pdf", MINI_PDF)], author)
            if publish:
                documents.publish(document, author)
            return document.id

    return _make


@pytest.fixture
def make_exemplar(app, acting_as):
    """make_exemplar(evidence=True) -> (exemplar id, evidence id or None), owned by "staff"."""

    def _make(evidence: bool = False) -> tuple[int, int | None]:
        with acting_as("staff") as owner:
            data = exemplars.ExemplarData(
                subject="individual",
                year=2024,
                achievement="Giảng viên dạy giỏi cấp trường",
                person_id=owner.id,
            )
            exemplar = exemplars.save_exemplar(None, data, owner)
            evidence_id = None
            if evidence:
                upload = _upload("giay-khen.pdf", MINI_PDF)
                added = exemplars.add_evidence(exemplar, upload, owner, "Giấy khen")
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
