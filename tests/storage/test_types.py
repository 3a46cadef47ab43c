"""Type detection: by content against the allow-list, then the name's extension must agree."""

import pytest

from intranet.storage import StorageError
from intranet.storage.types import check_extension, detect
from tests.storage.helpers import (
    MINI_PDF,
    ole_with_workbook_stream,
    png_bytes,
    sample,
    tiff_bytes,
    zip_bytes,
)


@pytest.fixture
def write(tmp_path):
    def _write(data: bytes, name: str = "upload.bin"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


def refused(app, path, name: str) -> str:
    """The message of the StorageError raised for ``path`` uploaded as ``name``."""
    with app.app_context(), pytest.raises(StorageError) as caught:
        check_extension(name, detect(path))
    return caught.value.message


@pytest.mark.parametrize(
    ("file_name", "code", "mime"),
    [
        ("ke-hoach-36-KH-CDBP.pdf", "pdf", "application/pdf"),
        ("ke-hoach-36-KH-CDBP-scan.pdf", "pdf", "application/pdf"),
        (
            "ke-hoach-36-KH-CDBP.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("ke-hoach-36-KH-CDBP.odt", "odt", "application/vnd.oasis.opendocument.text"),
        ("ke-hoach-36-KH-CDBP.doc", "doc", "application/msword"),
        (
            "danh-sach-dien-hinh-tien-tien-2024.xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "danh-sach-dien-hinh-tien-tien-2024.ods",
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("ke-hoach-36-KH-CDBP.txt", "txt", "text/plain"),
        ("ke-hoach-36-KH-CDBP-nfd.txt", "txt", "text/plain"),
        ("ke-hoach-36-KH-CDBP-scan-trang1.png", "png", "image/png"),
        ("ke-hoach-36-KH-CDBP-scan-trang1.jpg", "jpeg", "image/jpeg"),
    ],
)
def test_each_sample_is_detected_by_content(app, file_name, code, mime):
    path = sample(file_name)
    with app.app_context():
        found = detect(path)
        check_extension(file_name, found)
    assert (found.code, found.mime) == (code, mime)


def test_writer_web_odt_that_libmagic_calls_text_web_is_odt(app):
    # libmagic says application/vnd.oasis.opendocument.text-web for the sample .odt
    with app.app_context():
        assert detect(sample("ke-hoach-36-KH-CDBP.odt")).code == "odt"


def test_ole_file_with_workbook_stream_is_xls(app, write):
    path = write(ole_with_workbook_stream())
    with app.app_context():
        found = detect(path)
        check_extension("bang-diem.xls", found)
    assert found.code == "xls"


def test_tiff_is_detected_and_both_extensions_accepted(app, write):
    path = write(tiff_bytes())
    with app.app_context():
        found = detect(path)
        check_extension("trang1.tif", found)
        check_extension("trang1.TIFF", found)
    assert found.code == "tiff"


@pytest.mark.parametrize("name", ["anh.jpg", "anh.jpeg", "ANH.JPG"])
def test_jpeg_accepts_jpg_and_jpeg_names(app, name):
    with app.app_context():
        check_extension(name, detect(sample("ke-hoach-36-KH-CDBP-scan-trang1.jpg")))


def test_utf8_text_with_byte_order_mark_is_accepted(app, write):
    path = write("\ufeffKế hoạch số 36/KH-CĐBP\n".encode())
    with app.app_context():
        assert detect(path).code == "txt"


def test_text_that_libmagic_takes_for_source_code_is_still_text(app, write):
    path = write(b"#include <stdio.h>\nint main(void) { return 0; }\n")
    with app.app_context():
        assert detect(path).code == "txt"


def test_png_named_pdf_is_refused_naming_both(app, write):
    message = refused(app, write(png_bytes()), "Kế hoạch.pdf")
    assert ".pdf" in message and "PNG" in message


def test_text_named_docx_is_refused_naming_both(app, write):
    message = refused(app, write("Chỉ là văn bản thường.\n".encode()), "Quyết định.docx")
    assert ".docx" in message and "TXT" in message


def test_zip_that_is_not_a_docx_is_refused(app, write):
    path = write(zip_bytes({"bao-cao.txt": b"not a document", "a.xml": b"<a/>"}))
    message = refused(app, path, "Báo cáo.docx")
    assert "Loại tệp không được chấp nhận" in message
    assert "application/zip" in message and "DOCX" in message


def test_zip_with_word_folder_but_no_document_is_refused_as_damaged(app, write):
    # libmagic already calls this DOCX from the member names; opening it says otherwise
    path = write(zip_bytes({"word/readme.txt": b"not a document", "a.xml": b"<a/>"}))
    assert "không mở được như một tệp DOCX" in refused(app, path, "Báo cáo.docx")


def test_macro_enabled_word_file_is_refused(app, write):
    types = (
        b'<Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    path = write(zip_bytes({"[Content_Types].xml": types, "word/document.xml": b"<w/>"}))
    with app.app_context(), pytest.raises(StorageError):
        detect(path)


def test_truncated_docx_is_refused(app, write):
    data = sample("ke-hoach-36-KH-CDBP.docx").read_bytes()
    message = refused(app, write(data[: len(data) // 2]), "Kế hoạch.docx")
    assert message


def test_pdf_cut_short_is_refused_as_damaged(app, write):
    message = refused(app, write(MINI_PDF.replace(b"%%EOF", b"")), "a.pdf")
    assert "PDF" in message and "hỏng" in message


def test_html_named_txt_is_refused(app, write):
    path = write(b"<html><body><script>alert(1)</script></body></html>\n")
    assert "text/html" in refused(app, path, "ghi-chu.txt")


@pytest.mark.parametrize(
    "data", ["Kế hoạch".encode("utf-16"), "café crème\n".encode("latin-1")], ids=["utf16", "latin1"]
)
def test_text_not_in_utf8_is_refused(app, write, data):
    assert "UTF-8" in refused(app, write(data), "ghi-chu.txt")


def test_executable_is_refused(app, write):
    path = write(b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
    assert "Loại tệp không được chấp nhận" in refused(app, path, "chuong-trinh.pdf")


def test_name_without_extension_is_refused(app, write):
    message = refused(app, write(MINI_PDF), "Kế hoạch")
    assert "phần mở rộng" in message and ".pdf" in message
