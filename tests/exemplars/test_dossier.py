"""Dossiers: one page per person or collective with their records and awards across the years."""

import re

import pytest

from intranet.accounts.models import User
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests import factories
from tests.conftest import unit_id
from tests.exemplars.conftest import between, text


def records(page: str) -> list[str]:
    """The records listed: "Năm 2024 – Giảng dạy", newest first."""
    section = between(page, 'id="h-rec"', "</section>")
    return [
        re.sub(r"\s+", " ", r).strip()
        for r in re.findall(r'href="/exemplars/\d+">([^<]+)</a>', section)
    ]


def awards(page: str) -> list[str]:
    """The awards listed: "title · form — symbol", newest decision first."""
    section = between(page, 'id="h-aw"', "</section>")
    items = re.findall(
        r"<strong>([^<]+)</strong>(?: · ([^<\n]+))?\s*<div class=\"small\">Quyết định "
        r'<a href="/exemplars/decisions/\d+">([^<]+)</a>',
        section,
    )
    return [f"{t}{' · ' + f if f else ''} — {s}" for t, f, s in items]


@pytest.fixture
def career(app, people, make_exemplar, make_decision, award, issue):
    """The nominee's record: 2023 recognised and propagated, 2024 endorsed; decisions of both."""
    old = make_exemplar("staff", nominee="nominee", year=2023, field="Giảng dạy", stage="endorsed")
    new = make_exemplar(
        "staff", nominee="nominee", year=2024, field="Nghiên cứu khoa học", stage="endorsed"
    )
    decision_2023 = make_decision(98, year=2023)
    award(decision_2023, exemplar=old, title="Chiến sĩ thi đua cơ sở", form="Giấy khen")
    issue(decision_2023)
    with app.app_context():  # the first propagation activity puts it on the honour board
        factories.activity(
            db.session.get(Exemplar, old), db.session.get(User, people["secretariat"])
        )
    decision_2024 = make_decision(125, year=2024)
    award(decision_2024, person="nominee", title="Lao động tiên tiến", form=None)
    issue(decision_2024)
    return {"old": old, "new": new}


def test_a_person_dossier_lists_their_records_across_the_years(app, sign_in, people, career):
    page = text(sign_in("nominee").get(f"/exemplars/dossier/person/{people['nominee']}"))

    assert "Hồ sơ thành tích: Lê Thị Được Đề Xuất" in page
    assert records(page) == ["Năm 2024 – Nghiên cứu khoa học", "Năm 2023 – Giảng dạy"]


def test_a_person_dossier_lists_their_awards_across_the_years(app, sign_in, people, career):
    page = text(sign_in("nominee").get(f"/exemplars/dossier/person/{people['nominee']}"))

    assert awards(page) == [
        "Lao động tiên tiến — 125/QĐ-CĐBP",
        "Chiến sĩ thi đua cơ sở · Giấy khen — 98/QĐ-CĐBP",
    ]


def test_a_person_dossier_leaves_out_awards_of_a_draft_decision(
    app, sign_in, people, career, make_decision, award
):
    draft = make_decision(200, year=2024)
    award(draft, person="nominee", title="Chiến sĩ thi đua cấp tỉnh", form=None)

    page = text(sign_in("nominee").get(f"/exemplars/dossier/person/{people['nominee']}"))

    assert "Chiến sĩ thi đua cấp tỉnh" not in between(page, 'id="h-aw"', "</section>")
    assert len(awards(page)) == 2


def test_a_person_dossier_shows_others_only_the_propagated_records(app, sign_in, people, career):
    page = text(sign_in("other_staff").get(f"/exemplars/dossier/person/{people['nominee']}"))

    assert records(page) == ["Năm 2023 – Giảng dạy"]


def test_every_record_link_of_a_dossier_opens_for_its_reader(app, sign_in, people, career):
    client = sign_in("other_staff")  # another unit: the propagated record only
    page = text(client.get(f"/exemplars/dossier/person/{people['nominee']}"))
    links = re.findall(r'href="(/exemplars/\d+)"', page)

    assert links
    assert all(client.get(link).status_code == 200 for link in links)


@pytest.fixture
def unit_history(make_exemplar, make_decision, award, issue, step):
    """KCNTT as a collective in 2023 and 2024, one of its members, and their decisions."""
    collective_2023 = make_exemplar("unit_head", subject="collective", year=2023, stage="endorsed")
    collective_2024 = make_exemplar(
        "unit_head",
        subject="collective",
        name="Tổ Bộ môn Mạng máy tính",
        year=2024,
        stage="submitted",
    )
    member = make_exemplar("staff", nominee="nominee", year=2024, stage="endorsed")
    decision_2023 = make_decision(98, year=2023)
    award(decision_2023, exemplar=collective_2023, title="Tập thể lao động xuất sắc")
    issue(decision_2023)
    decision_2024 = make_decision(125, year=2024)
    award(decision_2024, unit="KCNTT", title="Tập thể lao động tiên tiến", form=None)
    award(decision_2024, exemplar=member, title="Chiến sĩ thi đua cơ sở", form=None)
    issue(decision_2024)
    return {"2023": collective_2023, "2024": collective_2024, "member": member}


def test_a_unit_dossier_lists_its_collective_records(app, sign_in, unit_history):
    page = text(sign_in("unit_head").get(f"/exemplars/dossier/unit/{unit_id(app, 'KCNTT')}"))

    assert "Hồ sơ thành tích: Khoa Công nghệ thông tin" in page
    section = between(page, 'id="h-rec"', "</section>")
    assert [f"/exemplars/{unit_history[y]}" for y in ("2024", "2023")] == re.findall(
        r'href="(/exemplars/\d+)"', section
    )


def test_a_unit_dossier_lists_the_awards_of_the_collective_not_of_its_members(
    app, sign_in, unit_history
):
    page = text(sign_in("unit_head").get(f"/exemplars/dossier/unit/{unit_id(app, 'KCNTT')}"))

    assert awards(page) == [
        "Tập thể lao động tiên tiến — 125/QĐ-CĐBP",
        "Tập thể lao động xuất sắc · Giấy khen — 98/QĐ-CĐBP",
    ]
