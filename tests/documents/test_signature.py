"""The life of an issued record (issue 14): drafted, submitted, signed by a leader, issued with
the number taken then; read-only for good once issued, changed only by another issued document.
"""

import io
import re

import pytest

from intranet import clock
from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.documents import plans
from intranet.documents.models import Document, DocumentFile, PlanTask, Status
from intranet.exemplars.models import AwardLine
from intranet.extensions import db
from tests import factories
from tests.api.conftest import ApiClient
from tests.documents.conftest import post, text_of

ISSUED_MESSAGE = "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung"


@pytest.fixture
def api(app, users):
    def make(key: str) -> ApiClient:
        with app.app_context():
            secret = tokens.create_token(db.session.get(User, users[key]), "kiểm thử", 30)[1]
        return ApiClient(app.test_client(), token=secret)

    return make


def _row(app, document_id: int) -> dict:
    with app.app_context():
        d = db.session.get(Document, document_id)
        return {
            "status": d.status,
            "symbol": d.symbol,
            "number": d.number,
            "version": d.version,
            "signed_by": d.signed_by_id,
            "signer": (d.signer_authority, d.signer_title, d.signer_name),
            "issued_by": d.issued_by_id,
            "files": len(d.live_files),
            "versions": sum(len(f.versions) for f in d.files),
            "tasks": len(d.tasks),
            "lines": db.session.query(AwardLine).filter_by(document_id=d.id).count(),
            "audience_all": d.audience_all,
            "summary": d.summary,
        }


# A unit head drafts, a leader signs, the secretariat issues --------------------------------------


def test_unit_head_drafts_a_leader_signs_the_secretariat_issues_with_the_number_then(
    app, users, login_as, make_document
):
    with app.app_context():
        year = clock.today().year
    make_document("04/KH-KCNTT", unit="KCNTT", publish=True, issued_on=factories.date(year, 1, 5))
    head, leader, secretariat = login_as("unit_head"), login_as("leader"), login_as("secretariat")
    assert head.get("/documents/new").status_code == 200
    form = {
        "kind": "KH",
        "number_symbol": "…/KH-KCNTT",
        "issued_on": "2025-07-01",
        "summary": "Kế hoạch tuyên truyền điển hình của Khoa năm 2025",
        "unit_id": "0",
        "audience_all": "all",
        "relation": "",
    }
    # Another unit's symbol, or a number typed by the unit, is refused.
    refused = post(head, "/documents/new", form | {"number_symbol": "…/KH-KKT"}, "/documents/new")
    assert "…/KH-KCNTT" in text_of(refused)
    refused = post(head, "/documents/new", form | {"number_symbol": "9/KH-KCNTT"}, "/documents/new")
    assert "Số văn bản do văn thư cấp khi ban hành" in text_of(refused)
    saved = post(head, "/documents/new", form, "/documents/new")
    assert saved.status_code == 302
    document_id = int(re.search(r"/documents/(\d+)", saved.location).group(1))
    row = _row(app, document_id)
    assert (row["status"], row["number"], row["symbol"]) == (Status.DRAFT, None, "…/KH-KCNTT")
    assert "Số: …/KH-KCNTT" in text_of(head.get(f"/documents/{document_id}"))
    # The draft is the unit's: its head sees it, others of the staff do not.
    assert login_as("staff").get(f"/documents/{document_id}").status_code == 404
    assert login_as("other_staff").get(f"/documents/{document_id}").status_code == 404
    # Only a leader signs; the head submits.
    assert post(head, f"/documents/{document_id}/sign", {"signer_title": "X"}).status_code == 403
    assert post(head, f"/documents/{document_id}/submit").status_code == 302
    assert _row(app, document_id)["status"] == Status.SUBMITTED
    assert "Chờ ký" in text_of(leader.get("/documents/"))
    assert f"/documents/{document_id}" in text_of(leader.get("/documents/?status=submitted"))
    # Returned with a reason: a draft again, the reason shown; then submitted again.
    returned = post(leader, f"/documents/{document_id}/return", {"reason": "Bổ sung chỉ tiêu"})
    assert returned.status_code == 302
    assert _row(app, document_id)["status"] == Status.DRAFT
    assert "Bổ sung chỉ tiêu" in text_of(head.get(f"/documents/{document_id}"))
    post(head, f"/documents/{document_id}/submit")
    sign = {
        "signer_authority": "KT. HIỆU TRƯỞNG",
        "signer_title": "PHÓ HIỆU TRƯỞNG",
        "signer_name": "Nguyễn Bích Liên",
    }
    assert post(secretariat, f"/documents/{document_id}/sign", sign).status_code == 403
    assert post(leader, f"/documents/{document_id}/sign", sign).status_code == 302
    row = _row(app, document_id)
    assert row["status"] == Status.SIGNED and row["signed_by"] == users["leader"]
    assert row["signer"] == ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Nguyễn Bích Liên")
    assert post(head, f"/documents/{document_id}/publish").status_code == 403
    assert post(secretariat, f"/documents/{document_id}/publish").status_code == 302
    row = _row(app, document_id)
    # The number is taken at issue: the next free one of the unit in the year of issue.
    assert row["status"] == Status.PUBLISHED and row["issued_by"] == users["secretariat"]
    assert row["number"] == 5
    assert row["symbol"].endswith("5/KH-KCNTT")
    page = text_of(login_as("other_staff").get(f"/documents/{document_id}"))
    assert "KT. HIỆU TRƯỞNG" in page and "Nguyễn Bích Liên" in page


