"""The exemplar lists for the provincial board: a unit's list and the school's, as XLSX read back
with openpyxl, as PDF whose text is extracted with pypdfium2 and as DOCX read with python-docx:
the papers in the decree's layout (tests/documents/test_paper.py reads their lines' positions)."""

import ctypes
import io
import re
import unicodedata
from datetime import date, datetime

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from tests.supervision.conftest import post, unit_id

HEADER = ("STT", "Họ và tên / Tập thể", "Đơn vị", "Lĩnh vực", "Thành tích tiêu biểu")
AWARD_HEADER = ("Danh hiệu / Hình thức", "Quyết định")
TUYET = "Nguyễn Thị Ánh Tuyết"
TUYET_DID = "Giảng viên dạy giỏi cấp tỉnh; hướng dẫn sinh viên đạt giải Nhất kỹ năng nghề."
HUNG = "Đặng Quốc Hưng"
HUNG_DID = "Xây dựng hệ thống quản lý đào tạo trực tuyến cho toàn trường."
BO_MON = "Bộ môn Mạng máy tính"
BO_MON_DID = "Tập thể lao động xuất sắc, 100% sinh viên tốt nghiệp có việc làm."
DAT = "Huỳnh Văn Đạt"
DAT_DID = "Đổi mới phương pháp giảng dạy học phần Nguyên lý kế toán."


@pytest.fixture
def lists(plan, freeze, make_exemplar):
    """KCNTT 2024: a recognised, a propagated collective, an endorsed one, and a submitted one
    (not listed); KKT 2024: a recognised one. Today is 10/7/2025."""
    make_exemplar("KCNTT", TUYET, stage="recognised", achievement=TUYET_DID)
    make_exemplar(
        "KCNTT",
        BO_MON,
        stage="propagated",
        achievement=BO_MON_DID,
        subject="collective",
        field="Hợp tác doanh nghiệp",
    )
    make_exemplar("KCNTT", HUNG, stage="endorsed", achievement=HUNG_DID, field="Chuyển đổi số")
    make_exemplar("KCNTT", "Trần Chưa Xác Nhận", stage="submitted")
    make_exemplar("KKT", DAT, stage="recognised", achievement=DAT_DID)
    freeze(date(2025, 7, 10))


def sheet_rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    return sheet.title, [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def pdf_text(response) -> str:
    pdf = pypdfium2.PdfDocument(response.data)
    try:
        pages = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    text = unicodedata.normalize("NFC", "\n".join(pages))
    return " ".join(text.split())


def unit_export(client, app, fmt, code="KCNTT", year=2024):
    return client.get(f"/supervision/export/unit/{unit_id(app, code)}/{year}.{fmt}")


def test_the_unit_list_downloads_as_an_xlsx_file_named_after_the_unit_and_year(app, lists, sign_in):
    response = unit_export(sign_in("secretariat"), app, "xlsx")

    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="danh-sach-KCNTT-2024.xlsx"'
    )


def test_the_unit_xlsx_has_the_title_and_the_header(app, lists, sign_in):
    title, rows = sheet_rows(unit_export(sign_in("secretariat"), app, "xlsx"))

    assert title == "Năm 2024"
    assert rows[0][0] == "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC"
    assert rows[1][0] == "KHOA CÔNG NGHỆ THÔNG TIN"
    assert rows[2][0] == "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN NĂM 2024"
    assert rows[4] == (*HEADER, "Cá nhân / Tập thể", *AWARD_HEADER)


def test_the_unit_xlsx_lists_its_exemplars_endorsed_and_beyond_with_their_achievements(
    app, lists, sign_in
):
    _title, rows = sheet_rows(unit_export(sign_in("secretariat"), app, "xlsx"))

    unit = "Khoa Công nghệ thông tin"
    assert rows[5:] == [
        (1, BO_MON, unit, "Hợp tác doanh nghiệp", BO_MON_DID, "Tập thể", None, None),
        (2, HUNG, unit, "Chuyển đổi số", HUNG_DID, "Cá nhân", None, None),
        (3, TUYET, unit, "Giảng dạy", TUYET_DID, "Cá nhân", None, None),
    ]


def test_the_unit_pdf_is_an_administrative_document_in_vietnamese(app, lists, sign_in):
    response = unit_export(sign_in("secretariat"), app, "pdf")

    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    text = pdf_text(response)
    assert "UBND TỈNH BÌNH PHƯỚC" in text
    assert "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Bình Phước, ngày 10 tháng 07 năm 2025" in text or (
        "Bình Phước, ngày 10 tháng 7 năm 2025" in text
    )
    assert "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN NĂM 2024" in text
    assert "Khoa Công nghệ thông tin" in text
    assert "Số: /DS-CĐBP" in text  # the number is the registry's, written when the list is sent
    assert "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text and "CHỦ TỊCH" in text
    assert "Nơi nhận:" in text and "- Lưu: VT, HĐTĐKT." in text


