"""The journeys of each role, in a real Chromium against the app served on 127.0.0.1.

They run in order and build on each other, as the work does: a staff member nominates a colleague,
the unit head endorses, the secretariat decides, the honour board shows it, the inspector finds it.
"""

import io
import re
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser import support

pytestmark = pytest.mark.browser

NOMINEE = "Trần Hoàng Nam"
ACHIEVEMENT = (
    "Xây dựng phòng thực hành mạng máy tính ảo cho 300 sinh viên; "
    "hướng dẫn sinh viên đạt giải Ba Olympic Tin học cấp tỉnh năm 2025."
)
# Typed as many people do: no diacritics.
QUERY = "phong thuc hanh mang may tinh ao"
PLAN_SUMMARY = "Phổ biến gương điển hình tiên tiến năm 2025 đến toàn thể CBVCNLĐ"
UNIT = "Khoa Công nghệ thông tin"  # of canbo and truongkhoa
DECISION_SUMMARY = f"Về việc công nhận điển hình tiên tiến năm 2025 của {UNIT}"

WATCH_PROGRESS = """() => {
  sessionStorage.removeItem("upload-progress");
  new MutationObserver(() => {
    const bar = document.querySelector(
      "form[data-upload] progress, form[data-upload] .progress:not(.d-none)");
    if (bar) {
      const value = bar.getAttribute("value") || bar.getAttribute("aria-valuenow");
      sessionStorage.setItem("upload-progress", value || "0");
    }
  }).observe(document.body, {attributes: true, childList: true, subtree: true});
}"""

# What one journey leaves for the next (the nomination's page, the decision's symbol).
state: dict[str, str] = {}


def needs(*keys: str) -> None:
    missing = [k for k in keys if k not in state]
    if missing:
        pytest.skip(f"an earlier journey did not finish: {', '.join(missing)}")


def flash(page):
    return page.locator("main .alert").first


@pytest.fixture
def shot(screenshots):
    """shot(page, "name"): a full-page screenshot of a step, artifacts/screenshots/journey-*.png."""

    def take(page, name: str) -> None:
        page.screenshot(path=screenshots / f"journey-{name}.png", full_page=True)

    return take


def sign_and_issue(hr, sign_in, page) -> str:
    """The signature lifecycle on the pages: the secretariat submits the draft, the leader signs,
    the secretariat gives it its number and issues it. Returns the number and symbol it got."""
    document_url = page.url
    asked = hr.accept_next_dialog()
    page.get_by_role("button", name="Trình ký", exact=True).click()
    expect(flash(page)).to_contain_text("Đã trình ký")
    assert asked and "Trình Ban Giám hiệu ký" in asked[0]

    leader = sign_in("lanhdao")
    signing = leader.goto(document_url)
    signing.get_by_label("Họ tên người ký").fill("Nguyễn Bích Liên")
    signing.get_by_role("button", name="Ký", exact=True).click()
    expect(flash(signing)).to_contain_text("Đã ký")
    assert not leader.errors, leader.errors

    page.goto(document_url)
    asked = hr.accept_next_dialog()
    page.get_by_role("button", name="Cấp số và ban hành").click()
    expect(flash(page)).to_contain_text("Đã ban hành")
    assert asked and "ban hành" in asked[0]
    issued = re.search(r"Đã ban hành (\S+)\.", flash(page).inner_text())
    assert issued, flash(page).inner_text()
    return issued.group(1)


