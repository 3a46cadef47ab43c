"""The outbox: written in the same transaction as each change, applied by the worker, so the index
follows every change of a record and of who may see it."""

import io
from datetime import date

import pytest
from sqlalchemy import select

from intranet.accounts.models import Role, Unit, User
from intranet.documents import files, services
from intranet.documents.errors import DocumentError
from intranet.documents.models import Document, DocumentAudience, DocumentFile
from intranet.extensions import db
from intranet.indexing import worker
from tests.conftest import csrf_token
from tests.factories import upload
from tests.indexing.conftest import (
    index_keys,
    outbox_count,
    outbox_keys,
    run_worker,
    sample,
    search_page,
    unit_ids,
    upload_files,
)


def test_a_change_writes_its_outbox_rows_in_its_own_transaction(app, make_document):
    document_id = make_document("30/TB-CĐBP", summary="Thông báo xylophonmot")
    assert outbox_keys(app) == [f"document:{document_id}"]
    run_worker(app)
    assert outbox_keys(app) == []
    with app.app_context():
        document = db.session.get(Document, document_id)
        document.summary = "Thông báo xylophonhai"
        db.session.flush()
        # Inside the transaction, before the commit: the row is there, with the change.
        assert worker.pending() == 1
        db.session.rollback()
    # Rolled back: neither the change nor its outbox row.
    assert outbox_count(app) == 0
    with app.app_context():
        assert db.session.get(Document, document_id).summary == "Thông báo xylophonmot"


def test_a_failed_save_leaves_no_outbox_row(app, users, make_document):
    document_id = make_document("31/TB-CĐBP")
    run_worker(app)
    with app.app_context():
        author = db.session.get(User, users["secretariat"])
        # The same number twice: refused after nothing was written.
        with pytest.raises(DocumentError):
            services.save_document(
                None,
                services.DocumentData(
                    kind="TB",
                    number_symbol="31/TB-CĐBP",
                    issued_on=date(2023, 4, 21),
                    summary="Trùng số",
                ),
                author,
            )
        db.session.rollback()
        # Two files, the second refused by the store: none is attached, no row is queued.
        document = db.session.get(Document, document_id)
        with pytest.raises(DocumentError):
            files.attach(
                document,
                [upload("dung.txt", b"Tep dung"), upload("sai.pdf", b"not a pdf at all")],
                author,
            )
        assert db.session.execute(select(DocumentFile)).first() is None
    assert outbox_count(app) == 0


def test_a_refused_upload_through_the_page_leaves_no_outbox_row(app, make_document, login_as):
    document_id = make_document("32/TB-CĐBP")
    run_worker(app)
    response = upload_files(login_as("secretariat"), document_id, ("virus.exe", b"MZ\x90\x00"))
    assert response.status_code == 302
    assert outbox_count(app) == 0


def test_each_kind_of_change_queues_the_records_it_affects(app, users, make_document):
    document_id = make_document("33/KH-CĐBP", attachments=[("a.txt", b"mot"), ("b.txt", b"hai")])
    run_worker(app)
    with app.app_context():
        document = db.session.get(Document, document_id)
        file_ids = sorted(f.id for f in document.files)
        services.publish(document, db.session.get(User, users["secretariat"]))
    # Publishing changes who sees the document and its files.
    assert sorted(set(outbox_keys(app))) == sorted(
        [f"document:{document_id}", *(f"file:{i}" for i in file_ids)]
    )
    run_worker(app)
    # A file is trashed before issue (an issued document's files never change).
    draft_id = make_document("34/TB-CĐBP", attachments=[("c.txt", b"ba")])
    run_worker(app)
    with app.app_context():
        doc_file = db.session.get(Document, draft_id).files[0]
        trashed_id = doc_file.id
        files.trash(doc_file, db.session.get(User, users["secretariat"]))
    assert outbox_keys(app) == [f"file:{trashed_id}"]


def test_after_the_worker_the_record_is_found(backend, app, make_document, login_as):
    run_worker(app)  # the index exists, empty
    staff = login_as("staff")
    document_id = make_document(
        "34/KH-CĐBP",
        publish=True,
        summary="Kế hoạch xylophonmoi",
        attachments=[("ke-hoach.docx", sample("ke-hoach-36-KH-CDBP.docx"))],
    )
    # Committed but not yet applied: nothing yet, and no error.
    assert search_page(staff, "xylophonmoi").total == 0
    assert outbox_count(app) > 0
    run_worker(app)
    assert outbox_count(app) == 0
    page = search_page(staff, "xylophonmoi")
    assert page.urls == [f"/documents/{document_id}"]
    # The file's text came later (extraction) and is found too.
    assert search_page(staff, "Nguyễn Bích Liên").total == 1


def test_a_revoked_document_changes_status_in_the_index(
    backend, app, users, make_document, login_as
):
    document_id = make_document("35/KH-CĐBP", publish=True, summary="Kế hoạch xylophonthuhoi")
    run_worker(app)
    staff = login_as("staff")
    page = search_page(staff, "xylophonthuhoi")
    assert page.facets["Trạng thái"] == {"Đã ban hành": 1}
    with app.app_context():
        services.revoke(db.session.get(Document, document_id), "Ban hành nhầm")
    run_worker(app)
    page = search_page(staff, "xylophonthuhoi")
    assert page.facets["Trạng thái"] == {"Đã thu hồi": 1}
    assert search_page(staff, "xylophonthuhoi", status="published").total == 0
    assert search_page(staff, "xylophonthuhoi", status="revoked").total == 1
    # The page agrees: a revoked document stays readable, marked.
    assert staff.get(page.urls[0]).status_code == 200


