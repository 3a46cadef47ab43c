"""Fixtures of the API tests: clients with Bearer tokens or signed-in sessions, and records
made through the areas' services, as the pages make them."""

import io
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet.accounts import tokens
from intranet.accounts.models import Unit, User
from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests.conftest import csrf_token

PROBLEM = "application/problem+json"
EVIDENCE_TEXT = "Giấy chứng nhận hoàn thành xuất sắc nhiệm vụ năm 2024.\n".encode()


class ApiClient:
    """A test client that sends its Bearer token (or a session's CSRF token) with each call."""

    def __init__(self, client, token: str | None = None, csrf: str | None = None):
        self.client, self.token, self.csrf = client, token, csrf

    def _headers(self, headers: dict | None) -> dict:
        out = {}
        if self.token:
            out["Authorization"] = f"Bearer {self.token}"
        if self.csrf:
            out["X-CSRFToken"] = self.csrf
        return out | (headers or {})

    def open(self, method: str, path: str, headers=None, **kwargs):
        return self.client.open(path, method=method, headers=self._headers(headers), **kwargs)

    def get(self, path, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.open("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.open("PATCH", path, **kwargs)

    def upload(self, path, files: dict, data: dict | None = None, **kwargs):
        """A multipart POST: ``files`` maps a field to (name, bytes) or a list of them."""
        body = dict(data or {})
        for field, value in files.items():
            items = value if isinstance(value, list) else [value]
            body[field] = [(io.BytesIO(content), name) for name, content in items]
        return self.post(path, data=body, content_type="multipart/form-data", **kwargs)


def user_of(key: str, users: dict) -> User:
    return db.session.get(User, users[key])


@pytest.fixture
def token_for(app, users):
    """token_for("staff", days=90) -> a new API token of that user (the secret)."""

    def make(key: str, days: int = 90, name: str = "kiểm thử") -> str:
        with app.app_context():
            _token, secret = tokens.create_token(user_of(key, users), name, days)
            return secret

    return make


@pytest.fixture
def api(app, token_for):
    """api("staff") -> an ApiClient authenticated by a Bearer token of that user."""

    def make(key: str) -> ApiClient:
        return ApiClient(app.test_client(), token=token_for(key))

    return make


@pytest.fixture
def session_api(login_as):
    """session_api("staff") -> an ApiClient signed in through the form, with the CSRF header."""

    def make(key: str, with_csrf: bool = True) -> ApiClient:
        client = login_as(key)
        return ApiClient(client, csrf=csrf_token(client, "/profile") if with_csrf else None)

    return make


@pytest.fixture
def anon(app) -> ApiClient:
    return ApiClient(app.test_client())


def unit_ids(app) -> dict[str, int]:
    with app.app_context():
        return {u.code: u.id for u in db.session.execute(select(Unit)).scalars()}


@pytest.fixture
def make_document(app, users):
    """make_document("36/KH-CĐBP", publish=True, units=["KKT"]) -> id, by the secretariat."""

    def make(
        symbol: str = "36/KH-CĐBP",
        *,
        publish: bool = False,
        units: list[str] | None = None,
        issued_on: date = date(2023, 4, 21),
        summary: str = "Thực hiện Đề án tuyên truyền gương điển hình tiên tiến",
        attachments: list[tuple[str, bytes]] | None = None,
    ) -> int:
        codes = unit_ids(app)
        with app.app_context():
            author = user_of("secretariat", users)
            data = documents.DocumentData(
                kind=symbol.split("/")[1].split("-")[0],
                number_symbol=symbol,
                issued_on=issued_on,
                summary=summary,
                audience_all=not units,
                audience_units=[codes[c] for c in units or []],
            )
            document = documents.save_document(None, data, author)
            if attachments:
                from intranet.documents import files

                uploads = [FileStorage(io.BytesIO(c), filename=n) for n, c in attachments]
                files.attach(document, uploads, author)
            if publish:
                documents.publish(document, author)
            return document.id

    return make


@pytest.fixture
def make_exemplar(app, users):
    """make_exemplar("staff", stage="endorsed") -> id; steps taken by the right people."""

    def make(owner: str = "staff", *, stage: str = "draft", name: str = "Nguyễn Thị Lan") -> int:
        with app.app_context():
            user = user_of(owner, users)
            data = exemplars.ExemplarData(
                subject="individual",
                year=2024,
                achievement="Hoàn thành xuất sắc nhiệm vụ giảng dạy",
                name=name,
            )
            exemplar = exemplars.save_exemplar(None, data, user)
            upload = FileStorage(io.BytesIO(EVIDENCE_TEXT), filename="giấy chứng nhận.txt")
            evidence = exemplars.add_evidence(exemplar, upload, user, "Giấy chứng nhận")
            if stage in ("submitted", "endorsed", "recognised"):
                exemplars.take_step(exemplar, "submit", user)
            if stage in ("endorsed", "recognised"):
                head = user_of("unit_head", users)
                exemplars.review_evidence(evidence, "accepted", head, "Đúng thực tế.")
                exemplars.take_step(exemplar, "endorse", head)
            if stage == "recognised":
                exemplars.take_step(exemplar, "recognise", user_of("secretariat", users))
            return exemplar.id

    return make


def evidence_of(app, exemplar_id: int) -> int:
    with app.app_context():
        return db.session.get(Exemplar, exemplar_id).live_evidence[0].id


def document_status(app, document_id: int) -> str:
    with app.app_context():
        return db.session.get(Document, document_id).status.value


def audit_available() -> bool:
    """Whether this build has the audit trail, and so /api/v1/audit."""
    try:
        import intranet.api.audit  # noqa: F401
    except ImportError:
        return False
    return True


def assert_problem(response, status: int, *, lang: str = "vi") -> dict:
    """The response is a problem+json of ``status``; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM, response.mimetype
    body = response.get_json(force=True)
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= set(body)
    return body
