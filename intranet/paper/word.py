"""The paper as DOCX (python-docx), for the offices that finish a document in Word.

The same parts as the PDF, in the same places: the header is a borderless two-column table,
the rules are paragraph borders sized to their line, the lists are bordered tables whose header
row repeats on each page. The font is Times New Roman, as the decree names it (Word has it;
LibreOffice shows it in the metric-compatible Liberation Serif).
"""

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from intranet.paper import MOTTO, NATION, Paper, Table, date_line

FONT = "Times New Roman"
LEFT_COLUMN = 70  # mm, as the PDF
MOTTO_WIDTH = 55  # mm: "Độc lập - Tự do - Hạnh phúc" in 13 pt bold, with a little room
SHORT_RULE = 24  # mm
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def render(paper: Paper) -> bytes:
    doc = DocxDocument()
    _page(doc, paper)
    _styles(doc)
    width = _content_width(paper)
    _head(doc, paper, width)
    for line in paper.basis:
        _para(doc, f"{line};", italic=True, indent=True)
    for para in paper.body:
        p = _para(doc, "", indent=True)
        if para.lead:
            _run(p, para.lead + " ", bold=True)
        _run(p, para.text)
    for table in paper.tables:
        if not table.title:
            _table(doc, table, width)
    _signature(doc, paper, width)
    for table in paper.tables:
        if table.title:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _para(doc, table.title, bold=True, align=CENTER)
            if table.subtitle:
                _para(doc, table.subtitle, italic=True, align=CENTER)
            _table(doc, table, width)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page(doc, paper: Paper) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _content_width(paper: Paper) -> int:
    return (297 if paper.landscape else 210) - 45


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1


def _run(paragraph, text: str, *, bold=False, italic=False, size: float | None = None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    return run


def _para(container, text: str, *, bold=False, italic=False, size=None, align=None, indent=False):
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _rule_below(paragraph, column: float, length: float) -> None:
    """A rule under ``paragraph``, ``length`` mm long, centred in a column ``column`` mm wide."""
    side = max((column - length) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _cell(cell, width_mm: float):
    cell.width = Mm(width_mm)
    return cell


def _first(cell):
    """The cell's first paragraph (python-docx makes one), then new ones."""
    paragraphs = cell.paragraphs
    fresh = len(paragraphs) == 1 and not paragraphs[0].runs
    return paragraphs[0] if fresh else cell.add_paragraph()


def _head(doc, paper: Paper, width: int) -> None:
    if paper.draft:
        _para(doc, "DỰ THẢO", bold=True, size=11, align=WD_ALIGN_PARAGRAPH.RIGHT)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    right_width = width - LEFT_COLUMN
    left, right = _cell(table.cell(0, 0), LEFT_COLUMN), _cell(table.cell(0, 1), right_width)
    for column, size in zip(table.columns, (LEFT_COLUMN, right_width), strict=True):
        column.width = Mm(size)
    if paper.parent:
        _one(left, paper.parent, size=12)
    _one(left, paper.issuer, bold=True, size=11 if len(paper.issuer) > 30 else 12)
    rule = _one(left, "", size=2)
    _rule_below(rule, LEFT_COLUMN - 4, SHORT_RULE)
    _one(left, f"Số: {paper.symbol}", size=13).paragraph_format.space_before = Pt(6)
    if paper.regarding:
        _one(left, paper.regarding, size=12)
    _one(right, NATION, bold=True, size=12)
    motto = _one(right, MOTTO, bold=True, size=13)
    _rule_below(motto, right_width - 4, MOTTO_WIDTH)
    place = _one(right, date_line(paper), italic=True, size=13)
    place.paragraph_format.space_before = Pt(8)
    if paper.kind:
        _para(doc, paper.kind, bold=True, size=14, align=CENTER).paragraph_format.space_before = Pt(
            18
        )
    if paper.summary:
        _para(doc, paper.summary, bold=True, size=14, align=CENTER)
    if paper.kind or paper.summary:
        rule = _para(doc, "", size=2, align=CENTER)
        _run(rule, "", size=2)
        _rule_below(rule, width, 30)
        rule.paragraph_format.space_after = Pt(12)


def _one(cell, text: str, *, bold=False, italic=False, size=None):
    paragraph = _first(cell)
    paragraph.alignment = CENTER
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    else:
        _run(paragraph, "", size=size)
    return paragraph


def _table(doc, t: Table, width: int) -> None:
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total_weight = sum(t.widths)
    widths = [width * w / total_weight for w in t.widths]
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, size in zip(header.cells, t.header, widths, strict=True):
        _cell(cell, size)
        paragraph = _first(cell)
        _run(paragraph, text, bold=True, size=12)
        paragraph.alignment = CENTER
    rows = list(t.rows) or [(t.empty,) + ("",) * (len(t.header) - 1)]
    for row in rows:
        _row(table, row, widths, t, bold=False)
    if not t.rows:
        first = table.rows[-1].cells
        first[0].merge(first[-1])
    if t.total:
        _row(table, t.total, widths, t, bold=True)


def _row(table, values, widths, t: Table, *, bold: bool) -> None:
    cells = table.add_row().cells
    for index, (cell, value, size) in enumerate(zip(cells, values, widths, strict=True)):
        _cell(cell, size)
        paragraph = _first(cell)
        _run(paragraph, str(value), bold=bold, size=12)
        if index in t.numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif index in t.centred:
            paragraph.alignment = CENTER


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _signature(doc, paper: Paper, width: int) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = _cell(table.cell(0, 0), width / 2), _cell(table.cell(0, 1), width / 2)
    if paper.recipients:
        _run(_first(left), "Nơi nhận:", bold=True, italic=True, size=12)
        for line in paper.recipients:
            _run(left.add_paragraph(), line, size=11)
    for line in (paper.signer.authority, paper.signer.title):
        if line:
            _one(right, line, bold=True, size=13)
    for _blank in range(4):
        _one(right, "", size=13)
    _one(right, paper.signer.name, bold=True, size=13)
