"""Factories for the exemplars tests.

Everything is made through the services, as the pages make it: nominations moved along their life by
the people who may move them, evidence stored from real files of ``shared/samples``, decisions as QĐ
documents with award lines. Each factory returns ids, never objects bound to a closed session.
"""

import html
import io
import re
from datetime import date
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from intranet.accounts import services as accounts
from intranet.accounts.models import Role, Unit, User
from intranet.documents import services as documents
from intranet.exemplars import catalogues, decisions, services
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.models import Evidence, Exemplar, Review
from intranet.extensions import db
from tests.conftest import PASSWORD, USERS, login

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
PDF = "ke-hoach-36-KH-CDBP.pdf"
DOCX = "ke-hoach-36-KH-CDBP.docx"
PNG = "ke-hoach-36-KH-CDBP-scan-trang1.png"
JPG = "ke-hoach-36-KH-CDBP-scan-trang1.jpg"

# People beyond tests/conftest.USERS: username, unit code, roles, full name.
EXTRA_USERS = {
    "kkt_head": ("truong.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trưởng khoa Kinh tế"),
    "colleague": ("dongnghiep", "KCNTT", (Role.STAFF,), "Đồng Nghiệp Cùng Khoa"),
    "nominee": ("nguoiduocdexuat", "KCNTT", (Role.STAFF,), "Lê Thị Được Đề Xuất"),
}
# The head who reviews and endorses the nominations of each unit.
HEADS = {"KCNTT": "unit_head", "KKT": "kkt_head"}
# Everyone signed in, by key: who may open a KCNTT nomination, evidence included, and who may not.
EVERYONE = (*USERS, *EXTRA_USERS)


@pytest.fixture
def people(app, users):
    """tests/conftest.users plus a KKT unit head, a KCNTT colleague and a KCNTT nominee."""
    ids = dict(users)
    with app.app_context():
        for key, (username, code, roles, full_name) in EXTRA_USERS.items():
            unit = db.session.execute(select(Unit).filter_by(code=code)).scalar_one()
            ids[key] = accounts.create_user(username, full_name, unit, roles, PASSWORD).id
    return ids


def username_of(key: str) -> str:
    return USERS[key][0] if key in USERS else EXTRA_USERS[key][0]


@pytest.fixture
def sign_in(app, people):
    """sign_in("kkt_head") -> a test client signed in as that person (any key of ``people``)."""

    def _sign_in(key: str):
        client = app.test_client()
        response = login(client, username_of(key))
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _sign_in


@pytest.fixture
def catalogue(app):
    """Seed the catalogues (as `demo load` does); catalogue("level", "Cấp tỉnh") -> its id."""
    with app.app_context():
        catalogues.seed()

    def _entry(group: str, name: str) -> int:
        with app.app_context():
            return db.session.execute(
                select(CatalogueEntry.id).filter_by(group=Group(group), name=name)
            ).scalar_one()

    return _entry


def sample_bytes(name: str) -> bytes:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample file {name} not found in {SAMPLES}")
    return path.read_bytes()


@pytest.fixture
def add_evidence(app, people):
    """add_evidence(exemplar_id, PDF, title=…) -> evidence id, uploaded by the owner."""

    def _add(
        exemplar_id: int,
        sample: str = PDF,
        *,
        by: str | None = None,
        title: str = "",
        on: date | None = date(2024, 5, 20),
        description: str = "",
        filename: str | None = None,
        content: bytes | None = None,
    ) -> int:
        data = content if content is not None else sample_bytes(sample)
        upload = FileStorage(stream=io.BytesIO(data), filename=filename or sample)
        with app.app_context():
            exemplar = db.session.get(Exemplar, exemplar_id)
            user = db.session.get(User, people[by]) if by else exemplar.owner
            title = title or f"Minh chứng {upload.filename}"
            return services.add_evidence(exemplar, upload, user, title, on, description).id

    return _add


@pytest.fixture
def review(app, people):
    """review(evidence_id, "accepted", by="unit_head", note="…")."""

    def _review(evidence_id: int, verdict: str = "accepted", by: str = "unit_head", note=""):
        with app.app_context():
            evidence = db.session.get(Evidence, evidence_id)
            services.review_evidence(evidence, verdict, db.session.get(User, people[by]), note)

    return _review


