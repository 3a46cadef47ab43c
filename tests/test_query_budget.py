"""The query budget: a page or an API list runs as many SQL statements with 50 rows as with 5.

One world is built through ``tests/factories.py`` with 5 of each kind of row a page lists
(documents, a plan's files and tasks, nominations on the honour board and in a dossier, evidence
of one nomination, decisions, award lines of one decision, units with their reports, inspections,
search hits, audit entries); every page and API list is asked once to warm up and once counted
(``before_cursor_execute`` on the engine); then the world grows to 50 of each and every request is
counted again. A count that grows with the rows is a query per row (a lazy load, a template that
asks the database for each line); the test names every such page with both counts.
"""

import collections
import itertools
from datetime import date

from sqlalchemy import event

from intranet.accounts import services as accounts
from intranet.accounts import tokens as api_tokens
from intranet.accounts.models import Role, User
from intranet.documents import files, plans
from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.indexing import worker
from intranet.supervision import inspections
from tests import factories
from tests.conftest import PASSWORD, USERS, signed_in

SMALL, LARGE = 5, 50
YEAR = 2024


class World:
    """The ids of the records the pages are asked about, and counters for fresh numbers."""

    def __init__(self, users: dict[str, int]):
        self.users = users
        self.numbers = itertools.count(100)
        self.units = itertools.count(1)
        self.size = 0
        self.totals: dict[str, int] = {}

    def user(self, key: str) -> User:
        return db.session.get(User, self.users[key])


def _setup(world: World) -> None:
    """The records that gain rows as the world grows: a draft plan, a draft decision, a draft
    nomination that gathers evidence."""
    secretariat, staff = world.user("secretariat"), world.user("staff")
    plan = factories.document(secretariat, f"{next(world.numbers)}/KH-CĐBP")
    world.plan = plan.id
    world.draft_decision = factories.decision(secretariat, next(world.numbers)).id
    world.entries = {
        "form_id": factories.catalogue_id("form", "Giấy khen"),
        "kind_id": factories.catalogue_id("kind", "Thường xuyên"),
        "level_id": factories.catalogue_id("level", "Cấp trường"),
    }
    world.titles = [
        factories.catalogue_id("title", "Lao động tiên tiến"),
        factories.catalogue_id("title", "Chiến sĩ thi đua cơ sở"),
    ]
    world.gathering = factories.exemplar(
        staff, person_id=staff.id, achievement="Nhiều minh chứng"
    ).id


def _grow(world: World, count: int) -> None:
    """Add ``count`` rows of every kind the pages list."""
    secretariat, staff = world.user("secretariat"), world.user("staff")
    head, inspector = world.user("unit_head"), world.user("inspector")
    # Documents: half for everyone, half for two units (the visibility EXISTS has work to do).
    for i in range(count):
        factories.document(
            secretariat,
            f"{next(world.numbers)}/KH-CĐBP",
            units=("KCNTT", "KKT") if i % 2 else None,
            summary=f"{factories.PLAN_SUMMARY} đợt {i}",
            publish=True,
        )
    # The plan's files and tasks.
    plan = db.session.get(Document, world.plan)
    names = [f"phu-luc-{world.size + i}.pdf" for i in range(count)]
    files.attach(plan, [factories.upload(n, factories.MINI_PDF) for n in names], secretariat)
    for i in range(count):
        plans.add_task(
            plan,
            f"Nhiệm vụ {world.size + i}",
            assignee_unit_id=staff.unit_id,
            deadline_day=30,
            deadline_month=6,
            target_count=1,
        )
    # Nominations naming the staff member, propagated, and a decision that recognises them.
    nominations = []
    for i in range(count):
        # One award a year for each title: two titles, a year for each pair (2000…2024).
        k = world.size + i
        nomination = factories.exemplar(
            staff, person_id=staff.id, year=2000 + k // 2, achievement=f"Thành tích {k}"
        )
        factories.evidence(nomination, staff, "giay-khen.pdf", factories.MINI_PDF)
        factories.advance(nomination, "propagated", owner=staff, head=head, secretariat=secretariat)
        nominations.append(nomination)
    recognising = factories.decision(secretariat, next(world.numbers))
    for k, nomination in enumerate(nominations, start=world.size):
        factories.award_line(
            recognising,
            secretariat,
            exemplar_id=nomination.id,
            person_id=staff.id,
            recipient_name=nomination.name,
            amount=500_000,
            title_id=world.titles[k % 2],
            **world.entries,
        )
    documents.publish(recognising, secretariat)
    # More decisions, and lines of the draft decision.
    for _ in range(count - 1):
        factories.decision(secretariat, next(world.numbers), publish=True)
    draft = db.session.get(Document, world.draft_decision)
    for _ in range(count):
        factories.award_line(draft, secretariat, person_id=staff.id, amount=1000, **world.entries)
    # Evidence of one nomination.
    gathering = db.session.get(Exemplar, world.gathering)
    for i in range(count):
        factories.evidence(gathering, staff, f"minh-chung-{world.size + i}.pdf", factories.MINI_PDF)
    # Units, each with a head who has sent the year's report.
    for _ in range(count):
        n = next(world.units)
        unit = accounts.save_unit(None, f"DV{n:03d}", f"Đơn vị thứ {n}")
        unit_head = accounts.create_user(
            f"truong.dv{n}", f"Trưởng đơn vị {n}", unit, (Role.UNIT_HEAD, Role.STAFF), PASSWORD
        )
        factories.unit_report(unit.code, YEAR, unit_head)
    # Inspections of the staff member's unit.
    for i in range(count):
        inspections.record(
            inspector,
            staff.unit,
            date(YEAR, 3, 1 + i % 28),
            "Đoàn kiểm tra của Hội đồng",
            f"Kiểm tra lần {world.size + i}",
            "",
            "",
            [],
            [],
        )
    world.size += count
    while worker.extract_pending():
        pass
    worker.process_outbox()


