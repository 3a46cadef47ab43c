"""The council's meeting in Chromium: the secretariat opens a meeting of the demo year, builds
the agenda from the nominations the units endorsed, names the members present, records the
secret-ballot tallies (a wrong one is refused, in Vietnamese), downloads the minutes and
publishes the passed list; a member of staff reads the notice on a phone and comments, and the
secretariat records how the comment was handled.
Screenshots: artifacts/screenshots/council-*.png; the minutes: artifacts/council-minutes.pdf."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import support

pytestmark = pytest.mark.browser

PASSING = "Võ Thị Ngọc Ánh"  # canbo: Lao động tiên tiến (≥ 50 %), 3 of 4 agree
FAILING = "Huỳnh Văn Đạt"  # canbo.kt: Lao động tiên tiến, 1 of 4 agree
MEMBERS = ("Nguyễn Bích Liên", "Trần Thị Thu Hà", "Phạm Quốc Dũng", "Đặng Minh Đức")
COMMENT = "Đề nghị bổ sung minh chứng số giờ giảng vượt định mức."


def flash(page):
    return page.locator("main .alert").first


@pytest.fixture
def shot(screenshots):
    def take(page, name: str) -> None:
        page.screenshot(path=screenshots / f"council-{name}.png", full_page=True)

    return take


def tally(page, name: str, present: int, agree: int, disagree: int, invalid: int) -> None:
    line = page.locator("li.list-group-item", has_text=name)
    line.get_by_label("Có mặt").fill(str(present))
    line.get_by_label("Đồng ý", exact=True).fill(str(agree))
    line.get_by_label("Không đồng ý").fill(str(disagree))
    line.get_by_label("Không hợp lệ").fill(str(invalid))
    line.get_by_role("button", name="Ghi kết quả").click()


def test_a_council_meeting_from_agenda_to_minutes_and_public_notice(sign_in, shot):
    secretariat = sign_in("thuongtruc")
    page = secretariat.goto("/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Hội đồng"
    ).click()
    page.get_by_role("link", name="Tạo phiên họp").click()
    page.get_by_label("Ngày họp").fill(support.TODAY_TYPED)
    page.get_by_label("Địa điểm").fill("Phòng họp số 1, nhà A")
    expect(page.get_by_label("Số ngày công khai")).to_have_value("10")
    page.get_by_role("button", name="Tạo phiên họp").click()
    expect(flash(page)).to_contain_text("Đã tạo phiên họp")
    meeting_url = page.url

    page.get_by_role("button", name=re.compile("Lập chương trình từ 2 hồ sơ")).click()
    expect(flash(page)).to_contain_text("Đã đưa 2 hồ sơ vào chương trình họp")
    expect(page.locator("main h3", has_text="Lao động tiên tiến")).to_be_visible()
    for member in MEMBERS:
        page.get_by_label(re.compile(member)).check()
    page.get_by_role("button", name="Ghi thành phần dự họp").click()
    expect(flash(page)).to_contain_text("Đã ghi thành phần dự họp")
    shot(page, "01-agenda")

    # More ballots than members present: refused, said in Vietnamese, nothing kept.
    tally(page, PASSING, 4, 3, 2, 0)
    expect(page.locator("#council-error")).to_contain_text("vượt quá số thành viên có mặt")
    shot(page, "02-tally-refused")
    tally(page, PASSING, 4, 3, 1, 0)
    expect(flash(page)).to_contain_text("Đã ghi kết quả bỏ phiếu")
    tally(page, FAILING, 4, 1, 2, 1)
    expect(page.locator("li.list-group-item", has_text=PASSING).locator(".result")).to_have_text(
        "Đạt"
    )
    expect(page.locator("li.list-group-item", has_text=FAILING).locator(".result")).to_have_text(
        "Không đạt"
    )
    shot(page, "03-tallies")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Biên bản (PDF)").click()
    minutes = support.ARTIFACTS / "council-minutes.pdf"
    minutes.parent.mkdir(parents=True, exist_ok=True)
    download_info.value.save_as(minutes)
    assert minutes.read_bytes().startswith(b"%PDF")

    page.get_by_role("button", name=re.compile("Công khai danh sách đạt")).click()
    expect(flash(page)).to_contain_text("Đã công khai danh sách")
    notice_url = page.get_by_role("link", name=re.compile("Xem danh sách công khai")).get_attribute(
        "href"
    )
    shot(page, "04-published")

    # A member of staff, on a phone: the notice lists the passed candidate only; she comments.
    staff = sign_in("canbo.kt", viewport=support.PHONE)
    phone = staff.goto("/notifications")
    expect(phone.locator("main")).to_contain_text("Công khai danh sách Hội đồng TĐKT")
    phone = staff.goto(notice_url)
    expect(phone.locator("main")).to_contain_text(PASSING)
    expect(phone.locator("main")).not_to_contain_text(FAILING)
    phone.get_by_text("Gửi ý kiến").click()
    phone.get_by_label("Ý kiến của bạn").fill(COMMENT)
    phone.get_by_role("button", name="Gửi", exact=True).click()
    expect(flash(phone)).to_contain_text("Đã gửi ý kiến")
    expect(phone.locator(".comment")).to_contain_text(COMMENT)
    shot(phone, "05-notice-phone")

    # Another member of staff does not see it; the secretariat does, and handles it.
    other = sign_in("canbo")
    other.goto(notice_url)
    expect(other.page.locator("main")).not_to_contain_text(COMMENT)
    page = secretariat.goto(notice_url)
    page.locator(".comment").get_by_role("link", name="Ghi cách xử lý").click()
    page.get_by_label("Cách xử lý").fill("Đã đề nghị đơn vị bổ sung bảng kê giờ giảng; đúng.")
    page.get_by_role("button", name="Ghi cách xử lý").click()
    expect(flash(page)).to_contain_text("Đã ghi cách xử lý")
    expect(page.locator(".comment")).to_contain_text("Xử lý:")
    shot(page, "06-comment-handled")
    assert not secretariat.errors and not staff.errors, secretariat.errors + staff.errors

    # axe-core finds nothing serious on the meeting and the notice (a context that lets the test
    # inject it past the CSP; the app is unchanged).
    checker = sign_in("thuongtruc", bypass_csp=True)
    found = []
    for path in (meeting_url, notice_url):
        for viewport in (support.DESKTOP, support.PHONE):
            checker.page.set_viewport_size(viewport)
            checker.goto(path)
            checker.page.add_script_tag(path=str(support.VENDOR / "axe.min.js"))
            violations = checker.page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            found += [
                f"{path} {viewport['width']}: {v['id']}: {[n['target'] for n in v['nodes']][:5]}"
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
    assert not found, found
