"""Fixtures of the API tests: clients with Bearer tokens or signed-in sessions, and records
made through the areas' services, as the pages make them."""

import io

import pytest

from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.documents.models import Document
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests import factories
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
        return factories.unit_ids()


@pytest.fixture
def make_document(app, users):
    """make_document("36/KH-CĐBP", publish=True, units=["KKT"]) -> id, by the secretariat."""

    def make(symbol: str = "36/KH-CĐBP", **options) -> int:
        with app.app_context():
            author = user_of("secretariat", users)
            kind = symbol.split("/")[1].split("-")[0]
            return factories.document(author, symbol, kind=kind, **options).id

    return make


@pytest.fixture
def make_exemplar(app, users):
    """make_exemplar("staff", stage="endorsed") -> id; steps taken by the right people."""

    def make(owner: str = "staff", *, stage: str = "draft", name: str = "Nguyễn Thị Lan") -> int:
        with app.app_context():
            user = user_of(owner, users)
            exemplar = factories.exemplar(user, name=name)
            factories.evidence(exemplar, user, "giấy chứng nhận.txt", EVIDENCE_TEXT)
            factories.advance(
                exemplar,
                stage,
                owner=user,
                head=user_of("unit_head", users),
                secretariat=user_of("secretariat", users),
            )
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
