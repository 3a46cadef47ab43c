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


# The paper list (Nghị định 30/2020 form): the school's, signed for the council, or a unit's,
# signed by its head.
SCHOOL_SIGNER = ("TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "CHỦ TỊCH")
NUMBER_BLANK = "\u00a0" * 8


def registrations_paper(rows: list[Registration], year: int, unit=None, signer_name: str = ""):
    """The registration list as a ``paper.Paper``: the school's (``unit`` None) or a unit's."""
    from intranet import clock, paper

    if unit is None:
        parent, issuer = paper.PROVINCE, paper.upper(paper.COLLEGE)
        signer = paper.Signer(*SCHOOL_SIGNER, signer_name)
        recipients = ["- Ban Thi đua - Khen thưởng tỉnh Bình Phước;", "- Lưu: VT, HĐTĐKT."]
    else:
        parent, issuer = paper.upper(paper.COLLEGE), paper.upper(unit.name)
        signer = paper.Signer("", "TRƯỞNG ĐƠN VỊ", signer_name)
        recipients = ["- Hội đồng Thi đua - Khen thưởng Trường;", "- Lưu: đơn vị."]
    lines = [
        (n, r.name, r.unit.name, r.subject.label, r.title.name, r.commitments, r.status.label)
        for n, r in enumerate(rows, start=1)
    ]
    return paper.Paper(
        parent=parent,
        issuer=issuer,
        symbol=f"{NUMBER_BLANK}/DS-{paper.COLLEGE_CODE}",
        on=clock.today(),
        kind=f"DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM {year}",
        summary=unit.name if unit is not None else paper.COLLEGE,
        signer=signer,
        recipients=recipients,
        tables=[
            paper.Table(
                header=(
                    "STT",
                    "Họ và tên / Tập thể",
                    "Đơn vị",
                    "Cá nhân / Tập thể",
                    "Danh hiệu đăng ký",
                    "Nội dung đăng ký, cam kết",
                    "Trạng thái",
                ),
                rows=lines,
                widths=(5, 20, 17, 10, 16, 22, 10),
                empty="Chưa có đăng ký nào.",
            )
        ],
        landscape=True,
    )
