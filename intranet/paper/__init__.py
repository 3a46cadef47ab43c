"""Paper copies in the form of Nghị định 30/2020/NĐ-CP (Appendix I), as PDF and as DOCX.

One description of the paper (``Paper``) is made from a document (``from_document``) or from a
list of the supervision exports, and two builders lay it out: ``pdf.render`` (WeasyPrint, from
the template ``paper/paper.html``) and ``word.render`` (python-docx). Both put the same text in
the same places: the two-column header (parent agency and issuer; national motto and tagline,
each on one line with its rule), "Số: …", place and date, kind and summary, the body with its
articles, the signature block, "Nơi nhận", then the attached tables (danh sách kèm theo).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from intranet.text import fold

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PROVINCE = "UBND TỈNH BÌNH PHƯỚC"
COLLEGE = "Trường Cao đẳng Bình Phước"
PLACE = "Bình Phước"
COLLEGE_CODE = "CĐBP"
# A paper of a record not yet issued is marked "DỰ THẢO".
UNISSUED = ("draft", "submitted", "signed")


@dataclass
class Signer:
    authority: str = ""  # "KT. HIỆU TRƯỞNG", "TM. HỘI ĐỒNG …", "TL. HIỆU TRƯỞNG"
    title: str = ""  # "PHÓ HIỆU TRƯỞNG"
    name: str = ""


@dataclass
class Table:
    """A table of the paper: the list of a decision (kèm theo) or the list that is the paper."""

    header: tuple[str, ...]
    rows: list[tuple]
    widths: tuple[int, ...]  # relative widths of the columns
    numeric: tuple[int, ...] = ()  # columns aligned right (amounts)
    centred: tuple[int, ...] = (0,)  # STT
    total: tuple | None = None  # the totals row, bold
    empty: str = ""  # said in one row when there is no row
    title: str = ""  # an attached list's own heading, on a page of its own
    subtitle: str = ""  # "(Kèm theo Quyết định số … ngày …)"


@dataclass
class Para:
    """A paragraph of the body; ``lead`` ("Điều 1.") is set in bold."""

    text: str
    lead: str = ""


@dataclass
class Paper:
    parent: str  # upper case, "UBND TỈNH BÌNH PHƯỚC"
    issuer: str  # upper case, "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC"
    symbol: str  # "98/QĐ-CĐBP"; "     /DS-CĐBP" when the number is given at issue
    on: date
    place: str = PLACE
    kind: str = ""  # "QUYẾT ĐỊNH"; empty for a công văn
    summary: str = ""
    regarding: str = ""  # a công văn's "V/v …" under its number
    basis: list[str] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    draft: bool = False
    landscape: bool = False

    @property
    def filename(self) -> str:
        return re.sub(r"[^\w.-]+", "-", self.symbol.strip()).strip("-") or "van-ban"


# A line that starts a new paragraph of its own: an article, a chapter, a numbered item, a dash.
_ARTICLE = re.compile(r"^\s*((?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+[.:]?)\s*(.*)$")
_ITEM = re.compile(r"^\s*(?:[-+•*–]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVXLC]+\.\s)")


def _continues(previous: str, line: str) -> bool:
    """A hard break inside a sentence (text pasted from a PDF): the line ends without a mark and
    the next one goes on in lower case."""
    if _ARTICLE.match(line) or _ITEM.match(line):
        return False
    return previous[-1:] not in ".;:!?," and line[:1].islower()


def body(text: str | None) -> list[Para]:
    """The body as paragraphs, its line breaks kept: each line is a paragraph, an article
    ("Điều 1.") with its number in bold, except a break inside a sentence (text pasted from a
    PDF: no mark at the end, lower case after it), which is joined."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paras: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paras.append(current)
            current = []
            continue
        if current and not _continues(current[-1], line):
            paras.append(current)
            current = []
        current.append(line)
    if current:
        paras.append(current)
    result = []
    for para in paras:
        joined = " ".join(para)
        article = _ARTICLE.match(joined)
        if article:
            result.append(Para(article.group(2), lead=article.group(1)))
        else:
            result.append(Para(joined))
    return result


