"""The honour board: propagated exemplars only, by year, unit and field, for all staff."""

import re

import pytest

from intranet.accounts.models import User
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from tests import factories
from tests.conftest import unit_id
from tests.exemplars.conftest import EVERYONE, between, text

BOARD = "/exemplars/honour-board"


def names_on(page: str) -> list[str]:
    """The names on the board's cards, in the order shown."""
    return re.findall(r'<h3 class="h5 card-title mb-1">★ (?:<a [^>]*>)?([^<]+)', page)


def year_section(page: str, year: int) -> str:
    return between(page, f'id="y-{year}"', "</section>")


def test_the_board_shows_only_propagated_exemplars(app, sign_in, make_exemplar):
    for stage in ("draft", "submitted", "returned", "withdrawn", "endorsed", "recognised"):
        make_exemplar("staff", name=f"Hồ sơ {stage}", stage=stage)
    make_exemplar("staff", name="Nguyễn Văn Bình", stage="propagated")

    page = text(sign_in("staff").get(BOARD))

    assert names_on(page) == ["Nguyễn Văn Bình"]


def test_the_board_groups_exemplars_by_year_newest_first(app, sign_in, make_exemplar):
    make_exemplar("staff", name="Năm trước", year=2023, stage="propagated")
    make_exemplar("other_staff", name="Năm nay A", year=2024, stage="propagated")
    make_exemplar("staff", name="Năm nay B", year=2024, stage="propagated")

    page = text(sign_in("staff").get(BOARD))

    assert page.index('id="y-2024"') < page.index('id="y-2023"')
    assert names_on(year_section(page, 2024)) == ["Năm nay A", "Năm nay B"]
    assert names_on(year_section(page, 2023)) == ["Năm trước"]


def test_the_board_filters_by_year(app, sign_in, make_exemplar):
    make_exemplar("staff", name="Năm trước", year=2023, stage="propagated")
    make_exemplar("staff", name="Năm nay", year=2024, stage="propagated")

    page = text(sign_in("staff").get(f"{BOARD}?year=2023"))

    assert names_on(page) == ["Năm trước"]


def test_the_board_filters_by_unit(app, sign_in, make_exemplar):
    make_exemplar("staff", name="Của Khoa CNTT", stage="propagated")
    make_exemplar("other_staff", name="Của Khoa Kinh tế", stage="propagated")

    page = text(sign_in("staff").get(f"{BOARD}?unit={unit_id(app, 'KKT')}"))

    assert names_on(page) == ["Của Khoa Kinh tế"]


def test_the_board_filters_by_field(app, sign_in, catalogue, make_exemplar):
    make_exemplar("staff", name="Nhà giáo", field="Giảng dạy", stage="propagated")
    make_exemplar("staff", name="Nhà khoa học", field="Nghiên cứu khoa học", stage="propagated")

    page = text(sign_in("staff").get(f"{BOARD}?field={catalogue('field', 'Giảng dạy')}"))

    assert names_on(page) == ["Nhà giáo"]


def test_a_filter_with_nothing_to_show_says_so(app, sign_in, make_exemplar):
    make_exemplar("staff", name="Năm nay", year=2024, stage="propagated")

    page = text(sign_in("staff").get(f"{BOARD}?year=2020"))

    assert names_on(page) == []
    assert "Chưa có điển hình nào được đưa lên bảng vàng cho lựa chọn này." in page


def test_the_board_shows_the_achievement_and_the_decision_that_recognised(
    app, sign_in, people, make_exemplar, make_decision, award, issue
):
    exemplar_id = make_exemplar(
        "staff",
        name="Nguyễn Văn Bình",
        stage="endorsed",
        achievement="Hướng dẫn sinh viên đạt giải Nhì kỹ năng nghề cấp tỉnh.",
    )
    document_id = make_decision(125)
    award(document_id, exemplar=exemplar_id, title="Chiến sĩ thi đua cơ sở")
    issue(document_id)
    with app.app_context():  # the first propagation activity puts it on the board
        secretariat = db.session.get(User, people["secretariat"])
        factories.activity(db.session.get(Exemplar, exemplar_id), secretariat)

    card = between(text(sign_in("other_staff").get(BOARD)), "Nguyễn Văn Bình", "</article>")

    assert "Hướng dẫn sinh viên đạt giải Nhì kỹ năng nghề cấp tỉnh." in card
    assert "Chiến sĩ thi đua cơ sở" in card
    assert f'href="/documents/{document_id}">125/QĐ-CĐBP</a> 15/07/2024' in card


@pytest.mark.parametrize("reader", EVERYONE)
def test_every_member_of_staff_sees_the_board(app, sign_in, make_exemplar, reader):
    make_exemplar("staff", name="Nguyễn Văn Bình", stage="propagated")

    response = sign_in(reader).get(BOARD)

    assert response.status_code == 200
    assert names_on(text(response)) == ["Nguyễn Văn Bình"]


def test_an_anonymous_visitor_is_sent_to_sign_in(app, client, make_exemplar):
    make_exemplar("staff", name="Nguyễn Văn Bình", stage="propagated")

    response = client.get(BOARD)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
