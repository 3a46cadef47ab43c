"""Factories for the exemplars tests.

Everything is made through the services (tests/factories.py), as the pages make it: nominations
moved along their life by the people who may move them, evidence stored from real files of
``tests/samples``, decisions as QĐ documents with award lines. Each factory returns ids, never
objects bound to a closed session.
"""

import html
import io
import re
from datetime import date
from itertools import count

import pytest

from intranet.accounts.models import Role, User
from intranet.documents import services as document_services
from intranet.documents.models import Document
from intranet.exemplars import services
from intranet.exemplars.models import Evidence, Exemplar, Review
from intranet.extensions import db
from tests import factories
from tests.conftest import PASSWORD, USERS, signed_in
from tests.factories import PDF, sample_bytes

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
    with app.app_context():
        return factories.add_people(users, EXTRA_USERS, PASSWORD)


def username_of(key: str) -> str:
    return USERS[key][0] if key in USERS else EXTRA_USERS[key][0]


@pytest.fixture
def sign_in(app, people):
    """sign_in("kkt_head") -> a test client signed in as that person (any key of ``people``)."""

    def _sign_in(key: str):
        return signed_in(app, username_of(key))

    return _sign_in


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
        name = filename or sample
        with app.app_context():
            exemplar = db.session.get(Exemplar, exemplar_id)
            user = db.session.get(User, people[by]) if by else exemplar.owner
            title = title or f"Minh chứng {name}"
            added = factories.evidence(
                exemplar, user, name, data, title=title, on=on, description=description
            )
            return added.id

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


@pytest.fixture
def advance(app, people):
    """advance(exemplar_id, "endorsed"): take the steps that lead there, each by its own role."""

    def _advance(exemplar_id: int, stage: str) -> None:
        with app.app_context():
            exemplar = db.session.get(Exemplar, exemplar_id)
            factories.advance(
                exemplar,
                stage,
                owner=exemplar.owner,
                head=db.session.get(User, people[HEADS[exemplar.unit.code]]),
                secretariat=db.session.get(User, people["secretariat"]),
            )

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
        field_id = catalogue("field", field) if field else None
        movement_id = catalogue("movement", movement) if movement else None
        with app.app_context():
            exemplar_id = factories.exemplar(
                db.session.get(User, people[owner]),
                subject=subject,
                year=year,
                achievement=achievement or f"Thành tích tiêu biểu số {number} của năm {year}.",
                person_id=people[nominee] if nominee else None,
                name=name,
                field_id=field_id,
                movement_id=movement_id,
            ).id
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
            return factories.decision(
                secretariat,
                number,
                year=year,
                kind=kind,
                summary=summary,
                unit="HCTC",
                publish=published,
            ).id

    return _make


@pytest.fixture
def issue(app, people):
    """issue(document_id): a draft decision, its lines written, goes its way: submitted by the
    secretariat, signed by the leader, issued by the secretariat (its exemplars recognised)."""

    def _issue(document_id: int) -> None:
        with app.app_context():
            document = db.session.get(Document, document_id)
            secretariat = db.session.get(User, people["secretariat"])
            leader = db.session.get(User, people["leader"])
            document_services.submit(document, secretariat)
            signature = document_services.Signature("Nguyễn Văn Thành", "HIỆU TRƯỞNG")
            document_services.sign(document, leader, signature)
            document_services.issue(document, secretariat)

    return _issue


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
        entries = {
            "title_id": catalogue("title", title) if title else None,
            "form_id": catalogue("form", form) if form else None,
            "kind_id": catalogue("kind", kind) if kind else None,
            "level_id": catalogue("level", level) if level else None,
        }
        with app.app_context():
            return factories.award_line(
                db.session.get(Document, document_id),
                db.session.get(User, people["secretariat"]),
                exemplar_id=exemplar,
                person_id=people[person] if person else None,
                unit_id=factories.unit(unit).id if unit else None,
                amount=amount,
                **entries,
            ).id

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
    """Send the evidence form of the nomination's page with a file of tests/samples."""
    data = {
        "csrf_token": token(client),
        "file": (io.BytesIO(sample_bytes(sample)), filename or sample),
        **fields,
    }
    return client.post(
        f"/exemplars/{exemplar_id}/evidence", data=data, content_type="multipart/form-data"
    )
