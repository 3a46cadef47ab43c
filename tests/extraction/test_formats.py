"""Each format of the shared samples gives the plan's text, NFC, through its own reader."""

import unicodedata

import pytest

from intranet.extraction import extract
from intranet.extraction.parsing import clean

from .conftest import needs_catdoc

PLAN = "ke-hoach-36-KH-CDBP"
PHRASES = ("điển hình tiên tiến", "113/KH-UBND", "Nguyễn Bích Liên")
# Names that sit in cells of the exemplar list, in several columns.
CELLS = ("Võ Thị Thanh Tâm", "Bùi Quang Huy", "Ngô Thị Kim Liên", "Khoa Cơ khí - Động lực")


def words(text: str) -> str:
    """The text with its line breaks and spacing folded, to compare what readers lay out."""
    return " ".join(text.split())


@pytest.fixture
def plan_text(sample):
    return words(sample(f"{PLAN}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("suffix", "type_code", "method"),
    [(".pdf", "pdf", "pdfium"), (".docx", "docx", "docx"), (".odt", "odt", "odf")],
)
def test_text_layer_gives_the_plans_text(sample, plan_text, suffix, type_code, method):
    result = extract(sample(PLAN + suffix), type_code)
    assert (result.status, result.method, result.message) == ("ok", method, "")
    for phrase in PHRASES:
        assert phrase in result.text
    assert words(result.text) == plan_text
    assert unicodedata.is_normalized("NFC", result.text)


@needs_catdoc
def test_legacy_doc_is_read_with_catdoc(sample, plan_text):
    result = extract(sample(f"{PLAN}.doc"), "doc")
    assert (result.status, result.method) == ("ok", "catdoc")
    assert words(result.text) == plan_text


def test_txt_gives_the_file_text(sample):
    path = sample(f"{PLAN}.txt")
    result = extract(path, "txt")
    assert result.status == "ok"
    assert result.text == path.read_text(encoding="utf-8").strip()
    for phrase in PHRASES:
        assert phrase in result.text


def test_nfd_txt_gives_the_same_nfc_text_as_the_nfc_file(sample):
    decomposed = sample(f"{PLAN}-nfd.txt")
    assert not unicodedata.is_normalized("NFC", decomposed.read_text(encoding="utf-8"))
    result = extract(decomposed, "txt")
    assert result.status == "ok"
    assert unicodedata.is_normalized("NFC", result.text)
    assert result.text == extract(sample(f"{PLAN}.txt"), "txt").text


@pytest.mark.parametrize(("suffix", "type_code"), [(".xlsx", "xlsx"), (".ods", "ods")])
def test_spreadsheet_gives_the_names_in_its_cells(sample, suffix, type_code):
    result = extract(sample(f"danh-sach-dien-hinh-tien-tien-2024{suffix}"), type_code)
    assert result.status == "ok"
    for name in CELLS:
        assert name in result.text
    assert "Danh sách 2024" in result.text.splitlines()  # the sheet's name
    # One line per row: a person's name and their unit stay on the same line.
    assert any("Bùi Quang Huy" in line and "Giảng dạy" in line for line in result.text.splitlines())


def test_xls_gives_cells_with_dates_and_whole_numbers(tmp_path):
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test extra) makes the XLS file")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Khen thưởng")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for column, value in enumerate(("Nguyễn Bích Liên", "Khoa Kinh tế", 2024.0)):
        sheet.write(0, column, value)
    sheet.write(1, 0, __import__("datetime").date(2023, 4, 21), date_style)
    book.save(str(tmp_path / "khen-thuong.xls"))
    result = extract(tmp_path / "khen-thuong.xls", "xls")
    assert (result.status, result.method) == ("ok", "xlrd")
    assert result.text.splitlines() == [
        "Khen thưởng",
        "Nguyễn Bích Liên\tKhoa Kinh tế\t2024",
        "21/4/2023",
    ]


def test_txt_in_windows_1258_is_decoded_and_composed(tmp_path):
    path = tmp_path / "cu.txt"
    # Windows-1258 writes a tone as a combining mark after the letter: ê + ◌́, a + ◌̣, then đ.
    path.write_bytes(b"K\xea\xec hoa\xf2ch thi \xf0ua")
    result = extract(path, "txt")
    assert (result.status, result.text) == ("ok", "Kế hoạch thi đua")


def test_txt_with_utf16_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Điển hình tiên tiến".encode("utf-16"))
    assert extract(path, "txt").text == "Điển hình tiên tiến"


def test_long_text_is_cut_at_the_cap_and_says_so(tmp_path):
    path = tmp_path / "dai.txt"
    path.write_text("thi đua khen thưởng\n" * 1000, encoding="utf-8")
    result = extract(path, "txt", max_chars=1000)
    assert (result.status, result.truncated) == ("ok", True)
    assert 0 < len(result.text) <= 1000
    assert result.message == "Văn bản quá dài, chỉ giữ phần đầu"


def test_control_characters_become_spaces_and_line_breaks_are_unified(tmp_path):
    path = tmp_path / "ctrl.txt"
    path.write_bytes("Kế\x07hoạch số\r\n36\rKH\x0cCĐBP".encode())
    assert extract(path, "txt").text == "Kế hoạch số\n36\nKH\nCĐBP"


def test_clean_drops_nul_and_lone_surrogates_and_composes():
    assert clean("Ke\u0302\u0301\x00 hoa\ud800ch \n", 100) == "Kế hoa?ch"
