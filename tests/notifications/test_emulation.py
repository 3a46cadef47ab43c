"""The emulation year's steps: a registration tells the unit head, its confirmation the person,
an evaluation each person evaluated (and nobody else); the unit head's to-do list counts the
registrations to confirm and the quarter's evaluation not yet recorded."""

import pytest

from intranet.emulation import queries as emulation_queries
from intranet.emulation import services as emulation
from intranet.extensions import db
from tests import factories
from tests.notifications.conftest import person, told
from tests.notifications.test_todo import todo


@pytest.fixture
def year(app, people, catalogue):
    with app.app_context():
        emulation.seed_ratings()
    return 2025


def register(app, people, key: str, year: int) -> None:
    with app.app_context():
        emulation.register(
            person(key, people),
            year,
            factories.catalogue_id("title", "Lao động tiên tiến"),
            "Hoàn thành tốt nhiệm vụ giảng dạy.",
        )


def test_a_registration_tells_the_unit_head_and_its_confirmation_the_person(app, people, year):
    register(app, people, "colleague", year)
    register(app, people, "other_staff", year)

    with app.app_context():
        assert told(people, "registration_made") == {
            "unit_head": [
                "Lê Thị Hoa đăng ký thi đua năm 2025, danh hiệu “Lao động tiên tiến”: "
                "chờ đơn vị xác nhận."
            ],
            "kkt_head": [
                "canbo.kt đăng ký thi đua năm 2025, danh hiệu “Lao động tiên tiến”: "
                "chờ đơn vị xác nhận."
            ],
        }
        head = person("unit_head", people)
        emulation.confirm(emulation_queries.pending(head, year), head)
        assert told(people, "registration_confirmed") == {
            "colleague": [
                "Đăng ký thi đua năm 2025 (“Lao động tiên tiến”) của Lê Thị Hoa đã được đơn vị "
                "xác nhận."
            ]
        }


def test_an_evaluation_tells_each_person_evaluated_their_own_result(app, people, year):
    with app.app_context():
        good = next(r.id for r in emulation.ratings() if r.name == "Hoàn thành tốt")
        emulation.record_round(
            person("unit_head", people),
            year,
            2,
            [
                emulation.Result(people["staff"], good, ""),
                emulation.Result(people["colleague"], good, ""),
            ],
            minutes=factories.upload("bien-ban.pdf", factories.MINI_PDF),
        )

        assert told(people, "evaluation_recorded") == {
            "staff": ["Kết quả đánh giá thi đua Quý 2/2025 của bạn: Hoàn thành tốt."],
            "colleague": ["Kết quả đánh giá thi đua Quý 2/2025 của bạn: Hoàn thành tốt."],
        }


def test_the_unit_heads_to_do_counts_registrations_and_the_quarters_evaluation(
    app, people, year, sign_in
):
    register(app, people, "colleague", year)
    register(app, people, "staff", year)
    register(app, people, "staff", year + 1)  # next year's, registered before it begins

    items = todo(sign_in("unit_head"))

    assert items["Đăng ký thi đua chờ xác nhận"] == (3, "", f"/thi-dua/dang-ky?year={year}")
    # 15/6/2025: the second quarter ends on 30/6
    assert items["Đánh giá thi đua quý 2/2025 của đơn vị"] == (
        1,
        "còn 15 ngày",
        "/thi-dua/danh-gia/2025/2",
    )
    assert "Đăng ký thi đua chờ xác nhận" not in todo(sign_in("kkt_head"))

    with app.app_context():
        good = next(r.id for r in emulation.ratings() if r.name == "Hoàn thành tốt")
        emulation.record_round(
            person("unit_head", people),
            year,
            2,
            [emulation.Result(people["staff"], good, "")],
            minutes=factories.upload("bien-ban.pdf", factories.MINI_PDF),
        )
        db.session.remove()
    assert "Đánh giá thi đua quý 2/2025 của đơn vị" not in todo(sign_in("unit_head"))