def test_signing_through_the_api_records_signer_authority_and_date(app, api, users):
    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        document = factories.document(secretariat, "…/QĐ-CĐBP", kind="QĐ")
        document_id = document.id
    assert api("secretariat").post(f"/api/v1/documents/{document_id}/submit").status_code == 200
    bad = api("leader").post(
        f"/api/v1/documents/{document_id}/sign", json={"signer_authority": "XY. HIỆU TRƯỞNG"}
    )
    assert bad.status_code == 422
    signed = api("leader").post(
        f"/api/v1/documents/{document_id}/sign",
        json={"signer_authority": "TL. HIỆU TRƯỞNG", "signer_title": "TRƯỞNG PHÒNG HC-TC"},
    )
    assert signed.status_code == 200, signed.get_json()
    body = signed.get_json()
    assert body["status"] == "signed" and body["number"] is None
    assert body["signer_authority"] == "TL. HIỆU TRƯỞNG"
    assert body["signed_by"]["id"] == users["leader"] and body["signed_at"]
    issued = api("secretariat").post(f"/api/v1/documents/{document_id}/publish").get_json()
    assert issued["status"] == "published" and issued["number"] == 1
    assert issued["issued_by"]["id"] == users["secretariat"]


# Once issued: read-only for everyone, 409 with the message ---------------------------------------


@pytest.fixture
def issued(app, users):
    """An issued decision with an award line and a file, and an issued plan with a task."""
    with app.app_context():
        factories.seed_catalogues()
        secretariat = db.session.get(User, users["secretariat"])
        form_id = factories.catalogue_id("form", "Giấy khen")
        decision = factories.decision(secretariat, 98, year=2023, unit="HCTC")
        line = factories.award_line(
            decision, secretariat, unit_id=secretariat.unit_id, form_id=form_id
        )
        files_ = [("quyet-dinh.txt", b"Quyet dinh 98\n")]
        factories.files.attach(decision, [factories.upload(*f) for f in files_], secretariat)
        factories.documents.publish(decision, secretariat)
        plan = factories.document(
            secretariat, "36/KH-CĐBP", attachments=[("ke-hoach.txt", b"Ke hoach 36\n")]
        )
        plans.add_task(plan, "Tuyên truyền", assignee_text="Các đơn vị")
        factories.documents.publish(plan, secretariat)
        return {
            "decision": decision.id,
            "line": line.id,
            "decision_file": decision.files[0].id,
            "plan": plan.id,
            "plan_file": plan.files[0].id,
            "task": plan.tasks[0].id,
            "form_id": form_id,
            "unit": secretariat.unit_id,
        }


