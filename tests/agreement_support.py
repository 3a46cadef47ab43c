"""The world of tests/test_agreement.py: every reader, every kind of record in every state.

Built once per module through the areas' services (models where there is none), indexed by
running the worker by hand. Every expectation is asked of ``intranet.policy.may``: the one
place that says who may see and do what; the surfaces (pages, API, lists, search, files,
exports, links) are then asked the same question, as a browser or an API client would.
"""

import html
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask_login import AnonymousUserMixin
from werkzeug.datastructures import FileStorage

from intranet import clock, create_app, policy
from intranet.accounts import services as accounts
from intranet.accounts import tokens
from intranet.accounts.models import Role, User
from intranet.documents import files
from intranet.documents import services as documents
from intranet.documents.models import Document, DocumentFile, FileVersion
from intranet.exemplars import services as exemplars
from intranet.exemplars import workflow
from intranet.exemplars.models import AwardLine, Evidence, Exemplar
from intranet.extensions import db
from intranet.indexing import worker
from intranet.supervision import inspections, reports
from intranet.supervision.models import Inspection, UnitReport
from tests import factories
from tests.conftest import PASSWORD, UNITS, USERS, csrf_token, login

TODAY = date(2025, 7, 15)
YEAR = 2024  # of the reports and nominations
COMMON = "dongthuan"  # in every indexed record: the search for totals and facets
CARDS = re.compile(r'<article class="[^"]*card')
HREF = re.compile(r'href="([^"#?]+)')
# Links to one record (or its file): the targets the templates' links must open.
RECORD_LINK = re.compile(
    r"^/(documents/\d+|documents/files/v/\d+/download|exemplars/\d+|exemplars/decisions/\d+|"
    r"exemplars/evidence/\d+/download|exemplars/dossier/(person|unit)/\d+|"
    r"supervision/reports/view/\d+(/file)?|supervision/inspections/\d+(/minutes)?|"
    r"supervision/export/unit/\d+/\d+\.xlsx)$"
)

# Beyond tests/conftest.USERS: the head of the second unit, and a former head of the first.
EXTRA = {
    "kkt_head": ("truong.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trần Văn Kinh"),
    "demoted": ("truongcu", "KCNTT", (Role.UNIT_HEAD, Role.STAFF), "Trưởng Khoa Cũ"),
}
READERS = (*USERS, *EXTRA, "anonymous")
SIGNED_IN = READERS[:-1]

DOCUMENTS = (
    "draft",
    "unit_draft",  # drafted for KCNTT: its head sees it before issue
    "submitted",
    "signed",
    "all",
    "kcntt",
    "role",
    "revoked",
    "superseded",
    "trashed",
)
NOT_ISSUED = ("draft", "unit_draft", "submitted", "signed")
STAGES = ("draft", "submitted", "endorsed", "returned", "recognised", "propagated", "withdrawn")

# Every record: key -> kind. The kinds' surfaces are listed in test_agreement.py.
RECORDS: dict[str, str] = {}
for _state in DOCUMENTS:
    RECORDS[f"document_{_state}"] = "document"
    RECORDS[f"file_of_{_state}"] = "file"
    RECORDS[f"version_of_{_state}"] = "version"
RECORDS |= {"file_trashed": "file", "version_trashed": "version", "version_old": "version"}
RECORDS |= {"decision_draft": "document", "decision_published": "document"}
for _stage in STAGES:
    RECORDS[f"exemplar_{_stage}"] = "exemplar"
    RECORDS[f"evidence_of_{_stage}"] = "evidence"
RECORDS |= {"exemplar_kkt_submitted": "exemplar", "evidence_of_kkt_submitted": "evidence"}
RECORDS |= {"evidence_trashed": "evidence"}
RECORDS |= {"award_line_draft": "award_line", "award_line_published": "award_line"}
RECORDS |= {"report_kcntt": "report", "report_kkt": "report", "inspection_kcntt": "inspection"}
MODELS = {
    "document": Document,
    "file": DocumentFile,
    "version": FileVersion,
    "exemplar": Exemplar,
    "evidence": Evidence,
    "award_line": AwardLine,
    "report": UnitReport,
    "inspection": Inspection,
}


