"""Every change of an audited record is in the trail, with who, when, from where and the values
before and after, written in the transaction of the change."""

from datetime import date

from sqlalchemy import delete, func, select, update

from intranet.accounts import services as accounts
from intranet.accounts.models import Unit, User
from intranet.audit.models import AuditEntry
from intranet.documents import files
from intranet.documents import services as documents
from intranet.documents.models import Basis, Document, DocumentFile
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests.audit.conftest import ADDRESS, trail


def test_creating_a_document_writes_a_create_entry_by_its_author_and_address(app, make_document):
    document_id = make_document("12/KH-CĐBP")
    [entry] = trail(app, record_type="document", record_id=document_id)
    assert entry["action"] == "create"
    assert entry["actor_username"] == "thuongtruc"
    assert entry["ip_address"] == ADDRESS
    assert entry["summary"] == "Tạo văn bản 12/KH-CĐBP"
    assert entry["changes"]["symbol"] == [None, "12/KH-CĐBP"]
    assert entry["changes"]["issued_on"] == [None, "2024-03-01"]
    assert entry["changes"]["status"] == [None, "draft"]


def test_editing_a_draft_records_the_values_before_and_after(app, make_document, acting_as):
    document_id = make_document("12/KH-CĐBP", summary="Trích yếu cũ")
    with acting_as("secretariat", "10.9.9.9") as author:
        document = db.session.get(Document, document_id)
        data = documents.DocumentData(
            kind="KH",
            number_symbol="12/KH-CĐBP",
            issued_on=document.issued_on,
            summary="Trích yếu mới",
        )
        documents.save_document(document, data, author, version=document.version)
    entry = trail(app, record_type="document", record_id=document_id)[-1]
    assert entry["action"] == "update"
    assert entry["changes"] == {"summary": ["Trích yếu cũ", "Trích yếu mới"]}
    assert entry["ip_address"] == "10.9.9.9"
    assert entry["summary"] == "Sửa văn bản 12/KH-CĐBP: trích yếu"


def test_publishing_is_a_status_entry_with_the_vietnamese_labels(app, make_document, acting_as):
    document_id = make_document("12/KH-CĐBP")
    with acting_as("secretariat") as author:
        documents.publish(db.session.get(Document, document_id), author)
    entry = trail(app, record_type="document", record_id=document_id)[-1]
    assert entry["action"] == "status"
    assert entry["changes"]["status"] == ["draft", "published"]
    assert entry["summary"] == "Chuyển trạng thái văn bản 12/KH-CĐBP: Dự thảo → Đã ban hành"


def test_a_stage_change_of_a_nomination_is_a_status_entry(app, make_exemplar, acting_as):
    exemplar_id, _ = make_exemplar(evidence=True)
    with acting_as("staff") as owner:
        exemplars.take_step(db.session.get(Exemplar, exemplar_id), "submit", owner)
    entry = trail(app, record_type="exemplar", record_id=exemplar_id)[-1]
    assert entry["action"] == "status"
    assert entry["changes"]["stage"] == ["draft", "submitted"]
    assert entry["actor_username"] == "canbo"


def test_trash_and_restore_of_a_file_are_named_so_and_shown_in_the_documents_history(
    app, make_document, acting_as
):
    document_id = make_document(attachment=True)
    with acting_as("secretariat") as author:
        doc_file = db.session.execute(select(DocumentFile)).scalar_one()
        file_id = doc_file.id
        files.trash(doc_file, author)
    with acting_as("admin"):
        files.restore(db.session.get(DocumentFile, file_id))
    actions = [e["action"] for e in trail(app, record_type="document_file", record_id=file_id)]
    assert actions == ["create", "trash", "restore"]
    entries = trail(app, parent_type="document", parent_id=document_id)
    assert {"document_file", "file_version"} <= {e["record_type"] for e in entries}


def test_deleting_a_document_records_it_and_the_rows_deleted_with_it(app, make_document, acting_as):
    document_id = make_document("12/KH-CĐBP", units=["KKT"])
    with acting_as("admin"):
        db.session.delete(db.session.get(Document, document_id))
        db.session.commit()
    [deleted] = trail(app, record_type="document", action="delete")
    assert deleted["record_id"] == document_id
    assert deleted["changes"]["symbol"] == ["12/KH-CĐBP", None]
    assert deleted["actor_username"] == "quantri"
    audience = trail(app, record_type="document_audience", action="delete")
    assert [(e["parent_type"], e["parent_id"]) for e in audience] == [("document", document_id)]