def test_the_unit_pdf_keeps_the_diacritics_of_names_and_achievements(app, lists, sign_in):
    text = pdf_text(unit_export(sign_in("secretariat"), app, "pdf"))

    for words in (TUYET, HUNG, BO_MON, "Khoa Công nghệ thông tin", "Hợp tác doanh nghiệp"):
        assert words in text
    assert "hướng dẫn sinh viên đạt giải Nhất" in text
    assert "Trần Chưa Xác Nhận" not in text


def fonts_of(data: bytes) -> set[tuple[str, bool]]:
    """(base font name without the subset tag, embedded) of every text on the PDF's pages."""
    pdf = pypdfium2.PdfDocument(data)
    fonts = set()
    try:
        for page in pdf:
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
                font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                name = ctypes.create_string_buffer(256)
                pdfium_c.FPDFFont_GetBaseFontName(font, name, 256)
                base = name.value.decode().split("+")[-1]
                fonts.add((base, bool(pdfium_c.FPDFFont_GetIsEmbedded(font))))
    finally:
        pdf.close()
    return fonts


def test_the_pdf_embeds_liberation_serif_with_every_vietnamese_letter(app, lists, sign_in):
    fonts = fonts_of(unit_export(sign_in("secretariat"), app, "pdf").data)

    assert fonts and all(embedded for _name, embedded in fonts)
    # Not one glyph taken from another font: Liberation Serif 2 has them all.
    assert all(name.replace("-", "").startswith("LiberationSerif") for name, _e in fonts), fonts


def test_an_unknown_format_is_not_found(app, lists, sign_in):
    assert unit_export(sign_in("secretariat"), app, "csv").status_code == 404


def test_the_unit_export_uses_the_list_frozen_at_submission(app, lists, make_exemplar, sign_in):
    client = sign_in("unit_head")
    _submit_2024(client, app)
    make_exemplar("KCNTT", "Người Công Nhận Sau", stage="recognised")

    _title, rows = sheet_rows(unit_export(client, app, "xlsx"))
    text = pdf_text(unit_export(client, app, "pdf"))

    assert [row[1] for row in rows[5:]] == [BO_MON, HUNG, TUYET]
    assert "Người Công Nhận Sau" not in text and TUYET in text


def test_before_submission_the_unit_export_shows_the_list_as_it_stands(
    app, lists, make_exemplar, sign_in
):
    make_exemplar("KCNTT", "Người Công Nhận Sau", stage="recognised")

    _title, rows = sheet_rows(unit_export(sign_in("unit_head"), app, "xlsx"))

    assert "Người Công Nhận Sau" in [row[1] for row in rows[5:]]


def _submit_2024(client, app):
    response = post(
        client,
        f"/supervision/reports/2024/{unit_id(app, 'KCNTT')}",
        {"summary": "Báo cáo năm 2024."},
        follow_redirects=True,
    )
    assert "Đã nộp báo cáo năm 2024" in response.get_data(as_text=True)


def test_the_school_xlsx_lists_every_units_recognised_exemplars(app, lists, sign_in):
    response = sign_in("secretariat").get("/supervision/export/school/2024.xlsx")

    title, rows = sheet_rows(response)
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="danh-sach-toan-truong-2024.xlsx"'
    )
    assert title == "Năm 2024"
    assert rows[0][0] == "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC"
    assert rows[2][0] == "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN TOÀN TRƯỜNG NĂM 2024"
    assert rows[4] == (*HEADER, "Cá nhân / Tập thể", *AWARD_HEADER)
    unit = "Khoa Công nghệ thông tin"
    assert [row[:6] for row in rows[5:]] == [
        (1, BO_MON, unit, "Hợp tác doanh nghiệp", BO_MON_DID, "Tập thể"),
        (2, TUYET, unit, "Giảng dạy", TUYET_DID, "Cá nhân"),
        (3, DAT, "Khoa Kinh tế", "Giảng dạy", DAT_DID, "Cá nhân"),
    ]


def test_the_school_pdf_has_the_national_heading_the_title_and_every_unit(app, lists, sign_in):
    text = pdf_text(sign_in("leader").get("/supervision/export/school/2024.pdf"))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Bình Phước, ngày 10 tháng 7 năm 2025" in text
    assert "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN TOÀN TRƯỜNG NĂM 2024" in text
    assert TUYET in text and DAT in text and BO_MON in text
    assert HUNG not in text  # endorsed only: not yet recognised by the school


def test_the_dashboard_offers_the_school_exports_of_each_year(app, lists, sign_in):
    page = sign_in("secretariat").get("/supervision/").get_data(as_text=True)

    assert 'href="/supervision/export/school/2024.xlsx"' in page
    assert 'href="/supervision/export/school/2024.pdf"' in page


def test_staff_of_another_unit_get_404_for_a_units_export(app, lists, sign_in):
    client = sign_in("other_staff")

    assert unit_export(client, app, "xlsx").status_code == 404
    assert unit_export(client, app, "pdf").status_code == 404