def _page_changes(ids: dict, key: str) -> list[tuple[str, dict]]:
    doc, file_ = ids[key], ids[f"{key}_file"]
    upload = {"files": [(io.BytesIO(b"Them\n"), "them.txt")]}
    changes = [
        (f"/documents/{doc}/edit", {"summary": "Sửa", "number_symbol": "x", "kind": "KH"}),
        (f"/documents/{doc}/files", upload),
        (f"/documents/files/{file_}/versions", {"file": (io.BytesIO(b"Moi\n"), "moi.txt")}),
        (f"/documents/files/{file_}/delete", {}),
        (f"/documents/{doc}/tasks", {"description": "Thêm", "assignee_text": "Khoa"}),
        (f"/documents/{doc}/submit", {}),
        (f"/documents/{doc}/revoke", {"reason": "Thu hồi"}),
        (f"/documents/{doc}/supersede", {"replacement": "1/KH-CĐBP"}),
    ]
    if key == "plan":
        changes.append((f"/documents/{doc}/tasks/{ids['task']}/delete", {}))
    if key == "decision":
        line = {"unit_id": str(ids["unit"]), "form_id": str(ids["form_id"]), "amount": "0"}
        changes += [
            (f"/exemplars/decisions/{doc}", line),
            (f"/exemplars/decisions/lines/{ids['line']}/delete", {}),
        ]
    return changes


def _api_changes(ids: dict, key: str) -> list[tuple[str, str, dict]]:
    doc, file_ = ids[key], ids[f"{key}_file"]
    changes = [
        ("PATCH", f"/api/v1/documents/{doc}", {"json": {"summary": "Sửa", "version": 99}}),
        ("PATCH", f"/api/v1/documents/{doc}", {"json": {"audience_all": False, "version": 9}}),
        ("POST", f"/api/v1/documents/{doc}/submit", {}),
        ("POST", f"/api/v1/documents/{doc}/publish", {}),
        ("POST", f"/api/v1/documents/{doc}/revoke", {"json": {"reason": "Thu hồi"}}),
        ("POST", f"/api/v1/documents/{doc}/supersede", {"json": {"replacement_id": doc}}),
        (
            "POST",
            f"/api/v1/documents/{doc}/files",
            {"data": {"files": (io.BytesIO(b"x\n"), "x.txt")}},
        ),
        (
            "POST",
            f"/api/v1/documents/{doc}/files/{file_}/versions",
            {"data": {"file": (io.BytesIO(b"y\n"), "y.txt")}},
        ),
    ]
    if key == "decision":
        line = {"unit_id": ids["unit"], "form_id": ids["form_id"], "amount": 0}
        changes.append(("POST", f"/api/v1/decisions/{doc}/lines", {"json": line}))
    return changes


@pytest.mark.parametrize("key", ["decision", "plan"])
@pytest.mark.parametrize("reader", ["secretariat", "leader", "staff"])
def test_an_issued_record_refuses_every_change_on_pages_with_409(
    app, login_as, issued, key, reader
):
    client = login_as(reader)
    before = _row(app, issued[key])
    page = text_of(client.get(f"/documents/{issued[key]}"))
    for marker in ("Sửa dự thảo", "Tải phiên bản mới", "Thêm nhiệm vụ", "Trình ký", "Xoá"):
        assert marker not in page, f"the issued {key}'s page offers {marker!r}"
    if key == "decision":
        lines_page = text_of(client.get(f"/exemplars/decisions/{issued[key]}"))
        assert "Thêm vào danh sách" not in lines_page and ">Xoá<" not in lines_page
    wrong = []
    for path, data in _page_changes(issued, key):
        response = post(client, path, data, content_type="multipart/form-data")
        if response.status_code != 409 or ISSUED_MESSAGE not in text_of(response):
            wrong.append(f"POST {path}: {response.status_code}")
    assert client.get(f"/documents/{issued[key]}/edit").status_code == 409
    assert not wrong, "; ".join(wrong)
    assert _row(app, issued[key]) == before


