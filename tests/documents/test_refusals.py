"""Refusals on the documents pages: 404 for what the reader may not see, 403 for an action on
what they may see, each written to the audit trail; the page and the API list the same."""

import io

import pytest
from sqlalchemy import select

from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from tests.documents.conftest import MINI_PDF, document_row, listed, post, text_of, versions_of


@pytest.fixture
def restricted(make_document):
    """A decision published to Khoa Kinh tế (KKT) only, with a file."""
    return make_document(
        "125/QĐ-CĐBP", units=["KKT"], publish=True, attachments=[("Quyết định.pdf", MINI_PDF)]
    )


@pytest.fixture
def bearer(app, users):
    """bearer("staff") -> the Authorization header of a new API token of that user."""

    def make(key: str) -> dict:
        with app.app_context():
            user = db.session.get(User, users[key])
            _token, secret = tokens.create_token(user, "kiểm thử", 30)
        return {"Authorization": f"Bearer {secret}"}

    return make


def denials(app) -> list[tuple[str, int | None, int | None, str]]:
    """The refusals in the trail: (record type, record id, actor id, summary)."""
    with app.app_context():
        rows = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "denied").order_by(AuditEntry.seq)
        ).scalars()
        return [(e.record_type, e.record_id, e.actor_id, e.summary) for e in rows]


def file_ids(app, document_id) -> tuple[int, int]:
    ((file_id, version_id, _name, _sha),) = versions_of(app, document_id)
    return file_id, version_id


# --- 404: the record does not exist for the reader ---------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/documents/{doc}/edit",
        "/documents/{doc}/readers",
        "/documents/files/v/{version}/download",
        "/documents/files/v/{version}/preview",
    ],
)
def test_outsider_gets_404_for_a_restricted_document_page(app, login_as, restricted, path):
    _file_id, version_id = file_ids(app, restricted)
    client = login_as("staff")
    assert client.get(path.format(doc=restricted, version=version_id)).status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/documents/{doc}/files", {"files": "upload"}),
        ("/documents/files/{file}/versions", {"file": "upload"}),
        ("/documents/files/{file}/delete", {}),
        ("/documents/{doc}/publish", {}),
        ("/documents/{doc}/revoke", {"reason": "Thu hồi"}),
        ("/documents/{doc}/tasks", {"description": "Nhiệm vụ"}),
    ],
)
def test_outsider_gets_404_for_any_action_on_a_restricted_document(
    app, login_as, restricted, path, data
):
    file_id, _version = file_ids(app, restricted)
    before = versions_of(app, restricted)
    form = {
        k: (io.BytesIO(b"%PDF-1.4 new"), "x.pdf") if v == "upload" else v for k, v in data.items()
    }
    response = post(login_as("staff"), path.format(doc=restricted, file=file_id), form)
    assert response.status_code == 404
    assert versions_of(app, restricted) == before
    assert document_row(app, restricted).status.value == "published"


# --- 403: an action on a record the reader may see; 409: any change once issued ---------------

ISSUED_MESSAGE = "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung"


@pytest.fixture
def draft(make_document):
    """A decision drafted by the secretariat, with a file: the leader reads, does not change it."""
    return make_document("125/QĐ-CĐBP", attachments=[("Quyết định.pdf", MINI_PDF)])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/documents/{doc}/edit"),
        ("get", "/documents/{doc}/readers"),
        ("post", "/documents/{doc}/publish"),
        ("post", "/documents/{doc}/revoke"),
        ("post", "/documents/{doc}/files"),
        ("post", "/documents/files/{file}/delete"),
    ],
)
def test_a_leader_gets_403_for_a_change_to_a_draft(app, login_as, draft, method, path):
    file_id, _version = file_ids(app, draft)
    before = versions_of(app, draft)
    client = login_as("leader")
    url = path.format(doc=draft, file=file_id)
    form = {"reason": "x", "files": (io.BytesIO(b"%PDF-1.4 new"), "x.pdf")}
    response = client.get(url) if method == "get" else post(client, url, form)
    assert response.status_code == 403
    assert "Không có quyền" in text_of(response)
    assert document_row(app, draft).status.value == "draft"
    assert versions_of(app, draft) == before