def test_the_head_of_another_unit_gets_404_for_a_units_export(app, lists, sign_in):
    assert unit_export(sign_in("kkt_head"), app, "xlsx").status_code == 404


def test_staff_of_the_unit_get_404_for_its_list_export(app, lists, sign_in):
    client = sign_in("staff")

    assert unit_export(client, app, "xlsx").status_code == 404
    assert unit_export(client, app, "pdf").status_code == 404


def test_the_unit_head_exports_the_units_list(app, lists, sign_in):
    _title, rows = sheet_rows(unit_export(sign_in("unit_head"), app, "xlsx"))

    assert [row[1] for row in rows[5:]] == [BO_MON, HUNG, TUYET]


@pytest.mark.parametrize("who", ["staff", "unit_head"])
def test_staff_and_unit_heads_get_403_for_the_school_export(app, lists, sign_in, who):
    client = sign_in(who)

    assert client.get("/supervision/export/school/2024.xlsx").status_code == 403
    assert client.get("/supervision/export/school/2024.pdf").status_code == 403


def test_a_year_without_exemplars_gives_an_empty_list_that_says_so(app, lists, sign_in):
    text = pdf_text(sign_in("secretariat").get("/supervision/export/school/2023.pdf"))

    assert "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN TOÀN TRƯỜNG NĂM 2023" in text
    assert "Không có điển hình nào." in text


def test_the_export_date_line_follows_the_frozen_clock(app, lists, freeze, submit, sign_in):
    submit("KKT", 2024, at=datetime(2024, 6, 20, 2, 0))
    freeze(date(2026, 1, 5))

    text = pdf_text(sign_in("leader").get("/supervision/export/school/2024.pdf"))

    assert re.search(r"Bình Phước, ngày 0?5 tháng 0?1 năm 2026", text)


def test_the_lists_follow_the_vietnamese_alphabet(app, plan, freeze, make_exemplar, sign_in):
    for name in ("Nguyễn Văn An", "Đặng Thị Bé", "Dương Minh Châu", "Ánh Dương", "Anh Tú"):
        make_exemplar("KKT", name, stage="recognised")
    freeze(date(2025, 7, 10))
    client = sign_in("leader")

    _title, unit_rows = sheet_rows(unit_export(client, app, "xlsx", code="KKT"))
    _title, school_rows = sheet_rows(client.get("/supervision/export/school/2024.xlsx"))

    expected = ["Anh Tú", "Ánh Dương", "Dương Minh Châu", "Đặng Thị Bé", "Nguyễn Văn An"]
    assert [row[1] for row in unit_rows[5:]] == expected
    assert [row[1] for row in school_rows[5:]] == expected


def docx_text(data: bytes) -> str:
    document = WordDocument(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(unicodedata.normalize("NFC", "\n".join(parts)).split())


def test_the_lists_also_download_as_docx_with_the_same_text(app, lists, sign_in):
    client = sign_in("secretariat")

    unit = unit_export(client, app, "docx")
    school = client.get("/supervision/export/school/2024.docx")

    assert unit.status_code == school.status_code == 200
    assert unit.headers["Content-Disposition"] == 'attachment; filename="danh-sach-KCNTT-2024.docx"'
    for text in (docx_text(unit.data), docx_text(school.data)):
        for words in (
            "UBND TỈNH BÌNH PHƯỚC",
            "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
            "Nơi nhận:",
            TUYET,
            BO_MON,
        ):
            assert words in text, words
    assert "DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN TOÀN TRƯỜNG NĂM 2024" in docx_text(school.data)
    assert DAT in docx_text(school.data) and DAT not in docx_text(unit.data)
    assert unit_export(sign_in("staff"), app, "docx").status_code == 404


def test_each_exemplar_shows_its_title_and_the_decision_that_awarded_it(
    app, plan, freeze, make_exemplar, decide, sign_in
):
    awarded = make_exemplar("KCNTT", TUYET, stage="endorsed", achievement=TUYET_DID)
    make_exemplar("KCNTT", HUNG, stage="recognised", achievement=HUNG_DID)
    decide([awarded], number=7)
    freeze(date(2025, 7, 10))
    client = sign_in("secretariat")

    _title, rows = sheet_rows(client.get("/supervision/export/school/2024.xlsx"))
    text = pdf_text(client.get("/supervision/export/school/2024.pdf"))

    by_name = {row[1]: row[6:] for row in rows[5:]}
    assert by_name[TUYET][0] == "Giấy khen"
    assert by_name[TUYET][1] in ("07/QĐ-CĐBP", "7/QĐ-CĐBP")
    assert by_name[HUNG] == (None, None)
    assert "Giấy khen" in text and "/QĐ-CĐBP" in text.replace("- ", "-")
    # The council's chair signs: the name of the school's latest decision's signer.
    assert "Nguyễn Văn Thành" in text