def test_rows_dropped_from_a_collection_are_recorded_as_deleted(app, make_document, acting_as):
    document_id = make_document("12/KH-CĐBP", units=["KKT"])
    with acting_as("secretariat") as author:
        document = db.session.get(Document, document_id)
        data = documents.DocumentData(
            kind="KH",
            number_symbol="12/KH-CĐBP",
            issued_on=document.issued_on,
            summary=document.summary,
            audience_all=True,
        )
        documents.save_document(document, data, author, version=document.version)
    removed = trail(app, record_type="document_audience", action="delete")
    assert len(removed) == 1 and removed[0]["parent_id"] == document_id


def test_a_role_change_is_a_permission_entry_with_the_roles_before_and_after(app, users, login_as):
    from tests.conftest import post_form

    admin = login_as("admin")
    staff_id = users["staff"]
    with app.app_context():
        unit_id = db.session.get(User, staff_id).unit_id
    response = post_form(
        admin,
        f"/admin/users/{staff_id}",
        {
            "username": "canbo",
            "full_name": "canbo",
            "unit_id": unit_id,
            "roles": ["staff", "inspector"],
            "active": "y",
        },
    )
    assert response.status_code == 302
    [entry] = trail(app, record_type="user", record_id=staff_id, action="permission")
    assert entry["changes"] == {"roles": [["staff"], ["inspector", "staff"]]}
    assert entry["actor_username"] == "quantri"
    assert entry["ip_address"] == "127.0.0.1"


def test_password_hashes_never_reach_the_trail(app, users, acting_as):
    with acting_as("admin"):
        user = db.session.get(User, users["staff"])
        accounts.set_password(user, "mat-khau-moi-123")
        password_hash = user.password_hash
    with app.app_context():
        hashes = set(db.session.execute(select(User.password_hash)).scalars())
    everything = " ".join(str(e) for e in trail(app))
    assert password_hash in hashes
    assert not any(h in everything for h in hashes)
    assert "password_hash" not in everything
    [changed] = [e for e in trail(app, record_type="user") if "password" in e["changes"]]
    assert changed["changes"]["password"] == ["[ẩn]", "[ẩn]"]


def test_bulk_update_and_delete_statements_are_recorded_row_by_row(app, users, acting_as):
    with acting_as("secretariat") as author:
        citing = documents.save_document(
            None,
            documents.DocumentData(
                kind="KH",
                number_symbol="13/KH-CĐBP",
                issued_on=date(2024, 3, 2),
                summary="Kế hoạch thực hiện",
                basis=["Kế hoạch số 99/KH-CĐBP"],
            ),
            author,
        )
        citing_id = citing.id
        basis_id = db.session.execute(select(Basis.id)).scalar_one()
        db.session.execute(update(Basis).where(Basis.id == basis_id).values(cited_text="Sửa tay"))
        db.session.commit()
    entry = trail(app, record_type="document_basis", record_id=basis_id)[-1]
    assert entry["action"] == "update"
    assert entry["changes"] == {"cited_text": ["Kế hoạch số 99/KH-CĐBP", "Sửa tay"]}
    assert (entry["parent_type"], entry["parent_id"]) == ("document", citing_id)
    with acting_as("secretariat"):
        db.session.execute(delete(Basis).where(Basis.document_id == citing_id))
        db.session.commit()
    entry = trail(app, record_type="document_basis", record_id=basis_id)[-1]
    assert entry["action"] == "delete"
    assert entry["changes"]["cited_text"] == ["Sửa tay", None]


def test_tables_that_are_not_audited_add_no_entries(app, login_as):
    before = _count(app)
    client = login_as("staff")  # adds a login_session row: only the sign-in is recorded
    client.get("/")
    assert [e["action"] for e in trail(app)][before:] == ["sign_in"]


def test_a_rolled_back_change_leaves_no_entry_and_no_gap(app, make_document, acting_as):
    document_id = make_document()
    before = _count(app)
    with acting_as("secretariat"):
        db.session.get(Document, document_id).summary = "Không lưu"
        db.session.flush()
        db.session.rollback()
    assert _count(app) == before
    make_document("14/KH-CĐBP")
    seqs = [e["seq"] for e in trail(app)]
    assert seqs == list(range(1, len(seqs) + 1))


def _count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(AuditEntry)).scalar()


def test_a_change_to_an_expired_record_is_still_named_in_the_summary(app, users, acting_as):
    with acting_as("admin"):
        unit = db.session.execute(select(Unit).filter_by(code="KKT")).scalar_one()
        db.session.expire(unit)
        unit.name = "Khoa Kinh tế – Tài chính"
        db.session.commit()
    entry = trail(app, record_type="unit")[-1]
    assert entry["summary"] == "Sửa đơn vị KKT: tên"
    assert entry["changes"] == {"name": ["Khoa Kinh tế", "Khoa Kinh tế – Tài chính"]}
