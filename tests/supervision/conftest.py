"""Factories of the supervision tests.

Everything is made through the services (tests/factories.py), as the pages make it: the plan
36/KH-CĐBP is a KH document whose tasks carry the deadline ("trước ngày 30/6 hằng năm", for unit
heads) and the target ("ít nhất 01 điển hình"); exemplars are nominated, given a real PDF as
evidence, endorsed by their unit's head and recognised by the secretariat (or by a published
decision). The clock is frozen with ``app.config["TODAY"]``. Factories return ids, never objects
bound to a closed session.
"""

import html
import re
import socket
import threading
from datetime import date, datetime
from email import message_from_bytes
from email.policy import default as default_policy
from itertools import count

import pytest
from sqlalchemy import func, select

from intranet.accounts.models import Role, Unit, User
from intranet.documents import plans
from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.supervision import reports
from intranet.supervision.models import UnitReport
from tests import factories
from tests.conftest import PASSWORD, USERS, csrf_token, signed_in
from tests.factories import PDF, sample_bytes, unit_ids

# Beyond tests/conftest.USERS: the head of Khoa Kinh tế (username, unit, roles, full name).
EXTRA_USERS = {
    "kkt_head": ("truong.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trần Văn Kinh"),
}
# Who owns the nominations of a unit, and who heads it.
OWNERS = {"KCNTT": "staff", "KKT": "other_staff"}
HEADS = {"KCNTT": "unit_head", "KKT": "kkt_head"}


@pytest.fixture
def people(app, users):
    """tests/conftest.users plus the head of KKT; returns {key: user id}."""
    with app.app_context():
        return factories.add_people(users, EXTRA_USERS, PASSWORD)


@pytest.fixture
def sign_in(app, people):
    """sign_in("kkt_head") -> a test client signed in as that person."""

    def _sign_in(key: str):
        return signed_in(app, USERS[key][0] if key in USERS else EXTRA_USERS[key][0])

    return _sign_in


@pytest.fixture
def freeze(app):
    """freeze(date(2025, 6, 30)): the app's today in Việt Nam from now on."""

    def _freeze(day: date) -> None:
        app.config["TODAY"] = day

    return _freeze


@pytest.fixture
def make_plan(app, people):
    """make_plan(36, deadline=(30, 6), target=1, period=(2023, 2026)) -> published KH's id.

    The tasks are those of plan 36/KH-CĐBP: one without a deadline, the exemplar target and the
    yearly report deadline for unit heads, and the council's own report to the province (a yearly
    deadline assigned to a unit, which must not be taken for the units' deadline).
    """

    def _make(
        number: int = 36,
        *,
        issued_on: date = date(2023, 4, 21),
        period: tuple[int | None, int | None] = (2023, 2026),
        deadline: tuple[int, int] | None = (30, 6),
        target: int | None = 1,
        published: bool = True,
    ) -> int:
        with app.app_context():
            secretariat = db.session.get(User, people["secretariat"])
            units = unit_ids()
            plan = factories.document(
                secretariat,
                f"{number}/KH-CĐBP",
                kind="KH",
                issued_on=issued_on,
                issued_place="Bình Phước",
                summary="Thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến”",
                period_start=period[0],
                period_end=period[1],
                signer_title="PHÓ HIỆU TRƯỞNG",
                signer_name="Nguyễn Bích Liên",
                unit="HCTC",
            )
            plans.add_task(
                plan,
                "Phổ biến, quán triệt kế hoạch đến toàn thể CBVCNLĐ.",
                assignee_unit_id=units["HCTC"],
            )
            if target is not None:
                plans.add_task(
                    plan,
                    "Phấn đấu mỗi năm, mỗi đơn vị có ít nhất 01 điển hình tiên tiến.",
                    assignee_role=Role.UNIT_HEAD.value,
                    assignee_text="Các đơn vị",
                    target_count=target,
                    target_text="điển hình tiên tiến mỗi đơn vị mỗi năm",
                )
            plans.add_task(
                plan,
                "Báo cáo kết quả thực hiện kế hoạch về Ban Thi đua khen thưởng tỉnh.",
                assignee_unit_id=units["HDTDKT"],
                deadline_day=15,
                deadline_month=12,
            )
            if deadline is not None:
                plans.add_task(
                    plan,
                    "Định kỳ báo cáo kết quả thực hiện kế hoạch và danh sách điển hình tiên tiến.",
                    assignee_role=Role.UNIT_HEAD.value,
                    assignee_text="Các đơn vị",
                    deadline_day=deadline[0],
                    deadline_month=deadline[1],
                )
            if published:
                documents.publish(plan, secretariat)
            return plan.id

    return _make


