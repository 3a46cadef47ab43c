"""Scans: Tesseract with Vietnamese data when installed, and a clear "no text" when not."""

import pytest

from intranet.extraction import extract

from .conftest import needs_ocr

SCAN_PDF = "ke-hoach-36-KH-CDBP-scan.pdf"


@needs_ocr
@pytest.mark.parametrize(
    ("name", "type_code"),
    [
        ("ke-hoach-36-KH-CDBP-scan-trang1.png", "png"),
        ("ke-hoach-36-KH-CDBP-scan-trang1.jpg", "jpeg"),
    ],
)
def test_ocr_of_a_scanned_page_finds_the_heading_and_place(sample, name, type_code):
    result = extract(sample(name), type_code)
    assert (result.status, result.method) == ("ok", "ocr")
    assert "KẾ HOẠCH" in result.text
    assert "Bình Phước" in result.text


@needs_ocr
def test_scanned_pdf_is_ocred_up_to_max_pages(sample):
    result = extract(sample(SCAN_PDF), "pdf", max_pages=1)  # one page keeps the test short
    assert (result.status, result.method) == ("ok", "ocr")
    assert "KẾ HOẠCH" in result.text
    assert "Bình Phước" in result.text
    assert result.message == "Chỉ nhận dạng chữ 1 trang đầu"


def test_scanned_pdf_with_ocr_off_has_no_text(sample):
    result = extract(sample(SCAN_PDF), "pdf", ocr=False)
    assert (result.status, result.text) == ("no_text", "")
    assert result.message == "Không có văn bản (OCR đang tắt)"


def test_without_tesseract_a_scan_is_stored_as_no_text(sample, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # the child finds no tesseract on its PATH
    for name, type_code in [(SCAN_PDF, "pdf"), ("ke-hoach-36-KH-CDBP-scan-trang1.png", "png")]:
        result = extract(sample(name), type_code)
        assert (result.status, result.message) == ("no_text", "Không có văn bản (chưa cài OCR)")


def test_without_catdoc_a_doc_is_stored_as_no_text(sample, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    result = extract(sample("ke-hoach-36-KH-CDBP.doc"), "doc")
    assert (result.status, result.message) == ("no_text", "Chưa cài catdoc")
