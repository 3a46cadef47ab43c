"""The emulation year in Chromium: a staff member registers the title she aims for next year,
her unit head finds it in "Việc của tôi", confirms the unit's list and records the quarter's
evaluation with the meeting's minutes, and she reads her own result and the notice on a phone.
Screenshots: artifacts/screenshots/emulation-*.png."""

import pytest
from playwright.sync_api import expect

from tests.browser import support

pytestmark = pytest.mark.browser

STAFF = "Võ Thị Ngọc Ánh"  # canbo, Khoa Công nghệ thông tin
NEXT_YEAR = 2026  # registered in the year before (the server's day is 15/06/2025)
COMMITMENT = "Hoàn thành xuất sắc nhiệm vụ, có 01 sáng kiến được Hội đồng khoa học công nhận."
COMMENT = "Dạy đủ giờ, hướng dẫn 02 đề tài sinh viên nghiên cứu khoa học."


def flash(page):
    return page.locator("main .alert").first


@pytest.fixture
def shot(screenshots):
    def take(page, name: str) -> None:
        page.screenshot(path=screenshots / f"emulation-{name}.png", full_page=True)

    return take


def test_staff_registers_and_the_unit_head_confirms_from_the_todo_list(sign_in, shot):
    staff = sign_in("canbo")
    page = staff.goto(f"/thi-dua/dang-ky?year={NEXT_YEAR}")
    page.get_by_label("Danh hiệu đăng ký").select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    # Sent without its commitments: said in Vietnamese, the title chosen kept.
    expect(page.locator("main")).to_contain_text("cam kết")
    page.get_by_label("Nội dung đăng ký, cam kết").fill(COMMITMENT)
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(flash(page)).to_contain_text(f"Đã đăng ký thi đua năm {NEXT_YEAR}")
    mine = page.locator("tbody tr", has_text=STAFF)
    expect(mine).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(mine).to_contain_text("Đã đăng ký")
    shot(page, "01-registered")

    head = sign_in("truongkhoa")
    home = head.goto("/")
    waiting = home.locator(".todo-list > li", has_text="Đăng ký thi đua chờ xác nhận")
    expect(waiting.locator(".badge")).to_have_text("1")
    shot(home, "02-todo-unit-head")
    waiting.locator("a").first.click()
    expect(home.get_by_role("heading", level=1)).to_contain_text(str(NEXT_YEAR))
    home.get_by_role("button", name="Xác nhận danh sách đăng ký của đơn vị").click()
    expect(flash(home)).to_contain_text("Đã xác nhận 1 đăng ký")
    expect(home.locator("tbody tr", has_text=STAFF).filter(has_text="Chiến sĩ")).to_contain_text(
        "Đã xác nhận"
    )
    shot(home, "03-confirmed")
    head.goto("/")
    left = home.locator(".todo-list > li", has_text="Đăng ký thi đua chờ xác nhận")
    expect(left).to_have_count(0)
    assert not staff.errors and not head.errors, staff.errors + head.errors


def test_unit_head_evaluates_the_quarter_and_the_member_reads_her_result_on_a_phone(
    sign_in, samples, shot
):
    head = sign_in("truongkhoa")
    page = head.goto("/thi-dua/danh-gia?year=2025")
    page.get_by_role("link", name="Quý 2/2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quý 2/2025")
    page.get_by_label(f"Xếp loại {STAFF}").select_option(label="Hoàn thành xuất sắc")
    page.get_by_label(f"Nhận xét {STAFF}").fill(COMMENT)
    page.get_by_label("Biên bản họp đánh giá của đơn vị").set_input_files(
        samples / "ke-hoach-36-KH-CDBP.pdf"
    )
    shot(page, "04-evaluation-form")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(flash(page)).to_contain_text("Đã ghi kết quả đánh giá Quý 2/2025")
    row = page.locator("tbody tr", has_text=STAFF).filter(has_text="Quý 2/2025")
    expect(row).to_contain_text("Hoàn thành xuất sắc")
    expect(row).to_contain_text(COMMENT)
    assert not head.errors, head.errors

    staff = sign_in("canbo", viewport=support.PHONE)
    results = staff.goto("/thi-dua/danh-gia?year=2025")
    own = results.locator("tbody tr", has_text="Quý 2/2025")
    expect(own).to_contain_text("Hoàn thành xuất sắc")
    expect(results.locator("tbody")).not_to_contain_text("Đặng Minh Đức")  # her own results only
    width = results.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"the page is {width}px wider than the phone"
    shot(results, "05-own-result-phone")
    notices = staff.goto("/notifications/")
    expect(notices.locator("main")).to_contain_text("Quý 2/2025")
    shot(notices, "06-notice-phone")
    assert not staff.errors, staff.errors
