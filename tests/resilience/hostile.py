"""What the hostile-input tests share: the values thrown at the app, what must never come back,
a tally of answers, and the records every form acts on."""

import re
from collections import Counter
from datetime import date
from itertools import count

from sqlalchemy import func, select, union_all

from intranet.accounts.models import User
from intranet.documents import services
from intranet.documents.models import FileVersion
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Evidence, Exemplar
from intranet.extensions import db
from intranet.supervision.models import Inspection
from tests import factories
from tests.conftest import USERS, login
from tests.indexing.conftest import run_worker
from tests.resilience.figures import report
from tests.resilience.records import make_world

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>{{ "zq" * 3 }}'
# What must never reach a page unescaped, whatever was typed (zqzqzq: a template ran the input).
RAW = ("<script>alert(1)", "<img src=x onerror", "zqzqzq")
# WTForms' own messages: English, where a Vietnamese reader must get Vietnamese.
ENGLISH = (
    "Field cannot be longer",
    "Field must be",
    "This field is required",
    "Not a valid",
    "Invalid Choice",
    "Number must be",
)
HOSTILE = {
    "script": SCRIPT,
    "attribute": ATTRIBUTE,
    "control": "a\x1b[2J\x07\x7f\u202etxt.exe\u2028\r\nX-Injected: 1",
    "nul": "tệp\x00ẩn",
    "path": "../../../../etc/passwd",
    "bignum": "9" * 30,  # past any integer column
    "huge": "Đ" + "A" * (1024 * 1024),  # 1 MB
    "empty": "",
}
TXT = ("ghi-chu.txt", "Nội dung tệp đính kèm hợp lệ.\n".encode())
# Tables whose rows a refused form must not change (the trail, sessions and queues may).
KEEP_OUT = {"audit_entry", "audit_head", "login_session", "search_outbox", "extracted_text"}
serial = count(100)
# Forms whose success is a page, not a redirect: the new token is shown once.
SAVED_WITH_200 = ("/profile/tokens",)


class Tally:
    def __init__(self):
        self.counts = Counter()
        self.counts_by_status = Counter()
        self.problems: list[str] = []
        self.bomb = ""

    def problem(self, kind: str, text: str) -> None:
        self.counts[kind] += 1
        self.problems.append(f"{kind}: {text}"[:400])

    def look(self, response, where: str) -> None:
        """No server error, and no raw markup in what comes back."""
        if response.status_code >= 500:
            self.problem("server_errors", f"{where} -> {response.status_code}")
        body = response.get_data(as_text=True) if response.mimetype.startswith("text/") else ""
        body += " ".join(f"{k}: {v}" for k, v in response.headers.items())
        for raw in RAW:
            if raw in body:
                self.problem("unescaped", f"{where}: {raw!r} in the answer")
        for english in ENGLISH:
            if english in body:
                self.problem("not_vietnamese", f"{where}: {english!r} in the answer")
        if "\r" in response.headers.get("Content-Disposition", "") or "X-Injected" in (
            response.headers
        ):
            self.problem("unescaped", f"{where}: a header was split")

    def report(self, title: str) -> None:
        report(
            f"hostile ({title})",
            tried=self.counts["tried"],
            server_errors=self.counts["server_errors"],
            unescaped=self.counts["unescaped"],
            not_vietnamese=self.counts["not_vietnamese"],
            stored_wrongly=self.counts["stored_wrongly"],
            statuses=dict(sorted(self.counts_by_status.items())),
            **({"zip_bomb": self.bomb} if self.bomb else {}),
        )
        assert not self.problems, "\n".join(self.problems[:40])


def business_rows(app) -> tuple[int, ...]:
    """The row count of every table a refused form must leave alone, in one query."""
    with app.app_context():
        tables = [t for t in db.metadata.sorted_tables if t.name not in KEEP_OUT]
        query = union_all(*(select(func.count()).select_from(t) for t in tables))
        return tuple(db.session.execute(query).scalars())


def client_of(app, key: str):
    client = app.test_client()
    if key != "anonymous":
        response = login(client, USERS[key][0])
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


