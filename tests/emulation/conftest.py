"""Fixtures of the emulation year: a second unit head, an issued plan, a movement, ratings.

Everything is made through the services; fixtures hand back ids, never session-bound objects.
"""

from datetime import date

import pytest

from intranet.accounts.models import Role, User
from intranet.emulation import services
from intranet.emulation.models import Movement
from intranet.extensions import db
from tests import factories
from tests.conftest import PASSWORD, USERS, signed_in

EXTRA_USERS = {
    "kkt_head": ("truong.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trưởng khoa Kinh tế"),
    "colleague": ("dongnghiep", "KCNTT", (Role.STAFF,), "Đồng Nghiệp Cùng Khoa"),
}
YEAR = 2026


@pytest.fixture
def people(app, users, catalogue):
    with app.app_context():
        ids = factories.add_people(users, EXTRA_USERS, PASSWORD)
        services.seed_ratings()
        return ids


@pytest.fixture
def login(app, people):
    usernames = {**{k: v[0] for k, v in USERS.items()}, **{k: v[0] for k, v in EXTRA_USERS.items()}}

    def _login(key: str):
        return signed_in(app, usernames[key])

    return _login


def user(key_id: int) -> User:
    return db.session.get(User, key_id)


@pytest.fixture
def movement(app, people):
    """A movement launched by the secretariat from plan 36/KH-CĐBP, for KCNTT and KKT."""
    with app.app_context():
        secretariat = user(people["secretariat"])
        plan = factories.document(secretariat, publish=True)
        codes = factories.unit_ids()
        data = services.MovementData(
            name="Thi đua dạy tốt, học tốt năm học 2026",
            document_id=plan.id,
            starts_on=date(YEAR, 1, 1),
            ends_on=date(YEAR, 12, 31),
            unit_ids=[codes["KCNTT"], codes["KKT"]],
            goals="Mỗi đơn vị có ít nhất 01 điển hình tiên tiến.",
        )
        return services.launch_movement(data, secretariat).id


def movement_of(movement_id: int) -> Movement:
    return db.session.get(Movement, movement_id)


def rating_id(name: str) -> int:
    return next(r.id for r in services.ratings() if r.name == name)


def minutes(name: str = "bien-ban-hop.pdf"):
    return factories.upload(name, factories.MINI_PDF)