def upper(text: str) -> str:
    return (text or "").strip().upper()


def money(amount: int | None) -> str:
    """1500000 -> "1.500.000" (the Vietnamese grouping)."""
    return f"{amount or 0:,}".replace(",", ".")


def _date_line(day: date) -> str:
    from intranet.main.filters import paper_date

    return paper_date(day)


def heading_of(document) -> tuple[str, str]:
    """(parent agency, issuer) of a document, upper case: the college under the province, a
    unit under the college, any other issuer as named."""
    if fold(document.issuer_code or "") == fold(COLLEGE_CODE):
        return PROVINCE, upper(document.issuer_name or COLLEGE)
    if document.unit is not None and fold(document.issuer_code or "") == fold(document.unit.code):
        return upper(COLLEGE), upper(document.unit.name)
    return "", upper(document.issuer_name or document.issuer_code)


def from_document(document) -> Paper:
    """The paper copy of a document of the archive (its award list attached to a decision)."""
    from intranet.documents import kinds

    parent, issuer = heading_of(document)
    is_letter = document.kind == kinds.CONG_VAN
    paper = Paper(
        parent=parent,
        issuer=issuer,
        symbol=document.symbol,
        on=document.issued_on,
        place=document.issued_place or PLACE,
        kind="" if is_letter else upper(_kind_label(document.kind)),
        summary="" if is_letter else document.summary,
        regarding=f"V/v {document.summary}" if is_letter else "",
        basis=[
            ("Thực hiện " if b.implements else "Căn cứ ") + b.cited_text
            for b in document.basis
            if not getattr(b, "relation", None)  # amends, replaces: shown by the archive
        ],
        body=body(document.body),
        signer=Signer(
            upper(document.signer_authority), upper(document.signer_title), document.signer_name
        ),
        recipients=document.recipient_lines,
        draft=document.status.value in UNISSUED,
    )
    if document.kind == "QĐ":
        award_list = award_table(document)
        if award_list is not None:
            paper.tables.append(award_list)
    return paper


def _kind_label(code: str) -> str:
    from flask_babel import force_locale

    from intranet.documents import kinds

    with force_locale("vi"):
        return str(kinds.label(code))


def award_table(document) -> Table | None:
    """The decision's list (danh sách kèm theo): who, of which unit, with what, how much."""
    from intranet.exemplars.decisions import lines_of

    lines = lines_of(document)
    if not lines:
        return None
    rows = []
    for position, line in enumerate(lines, start=1):
        honours = [entry.name for entry in (line.title, line.form) if entry is not None]
        unit = line.unit.name if line.unit is not None else ""
        rows.append((position, line.recipient_name, unit, "; ".join(honours), money(line.amount)))
    total = sum(line.amount or 0 for line in lines)
    return Table(
        header=("STT", "Họ và tên", "Đơn vị", "Danh hiệu / Hình thức", "Số tiền (đồng)"),
        rows=rows,
        widths=(6, 28, 25, 27, 14),
        numeric=(4,),
        total=("", f"Tổng cộng: {len(lines)}", "", "", money(total)),
        title="DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG",
        subtitle=(
            f"(Kèm theo Quyết định số {document.symbol} {_date_line(document.issued_on)}"
            + (f" của {document.issuer_name}" if document.issuer_name else "")
            + ")"
        ),
    )


def date_line(paper: Paper) -> str:
    """ "Bình Phước, ngày 21 tháng 4 năm 2023"."""
    return f"{paper.place}, {_date_line(paper.on)}" if paper.place else _date_line(paper.on)


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(document, fmt: str):
    """The paper copy of ``document`` (its reader already checked) as a file to download:
    ``fmt`` is "pdf" or "docx"."""
    import io

    from flask import send_file

    from intranet.paper import pdf, word

    sheet = from_document(document)
    data = pdf.render(sheet) if fmt == "pdf" else word.render(sheet)
    return send_file(
        io.BytesIO(data),
        mimetype=PDF if fmt == "pdf" else DOCX,
        as_attachment=True,
        download_name=f"{sheet.filename}.{fmt}",
        max_age=0,
    )
