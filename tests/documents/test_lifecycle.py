"""Life of a document: draft -> submitted -> signed -> issued -> superseded or revoked."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from intranet.accounts.models import User
from intranet.documents import services
from intranet.documents.models import Document, Status
from intranet.extensions import db
from tests.documents.conftest import document_row, post, text_of

OTHERS = ["staff", "unit_head", "inspector", "leader"]
# Those who draft no document (a unit head drafts the unit's plans and reports: test_signature).
NON_DRAFTERS = ["staff", "inspector", "leader"]


def form(symbol="36/KH-CĐBP", summary="Kế hoạch tuyên truyền gương điển hình tiên tiến", **extra):
    data = {
        "kind": "KH",
        "number_symbol": symbol,
        "issued_on": "2023-04-21",
        "summary": summary,
        "issued_place": "Bình Phước",
        "issuer_name": "Trường Cao đẳng Bình Phước",
        "unit_id": "0",
        "audience_all": "all",
    }
    data.update(extra)
    return data


def status_of(app, document_id) -> Status:
    return document_row(app, document_id).status


def action(client, document_id, verb, data=None, follow_redirects=True):
    return post(
        client,
        f"/documents/{document_id}/{verb}",
        data,
        token_from="/documents/",
        follow_redirects=follow_redirects,
    )


def count_documents(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Document)).scalar()


# --- publishing ------------------------------------------------------------------------------


def _sign(app, users, document_id: int) -> None:
    with app.app_context():
        document = db.session.get(Document, document_id)
        services.submit(document, db.session.get(User, users["secretariat"]))
        signature = services.Signature("Nguyễn Văn Thành", "HIỆU TRƯỞNG")
        services.sign(document, db.session.get(User, users["leader"]), signature)


def test_secretariat_issues_a_signed_draft(app, users, login_as, make_document):
    draft = make_document()
    client = login_as("secretariat")
    assert "Dự thảo: chỉ thường trực thi đua" in text_of(client.get(f"/documents/{draft}"))
    # A draft is not issued before a leader signs it.
    assert action(client, draft, "publish", follow_redirects=False).status_code == 403
    _sign(app, users, draft)
    page = text_of(action(client, draft, "publish"))
    assert "Đã ban hành 36/KH-CĐBP." in page
    assert "Dự thảo: chỉ thường trực thi đua" not in page
    row = document_row(app, draft)
    assert row.status == Status.PUBLISHED and row.published_at is not None


def test_publishing_twice_is_refused(app, login_as, make_document):
    document = make_document(publish=True)
    client = login_as("secretariat")
    assert "Ban hành</button>" not in text_of(client.get(f"/documents/{document}"))
    response = action(client, document, "publish", follow_redirects=False)
    assert response.status_code == 409  # issued: read-only for good
    assert status_of(app, document) == Status.PUBLISHED


# --- superseded and revoked: only by issuing a document that names it (test_signature.py) ------


@pytest.mark.parametrize("verb", ["revoke", "supersede"])
def test_an_issued_document_is_not_revoked_or_replaced_directly(app, login_as, make_document, verb):
    document = make_document(publish=True)
    make_document("40/KH-CĐBP", issued_on=date(2023, 9, 1), publish=True)
    data = {"reason": "Nhầm", "replacement": "40/KH-CĐBP"}
    response = action(login_as("secretariat"), document, verb, data, follow_redirects=False)
    assert response.status_code == 409
    assert "hãy ban hành văn bản sửa đổi, bổ sung / thay thế / đính chính" in text_of(response)
    assert status_of(app, document) == Status.PUBLISHED


@pytest.mark.parametrize("verb", ["revoke", "supersede"])
def test_a_draft_is_not_revoked_or_replaced(app, login_as, make_document, verb):
    draft = make_document()
    data = {"reason": "Nhầm", "replacement": "40/KH-CĐBP"}
    response = action(login_as("secretariat"), draft, verb, data, follow_redirects=False)
    assert response.status_code == 403
    assert status_of(app, draft) == Status.DRAFT


def test_revoked_document_still_reaches_its_audience_marked_revoked(app, login_as, make_document):
    document = make_document(publish=True)
    with app.app_context():
        services.revoke(db.session.get(Document, document), "Sai sót")
    page = text_of(login_as("staff").get(f"/documents/{document}"))
    assert "Văn bản đã bị thu hồi." in page and "Sai sót" in page


# --- only the secretariat -------------------------------------------------------------------


@pytest.mark.parametrize("who", NON_DRAFTERS)
def test_others_may_not_open_the_new_document_form(app, login_as, who):
    assert login_as(who).get("/documents/new").status_code == 403


@pytest.mark.parametrize("who", NON_DRAFTERS)
def test_others_may_not_create_a_document(app, login_as, who):
    client = login_as(who)
    response = post(client, "/documents/new", form(), token_from="/documents/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in text_of(response)
    assert count_documents(app) == 0


@pytest.mark.parametrize("who", NON_DRAFTERS)
def test_others_do_not_get_the_new_document_button(app, login_as, who):
    assert 'href="/documents/new"' not in text_of(login_as(who).get("/documents/"))


@pytest.mark.parametrize(("who", "status"), [("inspector", 403), ("leader", 403)])
def test_readers_of_drafts_may_not_edit_them(app, login_as, make_document, who, status):
    draft = make_document(summary="Bản gốc")
    client = login_as(who)
    assert client.get(f"/documents/{draft}/edit").status_code == status
    response = post(client, f"/documents/{draft}/edit", form(summary="Sửa trộm", version="1"))
    assert response.status_code == status
    assert document_row(app, draft).summary == "Bản gốc"


@pytest.mark.parametrize("who", ["staff", "unit_head"])
def test_staff_may_not_edit_a_draft_they_cannot_even_see(app, login_as, make_document, who):
    draft = make_document(summary="Bản gốc")
    response = post(login_as(who), f"/documents/{draft}/edit", form(summary="Sửa", version="1"))
    assert response.status_code == 404  # a draft does not exist for them
    assert document_row(app, draft).summary == "Bản gốc"


@pytest.mark.parametrize(
    ("who", "status"),
    [("inspector", 403), ("leader", 403), ("staff", 404), ("unit_head", 404)],
)
def test_others_may_not_publish(app, login_as, make_document, who, status):
    draft = make_document()
    response = action(login_as(who), draft, "publish", follow_redirects=False)
    assert response.status_code == status
    assert status_of(app, draft) == Status.DRAFT


@pytest.mark.parametrize("who", OTHERS)
def test_others_get_403_for_editing_a_document_they_can_read(app, login_as, make_document, who):
    document = make_document(summary="Bản đã ban hành", publish=True)
    client = login_as(who)
    assert client.get(f"/documents/{document}/edit").status_code == 409  # issued: read-only
    response = post(client, f"/documents/{document}/edit", form(summary="Sửa", version="2"))
    assert response.status_code == 409  # issued: read-only
    assert document_row(app, document).summary == "Bản đã ban hành"


@pytest.mark.parametrize("who", OTHERS)
def test_others_get_403_for_publishing_a_document_they_can_read(app, login_as, make_document, who):
    document = make_document(publish=True)
    response = action(login_as(who), document, "publish", follow_redirects=False)
    assert response.status_code == 409  # issued: read-only
    assert "Văn bản đã ban hành không sửa được" in text_of(response)


@pytest.mark.parametrize("who", OTHERS)
def test_others_may_not_revoke(app, login_as, make_document, who):
    document = make_document(publish=True)
    response = action(login_as(who), document, "revoke", {"reason": "x"}, follow_redirects=False)
    assert response.status_code == 409  # issued: read-only
    assert status_of(app, document) == Status.PUBLISHED


@pytest.mark.parametrize("who", OTHERS)
def test_others_may_not_supersede(app, login_as, make_document, who):
    document = make_document("36/KH-CĐBP", publish=True)
    make_document("40/KH-CĐBP", issued_on=date(2023, 9, 1), publish=True)
    response = action(
        login_as(who), document, "supersede", {"replacement": "40/KH-CĐBP"}, follow_redirects=False
    )
    assert response.status_code == 409  # issued: read-only
    assert status_of(app, document) == Status.PUBLISHED


# --- editing ---------------------------------------------------------------------------------


def edit_form(client, document_id) -> dict:
    """The fields of the edit page as the browser would send them back."""
    page = client.get(f"/documents/{document_id}/edit").get_data(as_text=True)
    version = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', page)
    assert version, "no version field on the edit page"
    return form(version=version.group(1))


def test_secretariat_edits_a_draft(app, login_as, make_document):
    draft = make_document(summary="Bản gốc")
    client = login_as("secretariat")
    fields = edit_form(client, draft)
    fields["summary"] = "Trích yếu đã sửa"
    page = text_of(post(client, f"/documents/{draft}/edit", fields, follow_redirects=True))
    assert "Đã lưu 36/KH-CĐBP." in page and "Trích yếu đã sửa" in page
    assert document_row(app, draft).summary == "Trích yếu đã sửa"


def test_editing_a_published_document_is_refused(app, login_as, make_document):
    document = make_document(summary="Bản đã ban hành", publish=True)
    client = login_as("secretariat")
    assert "Sửa dự thảo" not in text_of(client.get(f"/documents/{document}"))
    assert client.get(f"/documents/{document}/edit").status_code == 409  # issued: read-only
    response = post(client, f"/documents/{document}/edit", form(summary="Sửa", version="2"))
    assert response.status_code == 409  # issued: read-only
    assert document_row(app, document).summary == "Bản đã ban hành"


def test_second_edit_from_a_stale_form_gets_a_conflict_and_the_first_is_kept(
    app, login_as, make_document
):
    draft = make_document(summary="Bản gốc")
    first, second = login_as("secretariat"), login_as("secretariat")
    stale_a, stale_b = edit_form(first, draft), edit_form(second, draft)
    stale_a["summary"] = "Sửa lần thứ nhất"
    stale_b["summary"] = "Sửa lần thứ hai"
    assert post(first, f"/documents/{draft}/edit", stale_a).status_code == 302
    response = post(second, f"/documents/{draft}/edit", stale_b)
    assert response.status_code == 200
    assert "Văn bản đã được người khác sửa trong lúc bạn đang sửa." in text_of(response)
    assert document_row(app, draft).summary == "Sửa lần thứ nhất"


def test_same_stale_form_sent_twice_is_refused_the_second_time(app, login_as, make_document):
    draft = make_document(summary="Bản gốc")
    client = login_as("secretariat")
    stale = edit_form(client, draft)
    stale["summary"] = "Sửa lần thứ nhất"
    assert post(client, f"/documents/{draft}/edit", stale).status_code == 302
    stale["summary"] = "Sửa lần thứ hai"
    response = post(client, f"/documents/{draft}/edit", stale)
    assert "Văn bản đã được người khác sửa" in text_of(response)
    assert document_row(app, draft).summary == "Sửa lần thứ nhất"


def test_conflict_page_offers_the_current_version_to_retry(app, login_as, make_document):
    draft = make_document(summary="Bản gốc")
    client = login_as("secretariat")
    stale = edit_form(client, draft)
    assert post(client, f"/documents/{draft}/edit", dict(stale, summary="A")).status_code == 302
    page = post(client, f"/documents/{draft}/edit", dict(stale, summary="B")).get_data(as_text=True)
    current = document_row(app, draft).version
    assert f'name="version" type="hidden" value="{current}"' in page


def test_edit_sent_without_the_basis_field_is_saved_not_an_error(app, login_as, make_document):
    draft = make_document(basis=["Luật Thi đua, khen thưởng ngày 15/6/2022"])
    client = login_as("secretariat")
    fields = edit_form(client, draft)  # a client that leaves out the (empty) basis field
    fields["summary"] = "Trích yếu mới"
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = post(client, f"/documents/{draft}/edit", fields)
    assert response.status_code == 302
    assert document_row(app, draft).summary == "Trích yếu mới"


def test_summary_with_markup_is_shown_as_text(app, login_as, make_document):
    document = make_document(
        summary='<script>alert("x")</script> Về việc khen thưởng', publish=True
    )
    page = login_as("staff").get(f"/documents/{document}").get_data(as_text=True)
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