def requests(world: World) -> list[tuple[str, str, str]]:
    """(what, who, path) of every main page and API list."""
    u = world.users
    return [
        ("home (staff)", "staff", "/"),
        ("home (secretariat)", "secretariat", "/"),
        ("document list", "staff", "/documents/"),
        ("document page", "secretariat", f"/documents/{world.plan}"),
        ("exemplar list", "secretariat", "/exemplars/?queue=all"),
        ("exemplar page", "staff", f"/exemplars/{world.gathering}"),
        ("honour board", "staff", "/exemplars/honour-board"),
        ("dossier", "staff", f"/exemplars/dossier/person/{u['staff']}"),
        ("decision list", "secretariat", "/exemplars/decisions"),
        ("decision page", "secretariat", f"/exemplars/decisions/{world.draft_decision}"),
        ("reports page", "secretariat", f"/supervision/reports?year={YEAR}"),
        ("dashboard", "secretariat", "/supervision/"),
        ("inspections list", "inspector", "/supervision/inspections"),
        ("search page", "staff", "/search/?q=tuy%C3%AAn+truy%E1%BB%81n"),
        ("audit list", "inspector", "/audit/"),
        ("API documents", "staff", "/api/v1/documents?per_page=100"),
        ("API exemplars", "secretariat", "/api/v1/exemplars?queue=all&per_page=100"),
        ("API evidence", "staff", f"/api/v1/exemplars/{world.gathering}/evidence?per_page=100"),
        ("API decisions", "secretariat", "/api/v1/decisions?per_page=100"),
        ("API reports", "secretariat", f"/api/v1/reports?year={YEAR}&per_page=100"),
        ("API inspections", "inspector", "/api/v1/inspections?per_page=100"),
        ("API audit", "inspector", "/api/v1/audit?per_page=100"),
        ("API search", "staff", "/api/v1/search?q=tuy%C3%AAn+truy%E1%BB%81n&per_page=100"),
    ]


class Counter:
    """Counts the statements sent to the database while it is on."""

    def __init__(self, engine):
        self.count, self.on, self.statements = 0, False, []
        self.seen = {}
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *args):
        if self.on:
            self.count += 1
            self.statements.append(statement)

    def measure(self, client, path: str, headers: dict) -> int:
        client.get(path, headers=headers)  # warm: caches of the process, the session's setup
        self.count, self.on, self.statements = 0, True, []
        try:
            response = client.get(path, headers=headers)
        finally:
            self.on = False
        assert response.status_code == 200, (path, response.status_code)
        self.last = response
        return self.count


def measure_all(app, world: World, counter: Counter, clients: dict, tokens: dict) -> dict:
    counts = {}
    for what, who, path in requests(world):
        if path.startswith("/api/"):
            client, headers = app.test_client(), {"Authorization": f"Bearer {tokens[who]}"}
        else:
            client, headers = clients[who], {}
        counts[what] = counter.measure(client, path, headers)
        if path.startswith("/api/"):
            world.totals[what] = counter.last.get_json()["total"]
        counter.seen[what] = counter.statements
    return counts


# What may differ between 5 and 50 rows, and why: nothing. Every page and list is asked for the
# same page of rows with the same statements; the rows only make the answers longer.
ALLOWED_GROWTH: dict[str, int] = {}


def test_queries_per_request_do_not_grow_with_the_rows(app, users, catalogue):
    world = World(users)
    with app.app_context():
        _setup(world)
        _grow(world, SMALL)
        keys = {who for _, who, _ in requests(world)}
        tokens = {k: api_tokens.create_token(world.user(k), "đếm truy vấn", 30)[1] for k in keys}
        engine = db.engine
    clients = {k: signed_in(app, USERS[k][0]) for k in keys}
    counter = Counter(engine)
    small = measure_all(app, world, counter, clients, tokens)
    with app.app_context():
        _grow(world, LARGE - SMALL)
    large = measure_all(app, world, counter, clients, tokens)

    # The lists did hold the rows (the API's totals; the pages share their queries).
    for what in ("API documents", "API exemplars", "API evidence", "API decisions"):
        assert world.totals[what] >= LARGE, (what, world.totals[what])
    assert world.totals["API inspections"] == LARGE
    assert world.totals["API search"] >= 10
    table = "\n".join(f"{what:24} {small[what]:4} {large[what]:4}" for what in small)
    print(f"\n{'request':24} {SMALL:4} {LARGE:4}\n{table}")
    grown = {
        what: (small[what], large[what])
        for what in small
        if large[what] - small[what] > ALLOWED_GROWTH.get(what, 0)
    }
    for what in grown:
        repeated = collections.Counter(counter.seen[what]).most_common(3)
        table += f"\n{what}: " + "; ".join(f"{n}× {q[:300]}" for q, n in repeated)
    assert grown == {}, f"queries grow with the rows (5 rows, 50 rows):\n{table}"
