"""An archive across the years for the eligibility tests, made through the services.

"canbo" (staff, KCNTT) holds every chain: Lao động tiên tiến 2024, Chiến sĩ thi đua cơ sở
2022–2024, Chiến sĩ thi đua cấp tỉnh 2023–2024, "Hoàn thành xuất sắc" in 2023 and 2024, an
accepted initiative in a 2024 nomination, and registered for Lao động tiên tiến in 2024.
"truongkhoa" (head of KCNTT) registered for Chiến sĩ thi đua cơ sở in 2024. The unit KCNTT holds
Tập thể lao động tiên tiến and xuất sắc 2024, the province's flag 2023–2024, and registered for
Tập thể lao động tiên tiến; KKT registered for Tập thể lao động xuất sắc. "canbo.kt" (KKT) and
the unit HCTC have nothing. Everything is dated in a school year ending 20/12/2024.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from intranet.accounts.models import Role, User
from intranet.documents import services as documents
from intranet.emulation import services as emulation
from intranet.emulation.models import Rating
from intranet.exemplars import services as exemplars
from intranet.extensions import db
from tests import factories
from tests.conftest import PASSWORD

TODAY = date(2024, 12, 20)
YEAR = 2024
EXTRA = {"kkt_head": ("truong.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trưởng khoa Kinh tế")}


@dataclass
class World:
    people: dict[str, int]
    units: dict[str, int]
    exemplar: int  # canbo's 2024 nomination, with the accepted initiative
    no_account_line: int  # an award line naming a person without an account


def _user(people, key) -> User:
    return db.session.get(User, people[key])


def _decision(secretariat, number, year, lines) -> int:
    decision = factories.decision(secretariat, number, year=year)
    for fields in lines:
        factories.award_line(decision, secretariat, **fields)
    documents.publish(decision, secretariat)
    return decision.id


@pytest.fixture
def world(app, users, catalogue) -> World:
    app.config["TODAY"] = TODAY
    title = lambda name: catalogue("title", name)  # noqa: E731
    with app.app_context():
        people = factories.add_people(users, EXTRA, PASSWORD)
        units = factories.unit_ids()
        secretariat, head = _user(people, "secretariat"), _user(people, "unit_head")
        staff, kkt_head = _user(people, "staff"), _user(people, "kkt_head")
        emulation.register(staff, YEAR, title("Lao động tiên tiến"), "Hoàn thành tốt nhiệm vụ.")
        emulation.register(head, YEAR, title("Chiến sĩ thi đua cơ sở"), "Có sáng kiến.")
        emulation.register(head, YEAR, title("Tập thể lao động tiên tiến"), "Cả khoa.", True)
        emulation.register(kkt_head, YEAR, title("Tập thể lao động xuất sắc"), "Cả khoa.", True)
        excellent = db.session.execute(
            db.select(Rating.id).filter_by(name="Hoàn thành xuất sắc")
        ).scalar_one()
        for year in (2023, 2024):
            minutes = factories.upload("bien-ban.pdf", factories.sample_bytes())
            emulation.record_round(head, year, 0, [emulation.Result(staff.id, excellent)], minutes)
        nomination = factories.exemplar(staff, year=YEAR, person_id=staff.id)
        initiative = factories.evidence(
            nomination, staff, title="Sáng kiến: chấm bài thực hành tự động"
        )
        factories.evidence(
            nomination,
            staff,
            content=factories.sample_bytes() + b"\n% 2\n",
            title="Giấy chứng nhận dạy giỏi",
        )
        exemplars.take_step(nomination, "submit", staff)
        exemplars.review_evidence(initiative, "accepted", head)

        def person(name, who=staff):
            return {"person_id": who.id, "title_id": title(name)}

        def unit(name, code="KCNTT"):
            return {"unit_id": units[code], "title_id": title(name)}

        _decision(secretariat, 30, 2022, [person("Chiến sĩ thi đua cơ sở")])
        _decision(
            secretariat,
            31,
            2023,
            [
                person("Chiến sĩ thi đua cơ sở"),
                person("Chiến sĩ thi đua cấp tỉnh"),
                unit("Cờ thi đua của Ủy ban nhân dân tỉnh"),
            ],
        )
        _decision(
            secretariat,
            32,
            2024,
            [
                person("Lao động tiên tiến"),
                person("Chiến sĩ thi đua cơ sở"),
                person("Chiến sĩ thi đua cấp tỉnh"),
                unit("Tập thể lao động tiên tiến"),
                unit("Tập thể lao động xuất sắc"),
                unit("Cờ thi đua của Ủy ban nhân dân tỉnh"),
            ],
        )
        # A person without an account, nominated by name and rewarded in 2024.
        named = factories.exemplar(staff, year=YEAR, name="Bà Hai Bảo vệ")
        letter = factories.evidence(
            named, staff, content=factories.sample_bytes() + b"\n% 3\n", title="Thư khen"
        )
        exemplars.take_step(named, "submit", staff)
        exemplars.review_evidence(letter, "accepted", head)
        exemplars.take_step(named, "endorse", head)
        draft = factories.decision(secretariat, 33, year=2024)
        line = factories.award_line(
            draft, secretariat, exemplar_id=named.id, title_id=title("Lao động tiên tiến")
        )
        documents.publish(draft, secretariat)
        return World(people, units, nomination.id, line.id)
