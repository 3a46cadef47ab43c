"""Dissemination: readers mark a published document as read; HR sees, per unit, who has not."""

import re

import pytest
from sqlalchemy import func, select

from intranet.documents.models import DocumentRead
from intranet.extensions import db
from tests.documents.conftest import post, text_of


def mark_read(client, document_id):
    return post(client, f"/documents/{document_id}/read", follow_redirects=True)


def reads(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(DocumentRead)).scalar()


def readers_by_unit(page: str) -> dict[str, tuple[list[str], list[str]]]:
    """{unit name: (who has read, who has not)} from the readers page."""
    result = {}
    for card in page.split('<div class="card mb-3">')[1:]:
        unit = re.search(r"<strong>(.*?)</strong>", card).group(1)
        done, _sep, todo = card.partition('<h2 class="h6">Chưa đọc</h2>')
        names = re.compile(r"<li>([^<]+?)\s*(?:<span|</li>)")
        result[unit] = (names.findall(done), names.findall(todo))
    return result


@pytest.fixture
def plan(make_document):
    """Plan 36 published to two faculties: KCNTT (truongkhoa, canbo) and KKT (canbo.kt)."""
    return make_document("36/KH-CĐBP", units=["KCNTT", "KKT"], publish=True)


def test_reader_marks_a_document_as_read(app, login_as, plan):
    client = login_as("staff")
    page = text_of(client.get(f"/documents/{plan}"))
    assert "Tôi đã đọc văn bản này" in page
    page = text_of(mark_read(client, plan))
    assert "Đã ghi nhận bạn đã đọc văn bản này." in page
    assert "✓ Bạn đã đọc" in page and "Tôi đã đọc văn bản này" not in page
    assert reads(app) == 1


def test_marking_twice_records_one_read(app, login_as, plan):
    client = login_as("staff")
    mark_read(client, plan)
    mark_read(client, plan)
    assert reads(app) == 1


def test_draft_cannot_be_marked_read(app, login_as, make_document):
    draft = make_document("10/KH-CĐBP")
    page = text_of(mark_read(login_as("secretariat"), draft))
    assert "Văn bản dự thảo chưa thể đánh dấu đã đọc." in page
    assert reads(app) == 0


def test_readers_page_lists_who_has_and_has_not_read_per_unit(app, login_as, plan):
    mark_read(login_as("staff"), plan)
    page = text_of(login_as("secretariat").get(f"/documents/{plan}/readers"))
    assert readers_by_unit(page) == {
        "Khoa Công nghệ thông tin": (["canbo"], ["truongkhoa"]),
        "Khoa Kinh tế": ([], ["canbo.kt"]),
    }
    assert "1 / 3 người đã đọc." in page
    assert "Đã đọc 1 / 2" in page and "Đã đọc 0 / 1" in page


def test_readers_page_shows_a_unit_where_everyone_has_read(app, login_as, plan):
    mark_read(login_as("other_staff"), plan)
    page = text_of(login_as("secretariat").get(f"/documents/{plan}/readers"))
    assert readers_by_unit(page)["Khoa Kinh tế"] == (["canbo.kt"], [])
    assert "Tất cả đã đọc." in page


def test_readers_page_of_a_document_for_all_counts_every_active_user(app, login_as, make_document):
    document = make_document("45/TB-CĐBP", publish=True)
    page = text_of(login_as("secretariat").get(f"/documents/{document}/readers"))
    units = readers_by_unit(page)
    assert sum(len(todo) for _done, todo in units.values()) == 7
    assert units["Khoa Kinh tế"] == ([], ["canbo.kt"])
    assert "0 / 7 người đã đọc." in page


def test_readers_page_of_a_document_for_a_role(app, login_as, make_document):
    document = make_document("20/TB-CĐBP", roles=["unit_head"], publish=True)
    page = text_of(login_as("secretariat").get(f"/documents/{document}/readers"))
    assert readers_by_unit(page) == {"Khoa Công nghệ thông tin": ([], ["truongkhoa"])}


@pytest.mark.parametrize("who", ["staff", "unit_head", "leader", "inspector"])
def test_readers_page_is_for_the_secretariat_only(app, login_as, plan, who):
    response = login_as(who).get(f"/documents/{plan}/readers")
    assert response.status_code == 403
    assert "canbo.kt" not in text_of(response)


def test_staff_do_not_get_the_readers_button(app, login_as, plan):
    assert f"/documents/{plan}/readers" not in text_of(login_as("staff").get(f"/documents/{plan}"))
