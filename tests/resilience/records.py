"""Records for the security tests: a document restricted to one unit, with a file, and a
nomination's evidence, each carrying a word found nowhere else."""

from datetime import date

from sqlalchemy import select

from intranet.accounts.models import User
from intranet.documents import files, services
from intranet.documents.models import DocumentFile, FileVersion
from intranet.exemplars import services as exemplars
from intranet.extensions import db
from tests import factories
from tests.factories import upload
from tests.indexing.conftest import run_worker

# Secret words with their marks; searches ask for them without (a search finds either), so that a
# page echoing the question never contains the marked word, and any page that shows it leaks.
WORD = "Xylômậtkhẩu"  # the restricted document, its file and the file's name
EVIDENCE_WORD = "Xylôminhchứng"  # the evidence: title, description, file name and content
ASK = {WORD: "xylomatkhau", EVIDENCE_WORD: "xylominhchung"}
SHARED = "khenthuongchungxy"  # in the restricted document and in a public one (counts, facets)
SECRET_YEAR = 2019  # only the restricted document is of this year (facets)
WORDS = (WORD, EVIDENCE_WORD)


def make_world(app, users) -> dict[str, int]:
    """The restricted records, indexed; returns their ids."""
    with app.app_context():
        units = factories.unit_ids()
        secretariat = db.session.get(User, users["secretariat"])
        restricted = factories.document(
            secretariat,
            "91/TB-CĐBP",
            kind="TB",
            issued_on=date(SECRET_YEAR, 3, 2),
            summary=f"Thông báo nội bộ {WORD} về {SHARED}",
            body=f"Nội dung chỉ dành cho Khoa Công nghệ thông tin: {WORD}.",
            units=["KCNTT"],
        )
        attached = files.attach(
            restricted,
            [upload(f"Danh sách {WORD}.txt", f"Tệp đính kèm {WORD} {SHARED}.\n".encode())],
            secretariat,
        )
        services.publish(restricted, secretariat)
        public = factories.document(
            secretariat,
            "92/TB-CĐBP",
            kind="TB",
            issued_on=date(2024, 3, 2),
            summary=f"Thông báo công khai về {SHARED}",
            publish=True,
        )
        owner = db.session.get(User, users["staff"])
        exemplar = factories.exemplar(
            owner, name="Lê Thị Bảo Mật", achievement="Hoàn thành xuất sắc nhiệm vụ."
        )
        evidence = factories.evidence(
            exemplar,
            owner,
            f"Giấy khen {EVIDENCE_WORD}.txt",
            f"Giấy khen {EVIDENCE_WORD}.\n".encode(),
            title=f"Minh chứng {EVIDENCE_WORD}",
            on=date(2024, 5, 20),
            description=f"Bản chụp {EVIDENCE_WORD}",
        )
        exemplars.take_step(exemplar, "submit", owner)
        file_id = attached[0].id
        version_id = db.session.execute(
            select(FileVersion.id).where(FileVersion.file_id == file_id)
        ).scalar_one()
        ids = {
            "document_id": restricted.id,
            "public_id": public.id,
            "file_id": file_id,
            "version_id": version_id,
            "exemplar_id": exemplar.id,
            "evidence_id": evidence.id,
            "user_id": owner.id,
            "unit_id": units["KCNTT"],
            "kkt": units["KKT"],
        }
        assert db.session.get(DocumentFile, file_id).document_id == restricted.id
    run_worker(app)
    return ids