def test_a_trashed_file_disappears_and_comes_back_when_restored(
    backend, app, users, make_document, login_as
):
    # A draft: its files are trashed and restored before issue; the inspector reads drafts.
    document_id = make_document(
        "36/KH-CĐBP",
        attachments=[("ke-hoach.txt", sample("ke-hoach-36-KH-CDBP.txt"))],
    )
    run_worker(app)
    staff = login_as("inspector")
    assert [h.label for h in search_page(staff, "Nguyễn Bích Liên").hits] == ["Tệp đính kèm"]
    with app.app_context():
        file_id = db.session.execute(select(DocumentFile.id)).scalar_one()
    secretariat = login_as("secretariat")
    response = secretariat.post(
        f"/documents/files/{file_id}/delete",
        data={"csrf_token": csrf_token(secretariat, f"/documents/{document_id}")},
    )
    assert response.status_code == 302
    run_worker(app)
    page = search_page(staff, "Nguyễn Bích Liên")
    assert page.total == 0 and page.hits == []
    assert f"file:{file_id}" not in index_keys(app)
    # Restored from the trash by the admin: found again.
    admin = login_as("admin")
    response = admin.post(
        f"/documents/trash/{file_id}/restore",
        data={"csrf_token": csrf_token(admin, "/documents/trash")},
    )
    assert response.status_code == 302
    run_worker(app)
    assert search_page(staff, "Nguyễn Bích Liên").total == 1


def test_a_change_of_audience_changes_who_finds_the_document(
    backend, app, users, make_document, login_as
):
    codes = unit_ids(app)
    document_id = make_document(
        "37/TB-CĐBP",
        summary="Thông báo xylophondoituong",
        units=["KKT"],
        attachments=[("tb.txt", "Tệp xylophondoituong".encode())],
    )
    with app.app_context():
        author = db.session.get(User, users["secretariat"])
        document = db.session.get(Document, document_id)
        # While a draft, the audience is changed on the edit form: KCNTT instead of KKT.
        data = services.DocumentData(
            kind="TB",
            number_symbol=document.symbol,
            issued_on=document.issued_on,
            summary=document.summary,
            audience_all=False,
            audience_units=[codes["KCNTT"]],
        )
        services.save_document(document, data, author, version=document.version)
        services.publish(document, author)
    run_worker(app)
    staff, other = login_as("staff"), login_as("other_staff")
    assert search_page(staff, "xylophondoituong").total == 2  # the document and its file
    assert search_page(other, "xylophondoituong").total == 0

    # An audience row added on its own (no other change of the document): KKT reads it too.
    with app.app_context():
        unit = db.session.get(Unit, codes["KKT"])
        document = db.session.get(Document, document_id)
        document.audience.append(DocumentAudience(unit=unit))
        db.session.commit()
    assert f"document:{document_id}" in outbox_keys(app)
    run_worker(app)
    assert search_page(other, "xylophondoituong").total == 2

    # An audience row removed on its own: KCNTT no longer reads it.
    with app.app_context():
        document = db.session.get(Document, document_id)
        row = next(a for a in document.audience if a.unit_id == codes["KCNTT"])
        document.audience.remove(row)
        db.session.commit()
    run_worker(app)
    assert search_page(staff, "xylophondoituong").total == 0
    assert search_page(other, "xylophondoituong").total == 2
    assert staff.get(f"/documents/{document_id}").status_code == 404

    # A role as audience: the inspectors' role (who read everything anyway) and the unit heads.
    with app.app_context():
        document = db.session.get(Document, document_id)
        document.audience.append(DocumentAudience(role=Role.UNIT_HEAD))
        db.session.commit()
    run_worker(app)
    head = login_as("unit_head")
    assert search_page(head, "xylophondoituong").total == 2
    assert head.get(f"/documents/{document_id}").status_code == 200
    assert search_page(staff, "xylophondoituong").total == 0


def test_a_new_version_of_a_file_replaces_its_text(backend, app, make_document, login_as):
    # A draft takes new versions (an issued document does not); the inspector reads drafts.
    document_id = make_document(
        "38/KH-CĐBP", attachments=[("bao-cao.txt", "Bản đầu xylophoncu".encode())]
    )
    run_worker(app)
    staff = login_as("inspector")
    assert search_page(staff, "xylophoncu").total == 1
    with app.app_context():
        file_id = db.session.execute(select(DocumentFile.id)).scalar_one()
    secretariat = login_as("secretariat")
    response = secretariat.post(
        f"/documents/files/{file_id}/versions",
        data={
            "file": (io.BytesIO("Bản hai xylophonmoi".encode()), "bao-cao.txt"),
            "csrf_token": csrf_token(secretariat, f"/documents/{document_id}"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    run_worker(app)
    assert search_page(staff, "xylophoncu").total == 0
    assert search_page(staff, "xylophonmoi").total == 1


def test_a_change_made_while_the_worker_runs_is_not_lost(app, make_document, monkeypatch):
    """Only the rows read are removed: a change committed meanwhile stays queued."""
    first = make_document("39/TB-CĐBP", summary="Thông báo xylophonmot")
    run_worker(app)
    with app.app_context():
        db.session.get(Document, first).summary = "Thông báo xylophonhai"
        db.session.commit()
    later = {}
    apply = worker._apply

    def apply_then_change(backend, keys):
        apply(backend, keys)
        if not later:  # another request commits while the worker is between read and delete
            with app.app_context():
                later["id"] = make_document("40/TB-CĐBP", summary="Thông báo xylophonba")

    monkeypatch.setattr(worker, "_apply", apply_then_change)
    with app.app_context():
        worker.process_outbox(limit=1)
    assert outbox_keys(app) == [f"document:{later['id']}"]
    monkeypatch.setattr(worker, "_apply", apply)
    run_worker(app)
    assert {f"document:{first}", f"document:{later['id']}"} <= index_keys(app)