def word(key: str) -> str:
    """The word only this record holds (letters only, so that no analyzer splits it)."""
    letters = "".join(c for c in key if c.isalpha())
    return "zq" + letters


@dataclass(repr=False)
class World:
    app: object
    users: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    pages: dict = field(default_factory=dict)  # reader -> signed-in test client
    tokens: dict = field(default_factory=dict)  # reader -> API bearer secret
    cache: dict = field(default_factory=dict)
    csrf: dict = field(default_factory=dict)  # reader -> the session's CSRF token

    def __repr__(self) -> str:  # short: a failing test prints its arguments
        return f"<World of {len(self.ids)} records, {len(self.users)} readers>"

    # -- the one answer --------------------------------------------------------------------
    def user(self, reader: str):
        if reader == "anonymous":
            return AnonymousUserMixin()
        return db.session.get(User, self.users[reader])

    def record(self, key: str):
        return db.session.get(MODELS[RECORDS[key]], self.ids[key])

    def may(self, reader: str, action: str, key: str) -> bool:
        """``policy.may``, asked afresh (the database as it is now)."""
        with self.app.app_context():
            return policy.may(self.user(reader), action, self.record(key))

    def may_step(self, reader: str, step: str, key: str) -> bool:
        """A nomination's step: the policy's action when it has one, else the workflow's table
        (the same the step service applies), for a reader who may see the nomination."""
        with self.app.app_context():
            user, exemplar = self.user(reader), self.record(key)
            if step in policy.rule_of(Exemplar).actions:
                return policy.may(user, step, exemplar)
            the_step = workflow.STEPS[step]
            return (
                policy.may(user, "see", exemplar)
                and exemplar.stage in the_step.sources
                and workflow.may_take(user, exemplar, the_step)
            )

    def issued(self, key: str) -> bool:
        """An issued document: every change to it is refused with 409 (documents.access)."""
        with self.app.app_context():
            return self.record(key).issued

    def state(self, key: str) -> tuple:
        """What a refused action must leave unchanged."""
        with self.app.app_context():
            obj = self.record(key)
            return tuple(
                str(getattr(obj, name, None))
                for name in ("version", "status", "stage", "returned_at", "review", "deleted_at")
            )

    # -- the surfaces ----------------------------------------------------------------------
    def client(self, reader: str):
        if reader == "anonymous":
            return self.app.test_client()
        return self.pages[reader]

    def get(self, reader: str, path: str, *, api: bool = False, cached: bool = False):
        key = (reader, path, api)
        if cached and key in self.cache:
            return self.cache[key]
        if api:
            headers = {}
            if reader != "anonymous":
                headers["Authorization"] = f"Bearer {self.tokens[reader]}"
            response = self.app.test_client().get(path, headers=headers)
        else:
            response = self.client(reader).get(path)
        response.get_data()  # read it while the client is ours
        if cached:
            self.cache[key] = response
        return response

    def post_page(self, reader: str, path: str, data=None, **kwargs):
        client = self.client(reader)
        data = dict(data or {})
        if reader not in self.csrf:
            self.csrf[reader] = csrf_token(client, "/profile")
        data["csrf_token"] = self.csrf[reader]
        return client.post(path, data=data, **kwargs)

    def call_api(self, reader: str, method: str, path: str, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        headers["Authorization"] = f"Bearer {self.tokens[reader]}"
        return self.app.test_client().open(path, method=method, headers=headers, **kwargs)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def links(response) -> set[str]:
    """The paths of the links and forms' targets of a page."""
    body = response.get_data(as_text=True)
    found = {html.unescape(h) for h in HREF.findall(body)}
    found |= {html.unescape(a) for a in re.findall(r'action="([^"#?]+)', body)}
    return found


def refused_as_unseen(response, reader: str, api: bool) -> bool:
    """The answer to a record one may not see: 404 (anonymous: to sign in / 401)."""
    if reader == "anonymous":
        if api:
            return response.status_code == 401
        return response.status_code == 302 and "/login" in (response.location or "")
    return response.status_code == 404


# Building the world ---------------------------------------------------------------------------


def _config(folder: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "khoa-bi-mat-thu-nghiem",
        "DATABASE_URL": f"sqlite:///{folder / 'agreement.sqlite3'}",
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "INDEX_FOLDER": str(folder / "index"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "WORKER_NOTIFY": False,
        "TODAY": TODAY,
    }


def make_app(folder: Path):
    """An app on a database of its own, for the whole module (the world is only read)."""
    app = create_app(_config(folder), instance_path=str(folder / "instance"))
    with app.app_context():
        db.create_all()
    return app


def _upload(name: str, content: bytes) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


def _text_file(key: str) -> tuple[str, bytes]:
    return f"{word(key)}.txt", f"Tệp {word(key)} {COMMON}.\n".encode()


def build(app) -> World:
    world = World(app=app)
    with app.app_context():
        units = {code: accounts.save_unit(None, code, name) for code, name in UNITS.items()}
        world.units = {code: u.id for code, u in units.items()}
        people = {}
        for key, (username, code, roles) in USERS.items():
            people[key] = accounts.create_user(username, username, units[code], roles, PASSWORD)
        for key, (username, code, roles, name) in EXTRA.items():
            people[key] = accounts.create_user(username, name, units[code], roles, PASSWORD)
        world.users = {k: u.id for k, u in people.items()}
        factories.seed_catalogues()
        _documents(world, people)
        _exemplars(world, people)
        _supervision(world, people, units)
        while worker.extract_pending():
            pass
        worker.process_outbox()
    for reader in SIGNED_IN:  # the demoted head signs in, and takes a token, while still head
        username = USERS[reader][0] if reader in USERS else EXTRA[reader][0]
        client = app.test_client()
        assert login(client, username).status_code == 302
        world.pages[reader] = client
        with app.app_context():
            world.tokens[reader] = tokens.create_token(world.user(reader), "đối chiếu", 30)[1]
    with app.app_context():  # ... then loses the role
        demoted = world.user("demoted")
        accounts.update_user(
            demoted,
            full_name=demoted.full_name,
            unit=demoted.unit,
            roles=(Role.STAFF,),
            active=True,
            email=demoted.email,
        )
    return world


def _documents(world: World, people: dict) -> None:
    author = people["secretariat"]
    made = {}
    for number, state in enumerate(DOCUMENTS, start=101):
        options = {"units": ["KCNTT"]} if state == "kcntt" else {}
        if state == "role":
            options = {"roles": [Role.UNIT_HEAD.value]}
        made[state] = factories.document(
            author,
            f"{number}/KH-CĐBP",
            kind="KH",
            summary=f"Kế hoạch {word('document_' + state)} {COMMON}",
            unit="KCNTT" if state == "unit_draft" else "HCTC",
            attachments=[_text_file(f"file_of_{state}")],
            publish=state not in (*NOT_ISSUED, "all"),
            **options,
        )
    leader = people["leader"]
    for state in ("submitted", "signed"):
        documents.submit(made[state], author)
    signature = documents.Signature("Nguyễn Bích Liên", "PHÓ HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG")
    documents.sign(made["signed"], leader, signature)
    documents.revoke(made["revoked"], "Thu hồi để ban hành lại.")
    made["trashed"].deleted_at = clock.now()
    db.session.commit()
    for state, document in made.items():
        world.ids[f"document_{state}"] = document.id
        doc_file = document.files[0]
        world.ids[f"file_of_{state}"] = doc_file.id
        world.ids[f"version_of_{state}"] = doc_file.current.id
    # A file with two versions (the older one still downloadable), and a file in the trash.
    document = made["all"]
    old = document.files[0].current
    files.add_version(document.files[0], _upload(*_text_file("version_of_all_new")), author)
    world.ids["version_old"] = old.id
    world.ids["version_of_all"] = document.files[0].current.id
    trashed = files.attach(document, [_upload(*_text_file("file_trashed"))], author)[0]
    world.ids["file_trashed"] = trashed.id
    world.ids["version_trashed"] = trashed.current.id
    files.trash(trashed, author)
    documents.publish(document, author)  # issued after: its files are read-only from now on
    documents.supersede(made["superseded"], document, "Thay bằng kế hoạch mới.")


def _exemplars(world: World, people: dict) -> None:
    staff, head, secretariat = people["staff"], people["unit_head"], people["secretariat"]
    made = {}
    for number, stage in enumerate(STAGES, start=1):
        key = f"exemplar_{stage}"
        nomination = factories.exemplar(
            staff,
            year=YEAR,
            achievement=f"Thành tích {word(key)} {COMMON}",
            name=f"Điển hình {stage}",
            person_id=head.id if stage == "propagated" else None,
        )
        factories.evidence(
            nomination,
            staff,
            f"minh-chung-{number}.txt",
            f"Giấy chứng nhận số {number}\n".encode(),
            title=f"Giấy chứng nhận {word('evidence_of_' + stage)}",
            description=COMMON,
        )
        made[stage] = nomination
        world.ids[key] = nomination.id
        world.ids[f"evidence_of_{stage}"] = nomination.live_evidence[0].id
    removed = factories.evidence(
        made["draft"], staff, "go-bo.txt", b"Minh chung da go\n", title=word("evidence_trashed")
    )
    exemplars.remove_evidence(removed, staff)
    world.ids["evidence_trashed"] = removed.id
    # The same file offered by another unit's nomination: the reuse warning's case.
    other = factories.exemplar(
        people["other_staff"],
        year=YEAR,
        achievement=f"Thành tích {word('exemplar_kkt_submitted')} {COMMON}",
        name="Điển hình của Khoa Kinh tế",
    )
    factories.evidence(
        other,
        people["other_staff"],
        "minh-chung-2.txt",
        "Giấy chứng nhận số 2\n".encode(),  # the file of exemplar_submitted's evidence
        title=f"Giấy chứng nhận {word('evidence_of_kkt_submitted')}",
        description=COMMON,
    )
    exemplars.take_step(other, "submit", people["other_staff"])
    world.ids["exemplar_kkt_submitted"] = other.id
    world.ids["evidence_of_kkt_submitted"] = other.live_evidence[0].id
    for stage, nomination in made.items():
        if stage == "propagated":
            factories.advance(
                nomination, "endorsed", owner=staff, head=head, secretariat=secretariat
            )
        else:
            factories.advance(nomination, stage, owner=staff, head=head, secretariat=secretariat)
    # Decisions: a draft with a line for the unit; a published one recognising a nomination,
    # which is then put on the honour board.
    form_id = factories.catalogue_id("form", "Giấy khen")
    draft = factories.decision(
        secretariat, 201, summary=f"Quyết định {word('decision_draft')} {COMMON}", unit="HCTC"
    )
    line = factories.award_line(draft, secretariat, unit_id=staff.unit_id, form_id=form_id)
    world.ids |= {"decision_draft": draft.id, "award_line_draft": line.id}
    published = factories.decision(
        secretariat, 202, summary=f"Quyết định {word('decision_published')} {COMMON}", unit="HCTC"
    )
    line = factories.award_line(
        published, secretariat, exemplar_id=made["propagated"].id, form_id=form_id
    )
    documents.publish(published, secretariat)
    world.ids |= {"decision_published": published.id, "award_line_published": line.id}
    factories.activity(made["propagated"], secretariat)


def _supervision(world: World, people: dict, units: dict) -> None:
    for code, head in (("KCNTT", "unit_head"), ("KKT", "kkt_head")):
        report = reports.submit(
            units[code],
            YEAR,
            people[head],
            f"Báo cáo năm {YEAR} của {code}.",
            _upload(f"bao-cao-{code}.txt", f"Báo cáo {code}\n".encode()),
        )
        world.ids[f"report_{code.lower()}"] = report.id
    inspection = inspections.record(
        people["inspector"],
        units["KCNTT"],
        date(2025, 3, 10),
        "Đoàn kiểm tra của Hội đồng",
        "Hồ sơ điển hình năm 2024",
        "Hồ sơ đầy đủ.",
        "Đạt yêu cầu.",
        ["105/KH-CĐBP"],
        [world.ids["exemplar_endorsed"], world.ids["exemplar_propagated"]],
        minutes=_upload("bien-ban.txt", b"Bien ban kiem tra\n"),
    )
    world.ids["inspection_kcntt"] = inspection.id


def visible_keys(world: World, reader: str, kinds: tuple[str, ...]) -> set[str]:
    return {k for k, kind in RECORDS.items() if kind in kinds and world.may(reader, "see", k)}
