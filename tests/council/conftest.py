"""A council's year: four members (the leader chairs, the secretariat is secretary), and three
endorsed nominations of 2026, each with the title its person registered for. The clock is frozen
(``app.config["TODAY"]``); fixtures hand back ids, never session-bound objects."""

from datetime import date

import pytest

from intranet.accounts.models import Role, User
from intranet.council import services as council
from intranet.council.models import Seat
from intranet.emulation import services as emulation
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.extensions import db
from tests import factories
from tests.conftest import PASSWORD, USERS, signed_in

YEAR = 2026
TODAY = date(2026, 12, 1)
EXTRA = {"kkt_head": ("truong.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trưởng khoa Kinh tế")}
CSTDCS, LDTT = "Chiến sĩ thi đua cơ sở", "Lao động tiên tiến"


def user(user_id: int) -> User:
    return db.session.get(User, user_id)


@pytest.fixture
def year(app, users, catalogue):
    """{key: id} of people, members, titles and the three nominations (``n_*``)."""
    app.config["TODAY"] = TODAY
    with app.app_context():
        ids = factories.add_people(users, EXTRA, PASSWORD)
        secretariat = user(ids["secretariat"])
        for key, seat in (
            ("leader", Seat.CHAIR),
            ("secretariat", Seat.SECRETARY),
            ("inspector", Seat.MEMBER),
            ("unit_head", Seat.MEMBER),
        ):
            council.add_member(secretariat, YEAR, ids[key], seat.value)
        titles = {name: factories.catalogue_id("title", name) for name in (CSTDCS, LDTT)}
        heads = {"KCNTT": user(ids["unit_head"]), "KKT": user(ids["kkt_head"])}
        # (nomination key, person, title)
        for key, person, title in (
            ("n_staff", "staff", CSTDCS),
            ("n_head", "unit_head", LDTT),
            ("n_other", "other_staff", LDTT),
        ):
            who = user(ids[person])
            emulation.register(who, YEAR, titles[title], "Hoàn thành xuất sắc nhiệm vụ năm học.")
            nomination = factories.exemplar(who, year=YEAR, person_id=who.id, name=who.full_name)
            factories.evidence(nomination, who)
            factories.advance(
                nomination,
                "endorsed",
                owner=who,
                head=heads[who.unit.code],
                secretariat=secretariat,
            )
            ids[key] = nomination.id
        # The council's thresholds: CSTĐCS needs 70 % of those present, LĐTT 60 %.
        db.session.get(CatalogueEntry, titles[CSTDCS]).threshold = 70
        db.session.get(CatalogueEntry, titles[LDTT]).threshold = 60
        db.session.commit()
        ids.update({f"title:{k}": v for k, v in titles.items()})
        return ids


@pytest.fixture
def login(app, year):
    names = {**{k: v[0] for k, v in USERS.items()}, **{k: v[0] for k, v in EXTRA.items()}}
    return lambda key: signed_in(app, names[key])