def test_member_of_the_audience_gets_403_for_the_readers_list(app, login_as, restricted):
    response = login_as("other_staff").get(f"/documents/{restricted}/readers")
    assert response.status_code == 403
    assert "Không có quyền" in text_of(response)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/documents/{doc}/edit"),
        ("post", "/documents/{doc}/revoke"),
        ("post", "/documents/{doc}/files"),
        ("post", "/documents/files/{file}/versions"),
        ("post", "/documents/files/{file}/delete"),
    ],
)
@pytest.mark.parametrize("who", ["other_staff", "secretariat"])
def test_a_change_to_an_issued_document_is_409_with_what_to_issue_instead(
    app, login_as, restricted, method, path, who
):
    file_id, _version = file_ids(app, restricted)
    before = versions_of(app, restricted)
    client = login_as(who)
    url = path.format(doc=restricted, file=file_id)
    form = {
        "reason": "x",
        "files": (io.BytesIO(b"%PDF-1.4 new"), "x.pdf"),
        "file": (io.BytesIO(b"%PDF-1.4 new"), "x.pdf"),
    }
    response = client.get(url) if method == "get" else post(client, url, form)
    assert response.status_code == 409
    assert ISSUED_MESSAGE in text_of(response) and "125/QĐ-CĐBP" in text_of(response)
    assert document_row(app, restricted).status.value == "published"
    assert versions_of(app, restricted) == before


def test_new_document_button_follows_the_rule(app, login_as):
    assert 'href="/documents/new"' in text_of(login_as("secretariat").get("/documents/"))
    assert 'href="/documents/new"' not in text_of(login_as("other_staff").get("/documents/"))


# --- the trail ---------------------------------------------------------------------------------


def test_a_404_is_written_to_the_trail(app, login_as, users, restricted):
    assert login_as("staff").get(f"/documents/{restricted}").status_code == 404
    ((kind, record_id, actor, summary),) = denials(app)
    assert (kind, record_id, actor) == ("document", restricted, users["staff"])
    assert "404" in summary


def test_a_403_is_written_to_the_trail_with_its_action(app, login_as, users, draft):
    assert login_as("leader").get(f"/documents/{draft}/edit").status_code == 403
    ((kind, record_id, actor, summary),) = denials(app)
    assert (kind, record_id, actor) == ("document", draft, users["leader"])
    assert "403" in summary and "edit" in summary


def test_a_crawler_probing_ids_does_not_flood_the_trail(app, login_as, restricted):
    client = login_as("staff")
    for document_id in range(1000, 1030):
        assert client.get(f"/documents/{document_id}").status_code == 404
    assert len(denials(app)) <= 10


# --- editing: the version is the service's argument ------------------------------------------


def test_edit_page_sent_without_its_version_is_refused_and_nothing_saved(
    app, login_as, make_document
):
    draft = make_document(summary="Bản gốc")
    client = login_as("secretariat")
    data = {
        "kind": "KH",
        "number_symbol": "36/KH-CĐBP",
        "issued_on": "2023-04-21",
        "summary": "Ghi đè",
        "unit_id": "0",
        "audience_all": "all",
    }
    response = post(client, f"/documents/{draft}/edit", data)
    assert response.status_code == 428
    assert document_row(app, draft).summary == "Bản gốc"


# --- the page and the API list the same documents ---------------------------------------------


@pytest.mark.parametrize("who", ["staff", "other_staff", "unit_head", "secretariat", "inspector"])
def test_page_and_api_list_the_same_documents(app, login_as, bearer, make_document, who):
    make_document("36/KH-CĐBP", publish=True)
    make_document("125/QĐ-CĐBP", units=["KKT"], publish=True)
    make_document("12/TB-CĐBP", roles=["unit_head"], publish=True)
    make_document("13/TB-CĐBP")  # a draft
    page = listed(login_as(who).get("/documents/"))
    api = app.test_client().get("/api/v1/documents?per_page=100", headers=bearer(who))
    assert api.status_code == 200
    assert page == [d["symbol"] for d in api.get_json()["items"]]
    assert page  # every one of them sees something
