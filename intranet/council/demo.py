"""Demo of the council: its members for the year (the principal's deputy chairs, the
secretariat is secretary) and two nominations of people who registered for a title this year,
taken to "endorsed" after their unit's bình xét: the candidates waiting for the council's
meeting. Called after the emulation year's demo (registrations and thresholds)."""

import io
from datetime import date

from intranet import clock
from intranet.accounts.models import Role, Unit, User
from intranet.council import services
from intranet.council.models import Seat
from intranet.emulation import nominations, review
from intranet.exemplars import services as exemplars
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.demo import DEMO_FILES, PLAN_PDF
from intranet.exemplars.services import ExemplarData
from intranet.extensions import db

MEMBERS = (
    ("lanhdao", Seat.CHAIR),
    ("thuongtruc", Seat.SECRETARY),
    ("kiemtra", Seat.MEMBER),
    ("truongkhoa", Seat.MEMBER),
)
CANDIDATES = (
    ("canbo", "Giảng dạy 620 giờ, vượt 35% định mức; 02 học phần số hoá trên hệ thống LMS."),
    ("canbo.kt", "Đưa 20 sinh viên đi thực tập doanh nghiệp; 01 đề tài cấp trường."),
)


class _Upload:
    def __init__(self, name: str, data: bytes):
        self.filename, self.stream = name, io.BytesIO(data)


def _head(unit: Unit) -> User:
    return next(u for u in unit.users if u.has_role(Role.UNIT_HEAD))


def load(units: dict[str, Unit], users: dict[str, User]) -> None:
    year = clock.today().year
    secretariat = users["thuongtruc"]
    for username, seat in MEMBERS:
        services.add_member(secretariat, year, users[username].id, seat.value)
    for username, achievement in CANDIDATES:
        person = users[username]
        head = _head(person.unit)
        nomination = exemplars.save_exemplar(
            None,
            ExemplarData(
                subject="individual",
                year=year,
                achievement=achievement,
                person_id=person.id,
                name=person.full_name,
            ),
            person,
        )
        pdf = _Upload(PLAN_PDF, (DEMO_FILES / PLAN_PDF).read_bytes())
        exemplars.add_evidence(nomination, pdf, person, "Báo cáo thành tích", date(year, 1, 15))
        exemplars.take_step(nomination, "submit", person)
        for evidence in nomination.live_evidence:
            exemplars.review_evidence(evidence, "accepted", head, "Đúng thực tế.")
        title = db.session.execute(
            db.select(CatalogueEntry).where(
                CatalogueEntry.group == Group.TITLE,
                CatalogueEntry.name == nominations.proposed_title(nomination),
            )
        ).scalar_one()
        review.record_tally(nomination, head, title.id, clock.today(), 12, 11, 1)
        exemplars.take_step(nomination, "endorse", head)
