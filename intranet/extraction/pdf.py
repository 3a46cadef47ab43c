"""PDF: the text layer through pypdfium2, and OCR of the pages that have none."""

import math
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from intranet.extraction.ocr import Ocr
from intranet.extraction.parsing import Options, TextSink
from intranet.extraction.result import (
    DAMAGED_PDF,
    ENCRYPTED_PDF,
    OCR_PAGE_LIMIT,
    PARTLY_SCANNED,
    ExtractionError,
)

OCR_DPI = 300  # the sample scans are 200 dpi; rendering at 300 reads small print better
MAX_RENDER_PIXELS = 40_000_000  # bigger pages (posters, A0 plans) are rendered at a lower dpi


def extract_pdf(path: Path, options: Options, sink: TextSink) -> str:
    """Text of every page; a page with no text layer but some content is OCR'd when possible."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionError("encrypted", ENCRYPTED_PDF) from exc
        raise ExtractionError("failed", DAMAGED_PDF) from exc
    ocr: Ocr | None = None
    layer_pages = ocr_pages = skipped = 0
    try:
        for index in range(len(document)):
            page = document[index]
            text = _text_layer(page)
            if text.strip():
                layer_pages += 1
                sink.add(text)
            elif _has_content(page):
                ocr = ocr or Ocr(options)
                if ocr.unavailable or ocr_pages >= options.max_pages:
                    skipped += 1
                else:
                    sink.add(ocr.read(_render(page), dpi=OCR_DPI))
                    ocr_pages += 1
            page.close()
    finally:
        document.close()
    if skipped and not (layer_pages or ocr_pages):
        raise ExtractionError("no_text", ocr.unavailable or OCR_PAGE_LIMIT.format(pages=0))
    if skipped:
        sink.note = OCR_PAGE_LIMIT.format(pages=ocr_pages) if ocr_pages else PARTLY_SCANNED
    if ocr_pages:
        return "pdfium+ocr" if layer_pages else "ocr"
    return "pdfium"


def _text_layer(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()
    finally:
        textpage.close()


def _has_content(page: pdfium.PdfPage) -> bool:
    """A page with no object at all is blank on purpose: no need to spend a second on OCR."""
    return next(iter(page.get_objects(max_depth=1)), None) is not None


def _render(page: pdfium.PdfPage) -> bytes:
    """The page as a grey PGM image, which Tesseract reads from its standard input."""
    width, height = page.get_size()
    scale = OCR_DPI / 72
    if width * height * scale * scale > MAX_RENDER_PIXELS:
        scale = math.sqrt(MAX_RENDER_PIXELS / (width * height))
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        if bitmap.n_channels != 1:  # PGM holds one grey channel; anything else would be noise
            raise ExtractionError("failed", DAMAGED_PDF)
        rows, stride, columns = bitmap.height, bitmap.stride, bitmap.width
        data = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    if stride != columns:  # rows padded for alignment: PGM wants them packed
        data = b"".join(data[r * stride : r * stride + columns] for r in range(rows))
    return b"P5\n%d %d\n255\n" % (columns, rows) + data
