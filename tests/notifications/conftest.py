"""Fixtures of the notification tests: the people of tests/conftest.USERS plus a colleague in
Khoa CNTT and the head of Khoa Kinh tế; a real SMTP server on 127.0.0.1 (the supervision tests'
stub, speaking SMTP over a socket); helpers reading who was told what."""

from datetime import date

import pytest
from sqlalchemy import select

from intranet.accounts.models import Role, User
from intranet.extensions import db
from intranet.notifications.models import Notification
from tests import factories
from tests.conftest import PASSWORD, USERS, signed_in
from tests.supervision.conftest import SmtpStub

EXTRA_USERS = {
    "kkt_head": ("truong.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trần Văn Kinh"),
    "colleague": ("dongnghiep", "KCNTT", (Role.STAFF,), "Lê Thị Hoa"),
    "leader2": ("phohieutruong", "BGH", (Role.LEADER, Role.STAFF), "Nguyễn Bích Liên"),
}
TODAY = date(2025, 6, 15)


@pytest.fixture
def people(app, users):
    """{key: user id} of USERS and EXTRA_USERS; today is frozen at 15/6/2025."""
    app.config["TODAY"] = TODAY
    with app.app_context():
        return factories.add_people(users, EXTRA_USERS, PASSWORD)


@pytest.fixture
def sign_in(app, people):
    def _sign_in(key: str):
        return signed_in(app, USERS[key][0] if key in USERS else EXTRA_USERS[key][0])

    return _sign_in


@pytest.fixture
def smtp(app):
    """A local SMTP server, and the app configured to send its e-mail there."""
    server = SmtpStub()
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = server.port
    yield server
    server.close()


def person(key: str, people) -> User:
    """The user (in the current app context)."""
    return db.session.get(User, people[key])


def told(people, kind: str) -> dict[str, list[str]]:
    """{person key: [messages]} of the notifications of ``kind`` (in the current app context)."""
    keys = {v: k for k, v in people.items()}
    found: dict[str, list[str]] = {}
    rows = db.session.execute(
        select(Notification.user_id, Notification.message)
        .where(Notification.kind == kind)
        .order_by(Notification.id)
    ).all()
    for user_id, message in rows:
        found.setdefault(keys[user_id], []).append(message)
    return found


def set_emails(people, **addresses) -> None:
    for key, address in addresses.items():
        db.session.get(User, people[key]).email = address
    db.session.commit()
