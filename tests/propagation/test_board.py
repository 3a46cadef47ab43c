"""The honour board shows the photos of published stories, grouped by year and title, and
prints a certificate of one exemplar."""

from tests.conftest import post_form
from tests.propagation.conftest import picture
from tests.propagation.test_activities import ACTIVITY
from tests.propagation.test_stories import _photo, _write
from tests.supervision.test_exports import pdf_text


def test_the_board_shows_a_published_storys_photo_and_prints_a_certificate(
    app, sign_in, recognised
):
    head = sign_in("unit_head")
    post_form(head, f"/propagation/exemplar/{recognised}/activities/new", ACTIVITY)
    story_id = _write(head, recognised, "Bài có ảnh")
    _photo(head, story_id, "anh.png", picture(600, 400), caption="Giờ thực hành")
    other = sign_in("other_staff")
    board = other.get("/exemplars/honour-board").get_data(as_text=True)
    assert "Nguyễn Văn Bình" in board and "honour-photo" not in board  # not published yet

    post_form(
        sign_in("secretariat"),
        f"/propagation/stories/{story_id}/publish",
        token_from=f"/propagation/stories/{story_id}",
    )
    board = other.get("/exemplars/honour-board").get_data(as_text=True)
    assert 'class="card-img-top honour-photo"' in board and 'alt="Giờ thực hành"' in board
    response = other.get(f"/propagation/exemplar/{recognised}/certificate.pdf")
    assert response.mimetype == "application/pdf"
    text = pdf_text(response)
    assert "GIẤY CHỨNG NHẬN" in text and "Nguyễn Văn Bình" in text