@pytest.fixture
def plan(make_plan) -> int:
    """Plan 36/KH-CĐBP for 2023–2026: reports due 30/6 every year, at least 01 exemplar."""
    return make_plan()


@pytest.fixture
def make_exemplar(app, people, catalogue):
    """make_exemplar("KCNTT", "Nguyễn Thị Ánh", stage="recognised", year=2024) -> exemplar id.

    Nominated by the unit's staff member with a real PDF as evidence, the evidence accepted and
    the nomination endorsed by the unit's head, then (for "recognised" and "propagated")
    recognised by the secretariat. ``stage`` may be "draft", "submitted", "endorsed",
    "recognised" or "propagated".
    """
    numbers = count(1)

    def _make(
        unit: str = "KCNTT",
        name: str = "",
        *,
        stage: str = "recognised",
        year: int = 2024,
        achievement: str = "",
        field: str | None = "Giảng dạy",
        subject: str = "individual",
    ) -> int:
        number = next(numbers)
        field_id = catalogue("field", field) if field else None
        with app.app_context():
            owner = db.session.get(User, people[OWNERS[unit]])
            exemplar = factories.exemplar(
                owner,
                subject=subject,
                year=year,
                achievement=achievement or f"Thành tích tiêu biểu số {number} năm {year}.",
                name=name or f"Điển hình số {number}",
                field_id=field_id,
            )
            if stage != "draft":
                content = sample_bytes() + f"\n% minh chứng {number}\n".encode()
                factories.evidence(exemplar, owner, PDF, content, title=f"Giấy chứng nhận {number}")
            factories.advance(
                exemplar,
                stage,
                owner=owner,
                head=db.session.get(User, people[HEADS[unit]]),
                secretariat=db.session.get(User, people["secretariat"]),
            )
            return exemplar.id

    return _make


@pytest.fixture
def decide(app, people, catalogue):
    """decide([exemplar ids], number=12): a QĐ awarding them, published, which recognises them."""

    def _decide(exemplar_ids: list[int], number: int = 12, year: int = 2024) -> int:
        form_id = catalogue("form", "Giấy khen")
        with app.app_context():
            secretariat = db.session.get(User, people["secretariat"])
            document = factories.decision(
                secretariat, number, year=year, summary="Về việc công nhận điển hình tiên tiến"
            )
            for exemplar_id in exemplar_ids:
                factories.award_line(
                    document, secretariat, exemplar_id=exemplar_id, form_id=form_id
                )
            documents.publish(document, secretariat)
            return document.id

    return _decide


@pytest.fixture
def submit(app, people):
    """submit("KCNTT", 2025, at=datetime(…)) -> report id, submitted by the unit's head.

    ``at`` (UTC, as stored) replaces the moment of submission, as if it had been sent then.
    """

    def _submit(unit: str, year: int, *, at: datetime | None = None, summary: str = "") -> int:
        with app.app_context():
            head = db.session.get(User, people[HEADS[unit]])
            return factories.unit_report(unit, year, head, summary, at=at).id

    return _submit


