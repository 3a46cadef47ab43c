"""OCR straightens a scan that lies on its side or upside down, and reads it as well as upright.

The character error rate (CER: edit distance between the OCR'd text and the plan's own text,
divided by the length of the plan's text, whitespace collapsed) is measured on the sample scan of
page 1, upright and turned 90°, 180° and 270°. ``python -m tests.extraction.test_orientation``
prints the table given in the README.
"""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from intranet.extraction import available_tools, extract
from tests.factories import sample_bytes, sample_path

pytestmark = pytest.mark.skipif(
    not available_tools()["ocr"],
    reason="Tesseract with Vietnamese data missing: apt-get install tesseract-ocr-vie",
)

SCAN = "ke-hoach-36-KH-CDBP-scan-trang1.png"
MAX_CER = 0.03  # measured ≈ 0.2 % upright on this machine; turned pages must read the same


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def page_one_text() -> str:
    """The plan's text down to the last line of page 1 of the scan (its last words)."""
    full = normal(sample_path("ke-hoach-36-KH-CDBP-nfd.txt").read_text(encoding="utf-8"))
    ocr_upright = normal(extract(sample_path(SCAN), "png", timeout=120).text)
    tail = ocr_upright[-25:]
    end = full.find(tail)
    return full[: end + len(tail)] if end > 0 else full[: len(ocr_upright)]


def cer(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over characters, divided by the reference's length."""
    previous = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        current = [i]
        for j, h in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / max(1, len(reference))


def turned(degrees: int, fmt: str = "PNG") -> bytes:
    """The sample scan turned ``degrees`` counter-clockwise, as a scanner fed sideways gives it."""
    with Image.open(io.BytesIO(sample_bytes(SCAN))) as image:
        out = io.BytesIO()
        image.rotate(degrees, expand=True).save(out, format=fmt)
        return out.getvalue()


def ocr_of(tmp_path: Path, data: bytes, type_code: str) -> str:
    blob = tmp_path / f"blob-{len(data)}"  # no extension, like the store
    blob.write_bytes(data)
    result = extract(blob, type_code, timeout=180)
    assert result.status == "ok", result.message
    return normal(result.text)


@pytest.fixture(scope="module")
def reference() -> str:
    return page_one_text()


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_a_turned_scan_is_read_upright(tmp_path, reference, degrees):
    text = ocr_of(tmp_path, turned(degrees), "png")
    assert "KẾ HOẠCH" in text and "Bình Phước" in text
    assert cer(reference, text) <= MAX_CER


def test_a_turned_page_of_a_scanned_pdf_is_read_upright(tmp_path, reference):
    """The scanned PDF's page rendered for OCR is turned the same way."""
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument.new()
    with Image.open(io.BytesIO(turned(180))) as image:
        jpeg = io.BytesIO()
        image.convert("L").save(jpeg, format="JPEG", quality=90)
    picture = pdfium.PdfImage.new(document)
    picture.load_jpeg(io.BytesIO(jpeg.getvalue()), inline=True)
    width, height = image.size
    scale = 72 / 200  # the scan is 200 dpi
    page = document.new_page(width * scale, height * scale)
    picture.set_matrix(pdfium.PdfMatrix().scale(width * scale, height * scale))
    page.insert_obj(picture)
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    text = ocr_of(tmp_path, out.getvalue(), "pdf")
    assert cer(reference, text) <= MAX_CER


def measure() -> list[tuple[str, float]]:
    """(orientation, CER) for the sample scan: the README's table."""
    import tempfile

    reference = page_one_text()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for degrees in (0, 90, 180, 270):
            text = ocr_of(Path(folder), turned(degrees), "png")
            rows.append((f"{degrees}°", cer(reference, text)))
        text = ocr_of(Path(folder), sample_bytes(SCAN.replace(".png", ".jpg")), "jpeg")
        rows.append(("JPEG, upright", cer(reference, text)))
    return rows


if __name__ == "__main__":
    for name, rate in measure():
        print(f"| {name} | {rate:.2%} |")
