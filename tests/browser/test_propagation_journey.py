"""Propagation in Chromium: the secretariat writes a story about an exemplar with two photos and
publishes it; a member of another unit reads the honour board with its photos on a phone; the
head of another unit records that the unit adopted the exemplar's practice.
Screenshots: artifacts/screenshots/propagation-*.png."""

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser import support

pytestmark = pytest.mark.browser

EXEMPLAR = "Bùi Quang Huy"  # Khoa Cơ khí – Động lực, propagated in the demo
TITLE = "Người thầy đưa sinh viên đến giải Nhì kỹ năng nghề"
PRACTICE = "Tổ chức câu lạc bộ kỹ năng nghề cho sinh viên năm hai, như Khoa Cơ khí – Động lực."


def flash(page):
    return page.locator("main .alert").first


@pytest.fixture
def shot(screenshots):
    def take(page, name: str) -> None:
        page.screenshot(path=screenshots / f"propagation-{name}.png", full_page=True)

    return take


@pytest.fixture
def photos(tmp_path):
    """Two photos drawn with Pillow: a JPEG and a PNG."""
    made = []
    for name, colour in (
        ("xuong-thuc-hanh.jpg", (40, 90, 160)),
        ("le-trao-giai.png", (170, 60, 40)),
    ):
        image = Image.new("RGB", (1200, 800), colour)
        ImageDraw.Draw(image).rectangle((100, 100, 1100, 700), outline=(255, 210, 0), width=20)
        path = tmp_path / name
        image.save(path)
        made.append(path)
    return made


def _card(page):
    return page.locator("article.honour-card", has_text=EXEMPLAR)


def test_a_story_with_two_photos_is_written_published_and_seen_on_the_board_by_phone(
    sign_in, photos, shot
):
    office = sign_in("thuongtruc")
    page = office.goto("/exemplars/honour-board")
    _card(page).get_by_role("link", name="Tuyên truyền, nhân rộng").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EXEMPLAR)
    page.get_by_role("link", name="Viết bài").click()
    page.get_by_label("Tiêu đề", exact=True).fill(TITLE)
    page.get_by_label("Nội dung", exact=True).fill(
        "Thầy Huy dành mỗi tối thứ Năm ở xưởng thực hành cùng sinh viên.\n\n"
        "Năm 2024, hai sinh viên của thầy đạt giải Nhì kỹ năng nghề cấp tỉnh."
    )
    page.get_by_role("button", name="Lưu bài viết").click()
    expect(flash(page)).to_contain_text("Đã lưu bài viết")
    for path, caption in zip(photos, ("Giờ thực hành ở xưởng", "Lễ trao giải"), strict=True):
        page.get_by_label("Ảnh (JPEG hoặc PNG)", exact=True).set_input_files(path)
        page.get_by_label("Chú thích ảnh", exact=True).fill(caption)
        page.get_by_role("button", name="Thêm ảnh").click()
        expect(flash(page)).to_contain_text("Đã thêm ảnh")
    expect(page.locator("figure img")).to_have_count(2)
    shot(page, "01-story-draft")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(flash(page)).to_contain_text("Đã gửi bài viết để duyệt")
    page.get_by_role("button", name="Duyệt và đăng").click()
    expect(flash(page)).to_contain_text("Đã đăng bài viết")
    expect(page.locator("article.story figure img")).to_have_count(2)
    shot(page, "02-story-published")

    reader = sign_in("canbo.kt", viewport=support.PHONE)
    phone = reader.goto("/propagation/")
    phone.get_by_role("link", name=TITLE).click()
    images = phone.locator("article.story figure img")
    expect(images).to_have_count(2)
    # Every picture loads (a real image, served with its checked type) and fits the phone.
    for i in range(2):
        size = images.nth(i).evaluate(
            "img => [img.naturalWidth, img.getBoundingClientRect().width]"
        )
        assert size[0] > 0 and size[1] <= support.PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= support.PHONE["width"]
    shot(phone, "03-story-phone")
    phone = reader.goto("/exemplars/honour-board")
    photo = _card(phone).locator("img.honour-photo")
    expect(photo).to_have_attribute("alt", "Giờ thực hành ở xưởng")
    assert photo.evaluate("img => img.naturalWidth") > 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= support.PHONE["width"]
    _card(phone).scroll_into_view_if_needed()
    shot(phone, "04-honour-board-phone")
    assert not office.errors and not reader.errors, office.errors + reader.errors


def test_the_head_of_another_unit_records_an_adoption(sign_in, shot):
    head = sign_in("truongkhoa")  # Khoa Công nghệ thông tin
    page = head.goto("/exemplars/honour-board")
    _card(page).get_by_role("link", name="Tuyên truyền, nhân rộng").click()
    page.get_by_label("Cách làm đã áp dụng", exact=True).fill(PRACTICE)
    page.get_by_label("Ngày áp dụng", exact=True).fill("20/05/2025")
    page.get_by_label("Kết quả", exact=True).fill(
        "18 sinh viên tham gia; 02 em vào vòng thi cấp tỉnh."
    )
    page.get_by_role("button", name="Ghi nhận nhân rộng").click()
    expect(flash(page)).to_contain_text("Đã ghi nhận việc nhân rộng")
    row = page.locator("#h-adopt ~ ul li", has_text="Khoa Công nghệ thông tin")
    expect(row).to_contain_text(PRACTICE)
    shot(page, "05-adoption")
    assert not head.errors, head.errors