def test_hr_publishes_a_plan_to_all_staff_and_sees_who_read_it(sign_in, shot):
    hr = sign_in("thuongtruc")
    page = hr.goto("/documents/")
    page.get_by_role("link", name="Soạn văn bản mới").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Soạn văn bản mới")
    symbol = page.get_by_label("Số và ký hiệu").input_value()
    assert symbol == "…/KH-CĐBP", symbol  # a draft gets its number only when it is issued

    # Dated today (the server's frozen day); a form sent without its summary keeps what was typed
    # and says, in Vietnamese, what is wrong.
    expect(page.get_by_label("Ngày ban hành")).to_have_value(support.TODAY_TYPED)
    page.get_by_label("Thực hiện kế hoạch").fill("36/KH-CĐBP")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Hãy nhập trích yếu.")).to_be_visible()
    expect(page.get_by_label("Trích yếu")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Thực hiện kế hoạch")).to_have_value("36/KH-CĐBP")
    expect(page.get_by_label("Ngày ban hành")).to_have_value(support.TODAY_TYPED)
    expect(page.get_by_label("Trích yếu")).to_be_focused()
    shot(page, "01-document-form-error")

    page.get_by_label("Trích yếu").fill(PLAN_SUMMARY)
    # The units and roles to choose show only for a restricted audience.
    some_units = page.locator("fieldset").get_by_label("Khoa Kinh tế")
    expect(some_units).to_be_hidden()
    page.get_by_label("Chỉ các đơn vị, vai trò được chọn").check()
    expect(some_units).to_be_visible()
    page.get_by_label("Toàn thể CBVCNLĐ").check()
    expect(some_units).to_be_hidden()
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(flash(page)).to_contain_text(f"Đã lưu dự thảo {symbol}")
    expect(page.get_by_text("Dự thảo: chỉ thường trực")).to_be_visible()
    document_url = page.url

    symbol = sign_and_issue(hr, sign_in, page)
    assert re.fullmatch(r"\d{2,}/KH-CĐBP", symbol), symbol  # "05/KH-…": two digits at least

    staff = sign_in("canbo")
    staff.goto("/documents/")
    staff.page.locator("main a", has_text=PLAN_SUMMARY).click()
    staff.page.get_by_role("button", name="Tôi đã đọc văn bản này").click()
    expect(flash(staff.page)).to_contain_text("Đã ghi nhận bạn đã đọc")
    expect(staff.page.get_by_text("✓ Bạn đã đọc")).to_be_visible()

    page.goto(document_url)
    page.get_by_role("link", name="Tình hình đọc").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(symbol)
    unit = page.locator(".card", has_text=UNIT)
    read = unit.locator("section, div.col-md-6", has=page.get_by_role("heading", name="Đã đọc"))
    expect(read.first).to_contain_text("Võ Thị Ngọc Ánh")
    expect(unit.locator(".card-header")).to_contain_text("Đã đọc 1 /")
    shot(page, "02-readers")
    assert not hr.errors and not staff.errors, hr.errors + staff.errors


def test_staff_nominates_a_colleague_with_three_evidence_files(sign_in, samples, shot):
    staff = sign_in("canbo")
    page = staff.goto("/exemplars/")
    page.get_by_role("link", name="Đề xuất điển hình").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đề xuất điển hình tiên tiến")

    # Without an achievement: told what is missing, the name and the year kept.
    page.get_by_label("Hoặc họ tên / tên tập thể").fill(NOMINEE)
    page.get_by_label("Năm").fill("2025")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Hãy mô tả thành tích.")).to_be_visible()
    expect(page.get_by_label("Hoặc họ tên / tên tập thể")).to_have_value(NOMINEE)
    shot(page, "03-nomination-form-error")

    page.get_by_label("Thành tích").fill(ACHIEVEMENT)
    page.get_by_label("Lĩnh vực").select_option(label="Giảng dạy")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(flash(page)).to_contain_text("Đã lưu dự thảo đề xuất")
    expect(page.get_by_role("heading", level=1)).to_have_text(NOMINEE)

    files = [
        ("ke-hoach-36-KH-CDBP.pdf", "Kế hoạch của Khoa về phòng thực hành"),
        ("ke-hoach-36-KH-CDBP.docx", "Báo cáo tổng kết phòng thực hành"),
        ("ke-hoach-36-KH-CDBP-scan-trang1.png", "Ảnh giấy chứng nhận giải Ba"),
    ]
    for number, (name, title) in enumerate(files, start=1):
        form = page.locator("form[data-upload]")
        form.get_by_label("Tệp minh chứng").set_input_files(samples / name)
        form.get_by_label("Tên minh chứng").fill(title)
        form.get_by_label("Ngày của minh chứng").fill("20/05/2025")
        # The progress bar shows while the file goes up (noted in sessionStorage, which outlives
        # the reload however fast the upload is); then the page reloads with the file listed.
        page.evaluate(WATCH_PROGRESS)
        with page.expect_event("load"):
            form.get_by_role("button", name="Tải lên").click()
        assert page.evaluate("sessionStorage.getItem('upload-progress')") is not None
        expect(page.locator("#minh-chung h2 .badge")).to_have_text(str(number))
        expect(page.get_by_text(title, exact=True)).to_be_visible()
    expect(page.locator("#minh-chung")).to_contain_text("DOCX")
    shot(page, "04-evidence-uploaded")

    page.get_by_role("button", name="Gửi đề xuất").click()
    expect(flash(page)).to_contain_text("Đã gửi đề xuất")
    state["exemplar_url"] = page.url
    assert not staff.errors, staff.errors


def test_unit_head_reviews_the_evidence_and_endorses(sign_in, shot):
    needs("exemplar_url")
    head = sign_in("truongkhoa")
    page = head.goto("/exemplars/?queue=unit")
    page.locator("main a", has_text=NOMINEE).click()
    assert page.url == state["exemplar_url"]

    cards = page.locator("#minh-chung .card")
    expect(cards).to_have_count(3)
    # Look at the scan, then accept the three (the last with a note).
    with page.expect_popup() as popup:
        cards.nth(2).get_by_role("link", name="Xem").click()
    assert popup.value.url.endswith("/preview")
    popup.value.close()
    for index in range(3):
        card = page.locator("#minh-chung .card").nth(index)
        card.get_by_label("Chấp nhận", exact=True).check()
        if index == 2:
            card.get_by_label("Nhận xét").fill("Ảnh rõ, khớp với quyết định của Sở.")
        card.get_by_role("button", name="Ghi kết quả").click()
        expect(flash(page)).to_contain_text("Đã ghi kết quả xem xét")
    expect(page.locator("#minh-chung .badge", has_text="Chấp nhận")).to_have_count(3)
    shot(page, "05-evidence-reviewed")

    # The demo's catalogue sets each title's bình xét threshold: the unit's tally comes first.
    page.get_by_role("link", name="Bình xét ở đơn vị").click()
    page.get_by_label("Danh hiệu đề nghị").select_option(label="Lao động tiên tiến (≥ 50%)")
    page.get_by_label("Số người dự họp").fill("12")
    page.get_by_label("Số phiếu đồng ý", exact=True).fill("10")
    page.get_by_label("Số phiếu không đồng ý").fill("2")
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(flash(page)).to_contain_text("Đã ghi kết quả bình xét")
    assert page.url == state["exemplar_url"]

    page.get_by_role("button", name="Xác nhận của đơn vị").click()
    expect(flash(page)).to_contain_text("Đơn vị đã xác nhận")
    assert not head.errors, head.errors


def test_secretariat_records_the_decision_and_the_honour_board_shows_it(sign_in, shot):
    needs("exemplar_url")
    hr = sign_in("thuongtruc")
    page = hr.goto("/exemplars/decisions")
    page.get_by_role("link", name="Soạn quyết định mới").click()
    expect(page.get_by_label("Loại văn bản")).to_have_value("QĐ")
    page.get_by_label("Trích yếu").fill(DECISION_SUMMARY)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(flash(page)).to_contain_text("Đã lưu dự thảo")

    page.goto("/exemplars/decisions")
    page.locator("main a", has_text=DECISION_SUMMARY).click()
    nominee = page.get_by_label("Điển hình đã được xác nhận")
    nominee.select_option(nominee.locator("option", has_text=NOMINEE).get_attribute("value"))
    page.get_by_label("Danh hiệu thi đua").select_option(label="Lao động tiên tiến")
    page.get_by_label("Hình thức khen thưởng").select_option(label="Giấy khen")
    page.get_by_label("Tiền thưởng (đồng)").fill("500000")
    page.get_by_role("button", name="Thêm vào danh sách").click()
    expect(flash(page)).to_contain_text("Đã thêm vào danh sách khen thưởng")
    expect(page.locator("table tbody")).to_contain_text(NOMINEE)
    expect(page.locator("table tfoot")).to_contain_text("500.000 đ")
    shot(page, "06-decision-award-lines")

    page.get_by_role("link", name="Xem văn bản").click()
    symbol = sign_and_issue(hr, sign_in, page)

    page.goto(state["exemplar_url"])
    expect(page.locator("main").get_by_text("Đã công nhận").first).to_be_visible()
    # Propagated by its first recorded activity (issue 17), not by a button.
    page.get_by_role("link", name="Tuyên truyền, nhân rộng").click()
    page.get_by_role("link", name="Ghi nhận hoạt động").click()
    page.get_by_label("Hình thức tuyên truyền").select_option(index=1)
    page.get_by_label("Ngày thực hiện").fill("15/06/2025")
    page.get_by_label("Đối tượng").fill("Toàn thể cán bộ, viên chức")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    page.goto(state["exemplar_url"])
    expect(page.locator("main").get_by_text("Đã tuyên truyền, nhân rộng").first).to_be_visible()

    staff = sign_in("canbo.kt")  # anyone at the college sees the honour board
    board = staff.goto("/exemplars/honour-board?year=2025").locator("main")
    card = board.locator("article", has_text=NOMINEE)
    expect(card).to_be_visible()
    expect(card).to_contain_text("Lao động tiên tiến")
    expect(card).to_contain_text(symbol)
    expect(card).to_contain_text("15/06/2025")  # dates read the Vietnamese way
    shot(staff.page, "07-honour-board")
    state["decision"] = symbol
    assert not hr.errors and not staff.errors


def test_inspector_searches_without_diacritics_opens_history_and_exports(sign_in, shot):
    needs("exemplar_url")
    inspector = sign_in("kiemtra")
    page = inspector.goto("/search/")
    search_box = page.get_by_label("Từ khoá")
    results = page.locator("main article")
    # The worker indexes in the background: a few seconds after the change at most.
    deadline = time.monotonic() + 60
    while True:
        search_box.fill(QUERY)
        search_box.press("Enter")
        page.wait_for_load_state()
        if results.filter(has_text=NOMINEE).count() or time.monotonic() > deadline:
            break
        time.sleep(1)
    hit = results.filter(has_text=NOMINEE).first
    expect(hit).to_be_visible()
    expect(hit.locator("mark").first).to_be_visible()  # the words found, with their diacritics
    shot(page, "08-search-results")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(NOMINEE in c for c in cells), cells[:20]

    hit.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NOMINEE)
    history = page.get_by_role("link", name="Lịch sử")
    if not history.count():
        pytest.skip("no audit history link on the record's page (the audit area is not installed)")
    history.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lịch sử")
    expect(page.locator("main")).to_contain_text("Võ Thị Ngọc Ánh")
    expect(page.locator("main")).to_contain_text("Đặng Minh Đức")
    shot(page, "09-history")
    assert not inspector.errors, inspector.errors


