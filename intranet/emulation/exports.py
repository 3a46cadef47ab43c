"""The lists of the emulation year as XLSX: registrations and evaluations, of a unit or the
school (the rows are those the reader may see, chosen by ``queries``)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from intranet.emulation.models import WHOLE_YEAR, Evaluation, Registration

QUARTERS = (1, 2, 3, 4, WHOLE_YEAR)


def _book(title: str, header: tuple, rows: list[tuple], widths: tuple) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append((title,))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(())
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def registrations(rows: list[Registration], year: int) -> bytes:
    header = (
        "STT",
        "Đơn vị",
        "Cá nhân / Tập thể",
        "Họ và tên / Tập thể",
        "Danh hiệu đăng ký",
        "Nội dung đăng ký, cam kết",
        "Trạng thái",
    )
    lines = [
        (
            n,
            r.unit.name,
            r.subject.label,
            r.name,
            r.title.name,
            r.commitments,
            r.status.label,
        )
        for n, r in enumerate(rows, 1)
    ]
    return _book(f"Đăng ký thi đua năm {year}", header, lines, (6, 30, 12, 28, 28, 50, 14))


def evaluations(rows: list[Evaluation], year: int) -> bytes:
    """One line per person: the rating of each quarter and of the year, and the comments."""
    people: dict[int, dict] = {}
    for e in rows:
        line = people.setdefault(
            e.person_id, {"unit": e.unit.name, "name": e.person.full_name, "q": {}, "notes": []}
        )
        line["q"][e.quarter] = e.rating.name
        if e.comment:
            line["notes"].append(f"{e.label}: {e.comment}")
    header = (
        "STT",
        "Đơn vị",
        "Họ và tên",
        "Quý 1",
        "Quý 2",
        "Quý 3",
        "Quý 4",
        "Cả năm",
        "Nhận xét",
    )
    lines = [
        (n, p["unit"], p["name"], *(p["q"].get(q, "") for q in QUARTERS), "; ".join(p["notes"]))
        for n, p in enumerate(people.values(), 1)
    ]
    return _book(f"Đánh giá thi đua năm {year}", header, lines, (6, 30, 28, 18, 18, 18, 18, 18, 50))
