"""The exemplar lists for the provincial board: a unit's list for a year and the school's
consolidated list, as XLSX and as PDF laid out as a Vietnamese administrative document."""

import io
from dataclasses import dataclass

from flask import render_template
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select

from intranet.accounts.models import Unit
from intranet.exemplars.models import Exemplar, Subject
from intranet.extensions import db
from intranet.supervision import reports, rules
from intranet.supervision.dashboard import COUNTED

SCHOOL = "TRƯỜNG CAO ĐẲNG BÌNH PHƯỚC"
GOVERNING = "UBND TỈNH BÌNH PHƯỚC"
HEADER = (
    "STT",
    "Họ và tên / Tập thể",
    "Đơn vị",
    "Lĩnh vực",
    "Thành tích tiêu biểu",
    "Cá nhân / Tập thể",
)


@dataclass
class Listing:
    title: str
    year: int
    unit: Unit | None
    rows: list[tuple]


def unit_listing(unit: Unit, year: int) -> Listing:
    """A unit's list: as frozen in its submitted report, else as it stands."""
    report = reports.get(unit.id, year)
    items = (
        reports.frozen_list(report)
        if report and report.submitted_at
        else reports.live_list(unit.id, year)
    )
    rows = [
        (
            i + 1,
            item["name"],
            unit.name,
            item["field"],
            item["achievement"],
            Subject(item["subject"]).label,
        )
        for i, item in enumerate(items)
    ]
    return Listing(f"DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN NĂM {year}", year, unit, rows)


def school_listing(year: int) -> Listing:
    """Every unit's recognised and propagated exemplars of the year."""
    exemplars = sorted(
        db.session.execute(
            select(Exemplar).where(Exemplar.year == year, Exemplar.stage.in_(COUNTED))
        ).scalars(),
        key=lambda e: (reports.vietnamese_key(e.unit.name), reports.vietnamese_key(e.name)),
    )
    rows = [
        (
            i + 1,
            e.name,
            e.unit.name,
            e.field.name if e.field else "",
            e.achievement,
            e.subject.label,
        )
        for i, e in enumerate(exemplars)
    ]
    return Listing(f"DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN TOÀN TRƯỜNG NĂM {year}", year, None, rows)


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
    for column, width in zip("ABCDEF", (6, 30, 30, 24, 60, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=6):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(listing: Listing, signer: dict) -> bytes:
    """The list as an administrative document, rendered by WeasyPrint with DejaVu fonts
    embedded (ReportLab's built-in fonts drop Vietnamese diacritics)."""
    from weasyprint import HTML

    html = render_template(
        "supervision/export_pdf.html",
        listing=listing,
        header=HEADER,
        school=SCHOOL,
        governing=GOVERNING,
        today=rules.today(),
        signer=signer,
    )
    return HTML(string=html).write_pdf()