@pytest.fixture
def return_report(app, people):
    """return_report(report_id, "…"): the secretariat returns it for correction."""

    def _return(report_id: int, note: str = "Bổ sung số liệu.") -> None:
        with app.app_context():
            report = db.session.get(UnitReport, report_id)
            reports.return_for_correction(
                report, db.session.get(User, people["secretariat"]), note, report.version
            )

    return _return


# Reading the database and the pages -------------------------------------------------------------


def unit_of(code: str) -> Unit:
    """The unit with this code (inside an app context)."""
    return factories.unit(code)


def unit_id(app, code: str) -> int:
    with app.app_context():
        return unit_of(code).id


def rows_of(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def document_id(app, symbol: str) -> int:
    with app.app_context():
        return db.session.execute(select(Document.id).filter_by(symbol=symbol)).scalar_one()


def exemplar_name(app, exemplar_id: int) -> str:
    with app.app_context():
        return db.session.get(Exemplar, exemplar_id).name


def text(response) -> str:
    """The page as a reader sees its text: entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def plain(response) -> str:
    """The page's text without tags, spaces collapsed: what a reader reads."""
    without_tags = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()


def between(page: str, start: str, end: str) -> str:
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def post(client, path: str, data=None, **kwargs):
    """POST a form with the session's CSRF token, read from a page as a browser would."""
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, "/supervision/notifications")
    return client.post(path, data=data, **kwargs)


# The dashboard as the page shows it --------------------------------------------------------------

DASHBOARD_ROW = re.compile(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>(.*?)</tr>', re.S)
DASHBOARD_CELL = re.compile(
    r'<td class="text-center ?([^"]*)">\s*<a href="([^"]+)"[^>]*>\s*'
    r'<span class="fs-5 fw-bold">(\d+)</span>(?:<span class="text-body-secondary">/(\d+)</span>)?'
    r'.*?<span class="badge[^"]*">([^<]*)</span>',
    re.S,
)


def board(client) -> dict:
    """{unit name: {year: {"count", "target", "mark", "state", "href"}}} as the page shows it."""
    page = client.get("/supervision/").get_data(as_text=True)
    years = [int(y) for y in re.findall(r'<th scope="col" class="text-center">(\d{4})</th>', page)]
    result = {}
    for _href, name, body in DASHBOARD_ROW.findall(page):
        cells = DASHBOARD_CELL.findall(body)
        assert len(cells) == len(years), body
        result[html.unescape(name)] = {
            year: {
                "count": int(count),
                "target": int(target) if target else None,
                "mark": {"cell-met": "met", "cell-missed": "missed"}.get(mark, ""),
                "state": re.sub(r"\s+", " ", html.unescape(state)).strip(),
                "href": html.unescape(href),
            }
            for year, (mark, href, count, target, state) in zip(years, cells, strict=True)
        }
    return result


def totals(client) -> str:
    page = client.get("/supervision/").get_data(as_text=True)
    if "<tfoot>" not in page:
        return ""
    foot = page[page.index("<tfoot>") : page.index("</tfoot>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", foot))).strip()


# A tiny SMTP server ------------------------------------------------------------------------------


class SmtpStub:
    """Just enough SMTP on 127.0.0.1 (a random port) to receive messages, in a thread."""

    def __init__(self) -> None:
        self.messages = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)  # so that close() is noticed soon
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stop = False
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _addr = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(10)
            with conn, conn.makefile("rb") as reader:
                self._session(conn, reader)

    def _session(self, conn, reader) -> None:
        conn.sendall(b"220 localhost stub\r\n")
        while True:
            line = reader.readline()
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                conn.sendall(b"250-localhost\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                conn.sendall(b"354 go ahead\r\n")
                lines = []
                while (data := reader.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.messages.append(message_from_bytes(b"".join(lines), policy=default_policy))
                conn.sendall(b"250 queued\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self._stop = True
        self._server.close()
        self._thread.join(timeout=5)


@pytest.fixture
def smtp(app):
    """A local SMTP stub, and the app configured to send its e-mail there."""
    server = SmtpStub()
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = server.port
    yield server
    server.close()