def test_unit_head_submits_the_annual_report_before_the_deadline(sign_in, shot):
    head = sign_in("truongkhoa")
    page = head.goto("/supervision/reports?year=2025")
    expect(page.locator("main")).to_contain_text(
        "Hạn nộp theo kế hoạch: trước ngày 30 tháng 6 năm 2025"
    )
    card = page.locator("section.card", has=page.get_by_role("heading", name=UNIT))
    expect(card).to_contain_text("Sắp đến hạn")
    if "exemplar_url" in state:
        expect(card).to_contain_text(NOMINEE)  # the endorsed nomination goes into the list
    card.get_by_label("Kết quả thực hiện kế hoạch").fill(
        "Khoa đã phát hiện, bồi dưỡng 02 điển hình tiên tiến; tuyên truyền trên trang tin Khoa."
    )
    asked = head.accept_next_dialog()
    card.get_by_role("button", name="Nộp báo cáo").click()
    expect(flash(page)).to_contain_text(f"Đã nộp báo cáo năm 2025 của {UNIT}")
    assert asked and "chốt" in asked[0]
    card = page.locator("section.card", has=page.get_by_role("heading", name=UNIT))
    expect(card).to_contain_text("Nộp đúng hạn")
    card.get_by_role("link", name="Xem báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo năm 2025")
    shot(page, "10-report-submitted")
    assert not head.errors, head.errors
