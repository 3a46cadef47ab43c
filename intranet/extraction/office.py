"""Microsoft Office files: DOCX (python-docx), XLSX (openpyxl, read-only) and XLS (xlrd)."""

import sys
from pathlib import Path

from intranet.extraction.archive import check_zip
from intranet.extraction.parsing import Options, TextSink, cell_text
from intranet.extraction.result import DAMAGED, ENCRYPTED, ExtractionError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def extract_docx(path: Path, options: Options, sink: TextSink) -> str:
    """Paragraphs and tables in reading order, then the headers and footers of each section."""
    import docx  # imported here: the child for a PDF has no use for lxml and python-docx

    check_zip(path)
    with path.open("rb") as f:  # a stored blob has no extension: never let a name decide
        document = docx.Document(f)
    for block in _blocks(document):
        sink.add(block)
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            # A linked header/footer has no content of its own: it repeats an earlier one.
            if not part.is_linked_to_previous:
                for block in _blocks(part):
                    sink.add(block)
    return "docx"


def _blocks(container):
    """The text of each paragraph, and one line per table row (cells joined by tabs)."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells, previous = [], None
                for cell in row.cells:
                    # A horizontally merged cell is listed once per grid column it spans.
                    if previous is not None and cell._tc is previous:
                        continue
                    previous = cell._tc
                    cells.append(" ".join(_blocks(cell)))
                yield "\t".join(cells)
        else:
            yield item.text


def extract_xlsx(path: Path, options: Options, sink: TextSink) -> str:
    """Each sheet's name, then one line per row with its values (cached results of formulas)."""
    import openpyxl  # uses defusedxml when it is installed, which it is (a dependency)

    check_zip(path)
    # From an open file, not a path: openpyxl refuses a path without an .xlsx extension, and a
    # stored blob is named by its hash. The type comes from the stored file's type code.
    f = path.open("rb")
    try:
        workbook = openpyxl.load_workbook(f, read_only=True, data_only=True, keep_links=False)
    except BaseException:
        f.close()
        raise
    try:
        for sheet in workbook.worksheets:
            sink.add(sheet.title)
            # The declared dimension may lie (A1:XFD1048576): ignore it, read the rows present.
            sheet.reset_dimensions()
            for row in sheet.iter_rows(values_only=True):
                values = [text for text in map(cell_text, row) if text]
                if values:
                    sink.add("\t".join(values))
    finally:
        workbook.close()
        f.close()
    return "openpyxl"


def extract_xls(path: Path, options: Options, sink: TextSink) -> str:
    """Excel 97–2003: each sheet's name, then one line per row."""
    import xlrd

    with path.open("rb") as f:
        if f.read(8) != _OLE:
            raise ExtractionError("failed", DAMAGED)
    try:
        # xlrd prints its warnings to stdout unless told otherwise.
        book = xlrd.open_workbook(str(path), on_demand=True, logfile=sys.stderr)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ExtractionError("encrypted", ENCRYPTED) from exc
        raise ExtractionError("failed", DAMAGED) from exc
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            sink.add(sheet.name)
            for r in range(sheet.nrows):
                values = [_xls_cell(book, cell) for cell in sheet.row(r)]
                values = [text for text in values if text]
                if values:
                    sink.add("\t".join(values))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return "xlrd"


def _xls_cell(book, cell) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell_text(cell.value)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_EMPTY):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    return cell_text(cell.value)