@pytest.fixture
def step(app, people):
    """step(exemplar_id, "submit", by="staff", note="") through the service."""

    def _step(exemplar_id: int, name: str, by: str, note: str = "") -> None:
        with app.app_context():
            exemplar = db.session.get(Exemplar, exemplar_id)
            services.take_step(exemplar, name, db.session.get(User, people[by]), note=note)

    return _step


def _head_of(app, exemplar_id: int) -> str:
    with app.app_context():
        return HEADS[db.session.get(Exemplar, exemplar_id).unit.code]


def _owner_of(app, people, exemplar_id: int) -> str:
    with app.app_context():
        owner_id = db.session.get(Exemplar, exemplar_id).owner_id
    return next(key for key, uid in people.items() if uid == owner_id)


@pytest.fixture
def advance(app, people, step, review):
    """advance(exemplar_id, "endorsed"): take the steps that lead there, each by its own role."""

    def _advance(exemplar_id: int, stage: str) -> None:
        owner, head = _owner_of(app, people, exemplar_id), _head_of(app, exemplar_id)
        if stage == "draft":
            return
        if stage == "withdrawn":
            step(exemplar_id, "withdraw", owner, "Rút để hoàn thiện thêm.")
            return
        step(exemplar_id, "submit", owner)
        if stage == "submitted":
            return
        if stage == "returned":
            step(exemplar_id, "return", head, "Bổ sung số liệu cụ thể.")
            return
        with app.app_context():
            pending = [e.id for e in db.session.get(Exemplar, exemplar_id).live_evidence]
        for evidence_id in pending:
            review(evidence_id, "accepted", by=head, note="Đúng thực tế.")
        step(exemplar_id, "endorse", head)
        if stage == "endorsed":
            return
        step(exemplar_id, "recognise", "secretariat")
        if stage == "recognised":
            return
        step(exemplar_id, "propagate", "secretariat", "Giới thiệu trên bảng vàng.")
        assert stage == "propagated", stage

    return _advance


@pytest.fixture
def make_exemplar(app, people, catalogue, add_evidence, advance):
    """make_exemplar("staff", stage="endorsed", name="…") -> exemplar id.

    Owned by ``owner`` in the owner's unit; individual unless ``subject="collective"``; the
    nominee is ``nominee`` (a key of ``people``) or the free ``name``. One PDF of evidence is added
    unless ``evidence=False``; then the nomination is taken to ``stage`` by the right people.
    """
    numbers = count(1)

    def _make(
        owner: str = "staff",
        *,
        stage: str = "draft",
        subject: str = "individual",
        nominee: str | None = None,
        name: str = "",
        year: int = 2024,
        achievement: str = "",
        field: str | None = None,
        movement: str | None = None,
        evidence: bool = True,
    ) -> int:
        number = next(numbers)
        if not name and not nominee and subject == "individual":
            name = f"Điển hình số {number}"
        data = services.ExemplarData(
            subject=subject,
            year=year,
            achievement=achievement or f"Thành tích tiêu biểu số {number} của năm {year}.",
            person_id=people[nominee] if nominee else None,
            name=name,
            field_id=catalogue("field", field) if field else None,
            movement_id=catalogue("movement", movement) if movement else None,
        )
        with app.app_context():
            exemplar_id = services.save_exemplar(None, data, db.session.get(User, people[owner])).id
        if evidence:  # a real PDF, made unique so that no two nominations share a file
            content = sample_bytes(PDF) + f"\n% minh chứng {number}\n".encode()
            add_evidence(exemplar_id, content=content, title=f"Giấy chứng nhận số {number}")
        advance(exemplar_id, stage)
        return exemplar_id

    return _make


@pytest.fixture
def make_decision(app, people):
    """make_decision(12, published=True) -> the id of a QĐ document drafted by the secretariat."""

    def _make(
        number: int = 12,
        *,
        year: int = 2024,
        kind: str = "QĐ",
        published: bool = False,
        summary: str = "Về việc khen thưởng điển hình tiên tiến",
    ) -> int:
        with app.app_context():
            secretariat = db.session.get(User, people["secretariat"])
            hctc = db.session.execute(select(Unit).filter_by(code="HCTC")).scalar_one()
            document = documents.save_document(
                None,
                documents.DocumentData(
                    kind=kind,
                    number_symbol=f"{number}/{kind}-CĐBP",
                    issued_on=date(year, 7, 15),
                    summary=summary,
                    issued_place="Bình Phước",
                    signer_title="HIỆU TRƯỞNG",
                    signer_name="Nguyễn Văn Thành",
                    unit_id=hctc.id,
                ),
                secretariat,
            )
            if published:
                documents.publish(document, secretariat)
            return document.id

    return _make


