"""A recognised exemplar of KCNTT (2024), the people who propagate and adopt it, and photos
drawn with Pillow."""

import io

import pytest
from PIL import Image

from intranet.accounts.models import Role, User
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests import factories
from tests.conftest import PASSWORD, signed_in

EXTRA = {"kkt_head": ("truongkhoa.kt", "KKT", (Role.UNIT_HEAD, Role.STAFF), "Trưởng khoa Kinh tế")}


@pytest.fixture
def people(app, users):
    with app.app_context():
        return factories.add_people(users, EXTRA, PASSWORD)


@pytest.fixture
def sign_in(app, people):
    names = {"kkt_head": "truongkhoa.kt"}
    from tests.conftest import USERS

    def _sign_in(key: str):
        return signed_in(app, names.get(key) or USERS[key][0])

    return _sign_in


@pytest.fixture
def recognised(app, people):
    """The id of a KCNTT nomination of 2024, recognised, not yet propagated."""
    with app.app_context():
        get = lambda key: db.session.get(User, people[key])  # noqa: E731
        nomination = factories.exemplar(get("staff"), name="Nguyễn Văn Bình")
        factories.evidence(nomination, get("staff"), "minh-chung.pdf", factories.MINI_PDF)
        factories.advance(
            nomination,
            "recognised",
            owner=get("staff"),
            head=get("unit_head"),
            secretariat=get("secretariat"),
        )
        return nomination.id


def stage_of(app, exemplar_id: int) -> str:
    with app.app_context():
        return db.session.get(Exemplar, exemplar_id).stage.value


def picture(width: int = 1000, height: int = 700, kind: str = "PNG", mode: str = "RGB") -> bytes:
    """A small real image, drawn here."""
    image = Image.new(mode, (width, height), 1 if mode == "1" else (30, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def make_draft_endorsed(app, people):
    """The id of a KCNTT nomination endorsed by its unit, not recognised."""
    with app.app_context():
        get = lambda key: db.session.get(User, people[key])  # noqa: E731
        nomination = factories.exemplar(get("staff"), name="Trần Thị Cúc")
        factories.evidence(nomination, get("staff"), "minh-chung.pdf", factories.MINI_PDF)
        factories.advance(
            nomination,
            "endorsed",
            owner=get("staff"),
            head=get("unit_head"),
            secretariat=get("secretariat"),
        )
        return nomination.id


@pytest.fixture
def api(app, people):
    """api("kkt_head") -> a client sending a Bearer token of that user."""
    from intranet.accounts import tokens
    from tests.api.conftest import ApiClient

    def make(key: str):
        with app.app_context():
            _token, secret = tokens.create_token(db.session.get(User, people[key]), "thử", 30)
        return ApiClient(app.test_client(), token=secret)

    return make
