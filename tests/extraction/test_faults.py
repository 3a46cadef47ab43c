"""Hostile files end as a status on the record, never as an exception or a stuck worker."""

import random
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from intranet.extraction import TYPE_CODES, extract

from . import forge
from .conftest import needs_ocr

HIDDEN = b"BT /F1 24 Tf 72 700 Td (Mat khau bi mat) Tj ET"


def test_forged_encrypted_pdf_opens_with_its_password(tmp_path):
    # Proves the hand-made file is a real encrypted PDF, not just a damaged one.
    path = tmp_path / "mat-khau.pdf"
    path.write_bytes(forge.pdf(HIDDEN, encrypt_with=b"secret"))
    document = pdfium.PdfDocument(str(path), password="secret")
    assert document[0].get_textpage().get_text_range() == "Mat khau bi mat"
    document.close()


def test_encrypted_pdf_is_marked_encrypted(tmp_path):
    path = tmp_path / "mat-khau.pdf"
    path.write_bytes(forge.pdf(HIDDEN, encrypt_with=b"secret"))
    result = extract(path, "pdf")
    assert (result.status, result.text) == ("encrypted", "")
    assert result.message == "Tệp PDF có mật khẩu"


def test_encrypted_odt_is_marked_encrypted(tmp_path):
    path = tmp_path / "mat-khau.odt"
    forge.encrypted_odt(path)
    assert extract(path, "odt").status == "encrypted"


@pytest.mark.parametrize("type_code", ["docx", "xlsx"])
def test_password_protected_ooxml_is_marked_encrypted(tmp_path, type_code):
    path = tmp_path / f"mat-khau.{type_code}"
    forge.encrypted_ooxml(path)
    result = extract(path, type_code)
    assert (result.status, result.message) == ("encrypted", "Tệp có mật khẩu")


def test_zip_bomb_docx_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bom.docx"
    forge.zip_bomb_docx(path, inflated_mb=260)  # over the 256 MB guard, under 1 MB on disk
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    result = extract(path, "docx")
    assert (result.status, result.message) == ("failed", "Tệp nén giải nén ra quá lớn")
    assert time.monotonic() - started < 5


def test_pdf_bomb_over_the_memory_cap_is_stopped_and_failed(tmp_path):
    path = tmp_path / "bom.pdf"
    path.write_bytes(forge.pdf_bomb(inflated_mb=200))
    result = extract(path, "pdf", memory_mb=256)
    assert (result.status, result.text) == ("failed", "")
    # The same file under a roomier cap is read (its page is only spaces): the cap stopped it.
    assert extract(path, "pdf", memory_mb=1024).status == "no_text"


def test_tiny_timeout_returns_timeout_promptly(sample):
    started = time.monotonic()
    result = extract(sample("ke-hoach-36-KH-CDBP-scan.pdf"), "pdf", timeout=0.01)
    assert (result.status, result.message) == ("timeout", "Quá thời gian trích xuất")
    assert time.monotonic() - started < 2


@needs_ocr
def test_timeout_during_ocr_kills_tesseract_too(sample):
    before = _tesseracts()
    started = time.monotonic()
    result = extract(sample("ke-hoach-36-KH-CDBP-scan.pdf"), "pdf", timeout=1.5)
    assert result.status == "timeout"
    assert time.monotonic() - started < 4
    deadline = time.monotonic() + 2  # SIGKILL is delivered, not awaited: give it a moment
    while _tesseracts() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _tesseracts() <= before


@pytest.mark.parametrize("type_code", sorted(TYPE_CODES))
def test_garbage_bytes_fail_for_every_type(tmp_path, type_code):
    path = tmp_path / f"rac.{type_code}"
    path.write_bytes(random.Random(type_code).randbytes(8192))  # noqa: S311 (seeded test data)
    result = extract(path, type_code)
    assert (result.status, result.text) == ("failed", "")
    assert result.message


@pytest.mark.parametrize(
    ("name", "type_code"),
    [
        ("ke-hoach-36-KH-CDBP.docx", "docx"),
        ("ke-hoach-36-KH-CDBP.odt", "odt"),
        ("danh-sach-dien-hinh-tien-tien-2024.xlsx", "xlsx"),
        ("danh-sach-dien-hinh-tien-tien-2024.ods", "ods"),
    ],
)
def test_truncated_zip_file_fails(sample, tmp_path, name, type_code):
    data = sample(name).read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])  # the zip directory at the end is gone
    assert extract(path, type_code).status == "failed"


def test_truncated_pdf_gives_a_status_not_an_exception(sample, tmp_path):
    # PDFium rebuilds a lost cross-reference table, so a cut PDF may still give its first pages.
    data = sample("ke-hoach-36-KH-CDBP.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert extract(path, "pdf").status in {"ok", "failed"}


def test_a_file_of_another_type_fails(sample):
    result = extract(sample("ke-hoach-36-KH-CDBP-scan-trang1.png"), "pdf")
    assert (result.status, result.message) == ("failed", "Tệp PDF bị hỏng")


def test_binary_file_given_as_txt_fails(sample):
    result = extract(sample("ke-hoach-36-KH-CDBP-scan-trang1.png"), "txt")
    assert result.status == "failed"


def _tesseracts() -> int:
    """How many Tesseract processes run now (a killed worker must not leave one behind)."""
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # /proc/PID/stat: "PID (comm) STATE …"; a zombie (Z) has already ended.
                name, _, rest = (entry / "stat").read_text().partition(") ")
            except OSError:
                continue
            count += name.endswith("(tesseract") and not rest.startswith("Z")
    return count


def test_memory_cap_too_small_for_the_reader_fails(sample):
    # 8 MB cannot even load PDFium; whether that shows as a MemoryError or as a shared library
    # that fails to map depends on the allocator, so only the status is certain.
    result = extract(sample("ke-hoach-36-KH-CDBP.pdf"), "pdf", memory_mb=8)
    assert (result.status, result.text) == ("failed", "")
    assert result.message