@pytest.mark.parametrize("key", ["decision", "plan"])
@pytest.mark.parametrize("reader", ["secretariat", "staff"])
def test_an_issued_record_refuses_every_change_in_the_api_with_409(app, api, issued, key, reader):
    client = api(reader)
    before = _row(app, issued[key])
    wrong = []
    for method, path, kwargs in _api_changes(issued, key):
        response = client.open(method, path, headers={"If-Match": '"1"'}, **kwargs)
        detail = (response.get_json() or {}).get("detail") or ""
        if response.status_code != 409 or ISSUED_MESSAGE not in detail:
            wrong.append(f"{method} {path}: {response.status_code} {detail[:60]}")
    assert not wrong, "; ".join(wrong)
    assert _row(app, issued[key]) == before


def test_the_services_refuse_too(app, users, issued):
    from intranet.documents import files
    from intranet.documents.errors import Issued

    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        plan = db.session.get(Document, issued["plan"])
        with pytest.raises(Issued):
            plans.remove_task(plan, issued["task"])
        with pytest.raises(Issued):
            files.trash(db.session.get(DocumentFile, issued["plan_file"]), secretariat)
        assert db.session.get(PlanTask, issued["task"]) is not None


# Amended, replaced, revoked only by another issued document that names it -------------------------


def _issue_through_the_chain(app, users, symbol, **fields) -> int:
    from intranet.documents import services

    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        leader = db.session.get(User, users["leader"])
        document = factories.document(secretariat, symbol, **fields)
        services.submit(document, secretariat)
        services.sign(document, leader, services.Signature("Nguyễn Văn Thành", "HIỆU TRƯỞNG", ""))
        services.issue(document, secretariat)
        return document.id


@pytest.mark.parametrize(
    ("relation", "status", "label", "passive"),
    [
        ("amends", Status.PUBLISHED, "Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
        ("corrects", Status.PUBLISHED, "Đính chính", "Được đính chính bởi"),
        ("replaces", Status.SUPERSEDED, "Thay thế", "Được thay thế bởi"),
        ("revokes", Status.REVOKED, "Bãi bỏ", "Bị bãi bỏ bởi"),
    ],
)
def test_an_amending_decision_links_both_ways_and_changes_the_target_when_issued(
    app, users, login_as, api, issued, relation, status, label, passive
):
    target = issued["decision"]
    amending = _issue_through_the_chain(
        app,
        users,
        "…/QĐ-CĐBP",
        kind="QĐ",
        relation=relation,
        relation_target="98/QĐ-CĐBP",
    )
    target_row = _row(app, target)
    assert target_row["status"] == status
    amending_symbol = _row(app, amending)["symbol"]
    staff = login_as("staff")
    target_page = text_of(staff.get(f"/documents/{target}"))
    assert passive in target_page and f'href="/documents/{amending}"' in target_page
    amending_page = text_of(staff.get(f"/documents/{amending}"))
    assert label in amending_page and f'href="/documents/{target}"' in amending_page
    body = api("staff").get(f"/api/v1/documents/{target}").get_json()
    assert body["related_by"] == [
        {"relation": relation, "document_id": amending, "symbol": amending_symbol}
    ]
    body = api("staff").get(f"/api/v1/documents/{amending}").get_json()
    assert body["relations"] == [
        {"relation": relation, "document_id": target, "symbol": "98/QĐ-CĐBP"}
    ]


def test_a_draft_naming_a_document_changes_nothing_until_it_is_issued(app, users, issued):
    from intranet.documents import services

    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        draft = factories.document(
            secretariat, "…/QĐ-CĐBP", kind="QĐ", relation="revokes", relation_target="98/QĐ-CĐBP"
        )
        assert db.session.get(Document, issued["decision"]).status == Status.PUBLISHED
        with pytest.raises(services.DocumentError, match="Không có văn bản"):
            factories.document(
                secretariat, "…/QĐ-CĐBP", kind="QĐ", relation="revokes", relation_target="7/QĐ-X"
            )
        assert draft.status == Status.DRAFT
