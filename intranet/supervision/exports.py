"""The exemplar lists for the provincial board: a unit's list for a year and the school's
consolidated list, as XLSX, and as PDF and DOCX laid out as an administrative document of
Nghị định 30/2020/NĐ-CP (the shared layout of ``intranet.paper``), each exemplar with the title
it was awarded and the number of the decision that awarded it."""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select

from intranet import paper
from intranet.accounts.models import Unit
from intranet.documents.models import Document, Status
from intranet.exemplars.decisions import awards_for_exemplars
from intranet.exemplars.models import Exemplar, Subject
from intranet.extensions import db
from intranet.paper import pdf, word
from intranet.propagation.queries import year_records
from intranet.supervision import reports, rules
from intranet.supervision.dashboard import COUNTED
from intranet.text import fold

SCHOOL = "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC"
GOVERNING = "UBND TỈNH BÌNH PHƯỚC"
HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Đơn vị",
    "Lĩnh vực",
    "Thành tích tiêu biểu",
    "Cá nhân / Tập thể",
    "Danh hiệu / Hình thức",
    "Quyết định",
)
WIDTHS = (5, 19, 13, 10, 21, 8, 12, 12)
COUNCIL = ("TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "CHỦ TỊCH")
RECIPIENTS = ("- Ban Thi đua - Khen thưởng tỉnh Bình Phước;", "- Lưu: VT, HĐTĐKT.")
# The number is written by the registry when the list is sent: left blank on the draft.
NUMBER_BLANK = "\u00a0" * 8


SPREAD_HEADER = (
    "STT",
    "Điển hình",
    "Đơn vị của điển hình",
    "Tuyên truyền / Nhân rộng",
    "Ngày",
    "Đơn vị thực hiện",
    "Đối tượng / Cách làm",
    "Số người tiếp cận / Kết quả",
)
SPREAD_WIDTHS = (5, 17, 13, 16, 9, 13, 17, 10)


@dataclass
class Listing:
    title: str
    year: int
    unit: Unit | None
    rows: list[tuple]
    spread: list[tuple] = field(default_factory=list)  # the year's activities and adoptions


def spread_rows(year: int, unit_id: int | None = None) -> list[tuple]:
    """The year's propagation activities, then its adoptions (nhân rộng), as rows."""
    activities, adoptions = year_records(year, unit_id)
    rows = [
        (
            a.exemplar.name,
            a.exemplar.unit.name,
            a.channel.label,
            a.held_on.strftime("%d/%m/%Y"),
            a.unit.name,
            a.audience,
            "" if a.reach is None else str(a.reach),
        )
        for a in activities
    ]
    rows += [
        (
            a.exemplar.name,
            a.exemplar.unit.name,
            "Nhân rộng",
            a.adopted_on.strftime("%d/%m/%Y"),
            a.unit.name,
            a.practice,
            a.result,
        )
        for a in adoptions
    ]
    return [(i + 1, *row) for i, row in enumerate(rows)]


def unit_listing(unit: Unit, year: int) -> Listing:
    """A unit's list: as frozen in its submitted report, else as it stands."""
    report = reports.get(unit.id, year)
    items = (
        reports.frozen_list(report)
        if report and report.submitted_at
        else reports.live_list(unit.id, year)
    )
    awards = _awards([item.get("id") for item in items])
    rows = [
        (
            i + 1,
            item["name"],
            unit.name,
            item["field"],
            item["achievement"],
            Subject(item["subject"]).label,
            *awards.get(item.get("id"), ("", "")),
        )
        for i, item in enumerate(items)
    ]
    title = f"DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN NĂM {year}"
    return Listing(title, year, unit, rows, spread_rows(year, unit.id))


def school_listing(year: int) -> Listing:
    """Every unit's recognised and propagated exemplars of the year."""
    exemplars = sorted(
        db.session.execute(
            select(Exemplar).where(Exemplar.year == year, Exemplar.stage.in_(COUNTED))
        ).scalars(),
        key=lambda e: (reports.vietnamese_key(e.unit.name), reports.vietnamese_key(e.name)),
    )
    awards = _awards([e.id for e in exemplars])
    rows = [
        (
            i + 1,
            e.name,
            e.unit.name,
            e.field.name if e.field else "",
            e.achievement,
            e.subject.label,
            *awards.get(e.id, ("", "")),
        )
        for i, e in enumerate(exemplars)
    ]
    title = f"DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN TOÀN TRƯỜNG NĂM {year}"
    return Listing(title, year, None, rows, spread_rows(year))


def _awards(exemplar_ids: list) -> dict[int, tuple[str, str]]:
    """{exemplar id: (titles, decision numbers)} from the issued decisions that reward them."""
    found: dict[int, tuple[list[str], list[str]]] = {}
    live = Document.deleted_at.is_(None)
    for line in awards_for_exemplars([i for i in exemplar_ids if i], live):
        if line.document.status.value in paper.UNISSUED:
            continue
        titles, numbers = found.setdefault(line.exemplar_id, ([], []))
        for entry in (line.title, line.form):
            if entry is not None and entry.name not in titles:
                titles.append(entry.name)
        if line.document.symbol not in numbers:
            numbers.append(line.document.symbol)
    return {key: ("; ".join(t), "; ".join(n)) for key, (t, n) in found.items()}


def to_xlsx(listing: Listing) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Năm {listing.year}"
    sheet.append([SCHOOL])
    sheet.append([listing.unit.name.upper() if listing.unit else ""])
    sheet.append([listing.title])
    sheet.append([])
    sheet.append(list(HEADER))
    for row in listing.rows:
        sheet.append(list(row))
    sheet["A1"].font = sheet["A3"].font = Font(bold=True)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (6, 30, 30, 24, 60, 14, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=6):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    spread = book.create_sheet("Tuyên truyền, nhân rộng")
    spread.append([f"HOẠT ĐỘNG TUYÊN TRUYỀN, NHÂN RỘNG ĐIỂN HÌNH NĂM {listing.year}"])
    spread.append(list(SPREAD_HEADER))
    for row in listing.spread:
        spread.append(list(row))
    spread["A1"].font = Font(bold=True)
    for cell in spread[2]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_paper(listing: Listing, signer: dict | None = None) -> paper.Paper:
    """The list as a paper of the school, signed for the council (the chair's name: the signer
    of the school's latest issued decision, unless given)."""
    signer = signer or {}
    authority = signer.get("authority") or COUNCIL[0]
    return paper.Paper(
        parent=paper.PROVINCE,
        issuer=paper.upper(paper.COLLEGE),
        symbol=f"{NUMBER_BLANK}/DS-{paper.COLLEGE_CODE}",
        on=rules.today(),
        kind=listing.title,
        summary=listing.unit.name if listing.unit else "",
        signer=paper.Signer(
            authority, signer.get("title") or COUNCIL[1], signer.get("name") or _chair()
        ),
        recipients=list(RECIPIENTS),
        tables=[
            paper.Table(
                header=HEADER,
                rows=listing.rows,
                widths=WIDTHS,
                centred=(0, 5),
                empty="Không có điển hình nào.",
            ),
            paper.Table(
                header=SPREAD_HEADER,
                rows=listing.spread,
                widths=SPREAD_WIDTHS,
                centred=(0, 4),
                empty="Chưa ghi nhận hoạt động tuyên truyền, nhân rộng nào.",
                title=f"HOẠT ĐỘNG TUYÊN TRUYỀN, NHÂN RỘNG ĐIỂN HÌNH NĂM {listing.year}",
            ),
        ],
        landscape=True,
    )


def _chair() -> str:
    issued = (Status.PUBLISHED, Status.SUPERSEDED, Status.REVOKED)
    return (
        db.session.execute(
            select(Document.signer_name)
            .where(
                Document.kind == "QĐ",
                Document.issuer_folded == fold(paper.COLLEGE_CODE),
                Document.signer_name != "",
                Document.deleted_at.is_(None),
                Document.status.in_(issued),
            )
            .order_by(Document.issued_on.desc(), Document.id.desc())
            .limit(1)
        ).scalar()
        or ""
    )


def to_pdf(listing: Listing, signer: dict | None = None) -> bytes:
    """The list as PDF, in Liberation Serif (Times-metric, every Vietnamese letter)."""
    return pdf.render(to_paper(listing, signer))


def to_docx(listing: Listing, signer: dict | None = None) -> bytes:
    """The list as DOCX, for the office to finish in Word."""
    return word.render(to_paper(listing, signer))
