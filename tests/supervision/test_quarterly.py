"""The year by quarter: per unit, nominations submitted, exemplars recognised and propagated in
each quarter, the year against the plan's target, registrations and evaluations; the counts
agree with the records; only those who read everything open it."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from intranet.accounts.models import User
from intranet.emulation import services as emulation
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Exemplar, ExemplarEvent, Stage
from intranet.extensions import db
from tests import factories

CELL = re.compile(r'<td data-q="(?P<q>[^"]+)"[^>]*>(?P<value>[^<]*)')


def cells(client, year: int = 2025) -> dict[str, dict[str, str]]:
    """{unit code: {"1-submitted": "1", …, "year-exemplars": "1/1"}} of the page."""
    page = client.get(f"/supervision/quarters?year={year}").get_data(as_text=True)
    rows = {}
    for match in re.finditer(r'<tr data-unit="([^"]+)">(.*?)</tr>', page, re.S):
        rows[match[1]] = {m["q"]: m["value"].strip() for m in CELL.finditer(match[2])}
    return rows


@pytest.fixture
def year(app, people, freeze, make_plan, catalogue):
    """Khoa CNTT: A submitted in Q1, recognised in Q2, propagated in Q3; B submitted, returned
    and resubmitted in Q2. Khoa Kinh tế: C submitted in Q2. Two registrations and a first
    quarter's evaluation of two people in Khoa CNTT."""
    make_plan(target=1)
    with app.app_context():
        emulation.seed_ratings()
        get = lambda key: db.session.get(User, people[key])  # noqa: E731
        staff, head, secretariat = get("staff"), get("unit_head"), get("secretariat")
        other = get("other_staff")

        freeze(date(2025, 2, 10))
        a = factories.exemplar(staff, year=2025, name="Nguyễn A", subject="individual")
        factories.evidence(a, staff)
        exemplars.take_step(a, "submit", staff)
        good = next(r.id for r in emulation.ratings() if r.name == "Hoàn thành tốt")
        emulation.record_round(
            head,
            2025,
            1,
            [emulation.Result(staff.id, good), emulation.Result(head.id, good)],
            minutes=factories.upload("bien-ban.pdf", factories.MINI_PDF),
        )
        for person in (staff, head):
            emulation.register(
                person, 2025, factories.catalogue_id("title", "Lao động tiên tiến"), "Cam kết."
            )

        freeze(date(2025, 5, 5))
        for evidence in a.live_evidence:
            exemplars.review_evidence(evidence, "accepted", head)
        exemplars.take_step(a, "endorse", head)
        exemplars.take_step(a, "recognise", secretariat)
        b = factories.exemplar(staff, year=2025, name="Trần B")
        factories.evidence(b, staff)
        exemplars.take_step(b, "submit", staff)
        exemplars.take_step(b, "return", head, note="Bổ sung.")
        exemplars.take_step(b, "submit", staff)
        c = factories.exemplar(other, year=2025, name="Lê C")
        factories.evidence(c, other)
        exemplars.take_step(c, "submit", other)

        freeze(date(2025, 8, 1))
        factories.activity(a, secretariat, on=date(2025, 8, 1))
    return 2025


def test_each_quarter_counts_the_steps_taken_in_it(year, sign_in):
    rows = cells(sign_in("secretariat"))

    kcntt = rows["KCNTT"]
    assert [kcntt[f"{q}-submitted"] for q in (1, 2, 3, 4)] == ["1", "1", "0", "0"]
    assert [kcntt[f"{q}-recognised"] for q in (1, 2, 3, 4)] == ["0", "1", "0", "0"]
    assert [kcntt[f"{q}-propagated"] for q in (1, 2, 3, 4)] == ["0", "0", "1", "0"]
    assert [kcntt[f"{q}-evaluated"] for q in (1, 2, 3, 4)] == ["2", "—", "—", "—"]
    assert rows["KKT"]["2-submitted"] == "1"


def test_the_year_counts_against_the_plans_target(year, sign_in):
    rows = cells(sign_in("leader"))

    assert rows["KCNTT"]["year-exemplars"].startswith("1/1")
    assert rows["KCNTT"]["year-propagated"] == "1"
    assert rows["KCNTT"]["year-registrations"] == "2"
    assert rows["KKT"]["year-exemplars"].startswith("0/1")
    assert rows["KKT"]["year-registrations"] == "0"


def test_the_school_totals_agree_with_the_records(app, year, sign_in):
    rows = cells(sign_in("inspector"))

    with app.app_context():
        submitted = db.session.execute(
            select(func.count(func.distinct(ExemplarEvent.exemplar_id))).where(
                ExemplarEvent.to_stage == Stage.SUBMITTED
            )
        ).scalar()
        counted = db.session.execute(
            select(func.count(Exemplar.id)).where(
                Exemplar.year == 2025, Exemplar.stage.in_((Stage.RECOGNISED, Stage.PROPAGATED))
            )
        ).scalar()
    assert sum(int(r[f"{q}-submitted"]) for r in rows.values() for q in (1, 2, 3, 4)) == submitted
    assert sum(int(r["year-exemplars"].split("/")[0]) for r in rows.values()) == counted


@pytest.mark.parametrize("who", ["staff", "unit_head"])
def test_only_those_who_read_everything_open_it(people, sign_in, who):
    assert sign_in(who).get("/supervision/quarters").status_code == 403


def test_a_year_out_of_range_is_not_found(people, sign_in):
    assert sign_in("secretariat").get("/supervision/quarters?year=1800").status_code == 404


def test_the_dashboard_links_to_it_for_those_who_supervise(people, sign_in):
    assert "/supervision/quarters" in sign_in("secretariat").get("/supervision/").get_data(
        as_text=True
    )