@pytest.fixture
def award(app, people, catalogue):
    """award(document_id, exemplar=id | person=key | unit=code, title=…, …) -> award line id."""

    def _award(
        document_id: int,
        *,
        exemplar: int | None = None,
        person: str | None = None,
        unit: str | None = None,
        title: str | None = "Chiến sĩ thi đua cơ sở",
        form: str | None = "Giấy khen",
        kind: str | None = "Thường xuyên",
        level: str | None = "Cấp trường",
        amount: int = 1_500_000,
    ) -> int:
        with app.app_context():
            unit_id = None
            if unit:
                unit_id = db.session.execute(select(Unit.id).filter_by(code=unit)).scalar_one()
            data = decisions.AwardData(
                exemplar_id=exemplar,
                person_id=people[person] if person else None,
                unit_id=unit_id,
                title_id=catalogue("title", title) if title else None,
                form_id=catalogue("form", form) if form else None,
                kind_id=catalogue("kind", kind) if kind else None,
                level_id=catalogue("level", level) if level else None,
                amount=amount,
            )
            document = db.session.get(documents.Document, document_id)
            secretariat = db.session.get(User, people["secretariat"])
            return decisions.add_award_line(document, data, secretariat).id

    return _award


# Reading the database and the pages ------------------------------------------------------------


def stage_of(app, exemplar_id: int) -> str:
    with app.app_context():
        return db.session.get(Exemplar, exemplar_id).stage.value


def events_of(app, exemplar_id: int) -> list[tuple]:
    """The timeline: (from stage, to stage, actor's username, note, when)."""
    with app.app_context():
        return [
            (
                e.from_stage.value if e.from_stage else None,
                e.to_stage.value,
                e.actor.username,
                e.note,
                e.at,
            )
            for e in db.session.get(Exemplar, exemplar_id).events
        ]


def evidence_ids(app, exemplar_id: int) -> list[int]:
    with app.app_context():
        return [e.id for e in db.session.get(Exemplar, exemplar_id).live_evidence]


def review_of(app, evidence_id: int) -> tuple[Review, str]:
    with app.app_context():
        evidence = db.session.get(Evidence, evidence_id)
        return evidence.review, evidence.review_note


def text(response) -> str:
    """The page as a reader sees its text: entities decoded (“ ” ' & stay as typed)."""
    return html.unescape(response.get_data(as_text=True))


def between(page: str, start: str, end: str) -> str:
    """The part of ``page`` from ``start`` to the next ``end`` (the test fails if absent)."""
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def timeline(page: str) -> str:
    return between(page, '<ol class="timeline', "</ol>")


def evidence_section(page: str) -> str:
    return between(page, 'id="minh-chung"', "</section>")


def listed_names(page: str) -> list[str]:
    """The names of the nominations in a list page (each item's <strong>)."""
    return re.findall(
        r'<a class="list-group-item[^"]*" href="/exemplars/\d+">\s*'
        r"<div[^>]*>\s*<strong>([^<]+)</strong>",
        page,
    )


def token(client) -> str:
    """The CSRF token of the client's session, read from the page a browser would be on."""
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page)
    assert match, "no CSRF token on the home page"
    return match.group(1)


def post_step(client, exemplar_id: int, name: str, note: str = "", **kwargs):
    """Press a step's button on the nomination's page."""
    return client.post(
        f"/exemplars/{exemplar_id}/steps/{name}",
        data={"csrf_token": token(client), "note": note},
        **kwargs,
    )


def upload(client, exemplar_id: int, sample: str = PDF, filename: str | None = None, **fields):
    """Send the evidence form of the nomination's page with a file of shared/samples."""
    data = {
        "csrf_token": token(client),
        "file": (io.BytesIO(sample_bytes(sample)), filename or sample),
        **fields,
    }
    return client.post(
        f"/exemplars/{exemplar_id}/evidence", data=data, content_type="multipart/form-data"
    )