def make_place(app, users) -> dict:
    """The restricted records of the leak tests, plus a draft, a plan, a decision and a
    nomination still in draft: every form has something to act on."""
    # A server error is an answer to count (500), as in production, not an exception here.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    ids = make_world(app, users)
    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        draft = factories.document(
            secretariat, "93/TB-CĐBP", kind="TB", issued_on=date(2024, 1, 5), summary="Nháp"
        )
        plan = factories.document(
            secretariat,
            "94/KH-CĐBP",
            kind="KH",
            issued_on=date(2024, 1, 5),
            summary="Kế hoạch",
        )  # a draft: an issued plan's tasks never change (409), so its task form is gone
        decision = factories.document(
            secretariat,
            "95/QĐ-CĐBP",
            kind="QĐ",
            issued_on=date(2024, 7, 15),
            summary="Về việc khen thưởng",
        )
        owner = db.session.get(User, users["staff"])
        nomination = factories.exemplar(owner, name="Trần Văn Nháp", achievement="Thành tích.")
        ids |= {
            "new_document": lambda: new_document(app, users),
            "new_nomination": lambda: new_nomination(app, users),
            "draft_id": draft.id,
            "plan_id": plan.id,
            "decision_id": decision.id,
            "nomination_id": nomination.id,
            "kcntt": ids["unit_id"],
            # The admin's user form gets hostile values (it may deactivate its user): another
            # person than the owner who still nominates through new_nomination.
            "user_id": users["other_staff"],
            "year": date.today().year,
        }
    return ids


def new_document(app, users) -> int:
    """A document published to all, for a form that retires it."""
    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        return factories.document(
            secretariat,
            f"{next(serial)}/TB-CĐBP",
            kind="TB",
            issued_on=date(2024, 2, 1),
            summary="Thông báo để thu hồi hoặc thay thế",
            publish=True,
        ).id


def new_nomination(app, users) -> int:
    """A nomination of KCNTT, submitted: its unit head may return it."""
    with app.app_context():
        owner = db.session.get(User, users["staff"])
        nomination = factories.exemplar(owner, name="Phạm Văn Trả", achievement="Thành tích.")
        n = next(serial)
        content = f"Giấy khen số {n}.\n".encode()
        factories.evidence(
            nomination, owner, f"giay-khen-{n}.txt", content, title="Giấy khen", on=date(2024, 5, 2)
        )
        exemplars.take_step(nomination, "submit", owner)
        return nomination.id


def read_back(app, clients, extra: set[str], tally: Tally) -> None:
    """Every page that shows what was stored, as the people who may see it."""
    with app.app_context():
        documents = [d for (d,) in db.session.execute(select(services.Document.id))]
        nominations = [e for (e,) in db.session.execute(select(Exemplar.id))]
        inspections = [i for (i,) in db.session.execute(select(Inspection.id))]
    pages = {
        "/",
        "/documents/",
        "/documents/?status=draft",
        "/exemplars/",
        "/exemplars/catalogues",
        "/exemplars/decisions",
        "/exemplars/honour-board",
        "/supervision/",
        "/supervision/reports",
        "/supervision/inspections",
        "/supervision/notifications",
        "/search/?q=alert",
        "/search/?q=script",
        "/audit/",
        "/audit/?q=alert",
        "/api/v1/documents?per_page=100",
        "/api/v1/exemplars?per_page=100",
        *extra,
        *(f"/documents/{d}" for d in documents),
        *(f"/audit/document/{d}" for d in documents),
        *(f"/exemplars/{e}" for e in nominations),
        *(f"/supervision/inspections/{i}" for i in inspections),
    }
    run_worker(app)
    for who in ("secretariat", "inspector", "unit_head", "staff"):
        for url in sorted(pages):
            tally.look(clients[who].get(url), f"read back {who} {url}")
    for url in ("/admin/users", "/admin/units"):
        tally.look(clients["admin"].get(url), f"read back admin {url}")
    tally.look(clients["leader"].get("/profile"), "read back leader /profile")


def stored_names_are_clean(app, tally: Tally) -> None:
    """No stored file name keeps a path, a control or a bidi character."""
    bad = re.compile(r"[/\\\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
    with app.app_context():
        names = list(db.session.execute(select(FileVersion.original_name)).scalars())
        names += list(db.session.execute(select(Evidence.original_name)).scalars())
    for name in names:
        if bad.search(name):
            tally.problem("stored_wrongly", f"file name stored as {name!r}")
