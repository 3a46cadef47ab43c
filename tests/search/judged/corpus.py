"""The judged corpus: the demo's archive as the index sees it, from real files of the repository.

Plan 36/KH-CĐBP as text, NFD text and DOCX (tests/samples), the demo's spreadsheet (XLSX), the
unit plan, notice and decisions of intranet/documents/demo.py and intranet/exemplars/demo.py
(their numbers, summaries, basis links and award lines), every demo nomination with its
achievement report and extra evidence, and a few records of the same archive whose words fold
together with others': "tiền/tiên/tiến", "mã/mà/má/ma", "Đặng/Đảng/Đăng/Dang".
"""

from pathlib import Path

import openpyxl
from docx import Document as WordDocument

from intranet.demo import UNITS
from intranet.exemplars.demo import NOMINATIONS
from intranet.search import IndexRecord
from intranet.search.analysis import code_forms

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
UNIT_NAMES = dict(UNITS)
PLAN = "36/KH-CĐBP"


def _text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def _docx(name: str) -> str:
    return "\n".join(p.text for p in WordDocument(str(SAMPLES / name)).paragraphs)


def _xlsx(name: str) -> str:
    book = openpyxl.load_workbook(SAMPLES / name, read_only=True)
    rows = (r for sheet in book for r in sheet.iter_rows(values_only=True))
    return "\n".join(" ".join(str(v) for v in row if v is not None) for row in rows)


def _document(number, kind, title, body, *, links=(), year, unit="HCTC", type_="document"):
    symbol_kind = number.split("/")[1].split("-")[0]
    return IndexRecord(
        key=f"document:{int(number.split('/')[0])}",
        type=type_,
        title=f"{kind} {number}: {title}",
        body=body,
        codes=code_forms(number),
        links=list(links),
        kind=symbol_kind,
        year=year,
        unit=unit,
        acl=["all"],
    )


def _file(key, name, number, body, year):
    return IndexRecord(
        key=key,
        type="file",
        title=f"{name} ({number})",
        body=body,
        codes=code_forms(number),
        year=year,
        unit="HCTC",
        acl=["all"],
    )


def exemplar_key(unit: str) -> str:
    return f"exemplar:{unit.lower()}"


def records() -> list[IndexRecord]:
    """Every record of the judged archive (keys are stable: the judgements name them)."""
    plan_text = _text("ke-hoach-36-KH-CDBP.txt")
    award_lines_2024 = (
        "Tổ Bộ môn Điện công nghiệp – Tập thể lao động xuất sắc – Giấy khen – "
        "Tiền thưởng: 3.000.000 đồng\n"
        "Phạm Quốc Dũng – Chiến sĩ thi đua cơ sở – Giấy khen – Tiền thưởng: 1.500.000 đồng"
    )
    basis_2024 = (
        "Luật Thi đua, khen thưởng ngày 15/6/2022\n"
        "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ\n"
        "Kế hoạch số 36/KH-CĐBP ngày 21/4/2023 của Trường Cao đẳng Bình Phước"
    )
    found = [
        _document(
            PLAN,
            "Kế hoạch",
            "Thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến năm 2023, giai đoạn "
            "2022 - 2025”",
            plan_text,
            links=["113/KH-UBND"],
            year=2023,
        ),
        _file("file:361", "Kế hoạch 36-KH-CĐBP (văn bản).txt", PLAN, plan_text, 2023),
        _file(
            "file:362", "ke-hoach-36-KH-CDBP.docx", PLAN, _docx("ke-hoach-36-KH-CDBP.docx"), 2023
        ),
        _file(
            "file:363",
            "ke-hoach-36-KH-CDBP-nfd.txt",
            PLAN,
            _text("ke-hoach-36-KH-CDBP-nfd.txt"),
            2023,
        ),
        _document(
            "05/KH-KCNTT",
            "Kế hoạch",
            "Triển khai Kế hoạch 36/KH-CĐBP về tuyên truyền gương điển hình tiên tiến tại Khoa "
            "Công nghệ thông tin năm 2023",
            "Khoa Công nghệ thông tin\nTRƯỞNG KHOA\nĐặng Minh Đức\n- Ban Giám hiệu (b/c);\n"
            "- CBVC Khoa;\n- Lưu: Khoa.",
            links=[PLAN],
            year=2023,
            unit="KCNTT",
        ),
        _document(
            "45/TB-CĐBP",
            "Thông báo",
            "Về việc nộp báo cáo kết quả và danh sách điển hình tiên tiến năm 2024",
            "Các đơn vị gửi báo cáo kết quả thực hiện Kế hoạch 36/KH-CĐBP và danh sách điển "
            "hình tiên tiến của đơn vị về Phòng Hành chính – Tổ chức trước ngày 30/6/2024.\n"
            "TL. HIỆU TRƯỞNG\nTRƯỞNG PHÒNG HC-TC\nTrần Thị Thu Hà",
            links=["Kế hoạch số 36/KH-CĐBP ngày 21/4/2023 của Trường Cao đẳng Bình Phước"],
            year=2024,
        ),
        _document(
            "125/QĐ-CĐBP",
            "Quyết định",
            "Về việc khen thưởng các cá nhân, tập thể điển hình tiên tiến năm 2024",
            f"{basis_2024}\n{award_lines_2024}\nHIỆU TRƯỞNG\nNguyễn Văn Thành",
            links=["98/2023/NĐ-CP", PLAN],
            year=2024,
            type_="decision",
        ),
        _document(
            "98/QĐ-CĐBP",
            "Quyết định",
            "Về việc khen thưởng các cá nhân, tập thể điển hình tiên tiến năm 2023",
            "Luật Thi đua, khen thưởng ngày 15/6/2022\n"
            "Kế hoạch số 36/KH-CĐBP ngày 21/4/2023 của Trường Cao đẳng Bình Phước\n"
            "Nguyễn Bích Liên – Chiến sĩ thi đua cơ sở – Giấy khen – Tiền thưởng: 1.500.000 "
            "đồng\nHIỆU TRƯỞNG\nNguyễn Văn Thành",
            links=[PLAN],
            year=2023,
            type_="decision",
        ),
        # Records of the same archive whose words fold together with the ones above.
        _document(
            "12/TB-CĐBP",
            "Thông báo",
            "Về việc cập nhật mã số chức danh nghề nghiệp viên chức",
            "Các đơn vị rà soát mã số, hạng chức danh của viên chức trước ngày 15/3/2024.",
            year=2024,
        ),
        _document(
            "20/BB-KKT",
            "Biên bản",
            "Họp bình xét thi đua Khoa Kinh tế năm 2024",
            "Tiến độ bình xét đúng kế hoạch. Có ý kiến cho rằng đề tài đã nghiệm thu mà chưa "
            "công bố thì chưa đủ minh chứng. Tập thể thống nhất đề nghị Ngô Thị Kim Liên. "
            "Đăng ký thi đua năm sau: các dạng bài tập mới.",
            year=2024,
            unit="KKT",
        ),
        _document(
            "03/HD-CĐBP",
            "Hướng dẫn",
            "Quy trình thanh toán tiền công giảng dạy vượt giờ",
            "Phòng Kế hoạch – Tài chính chi trả tiền công giảng dạy theo học kỳ; tiến hành "
            "đối chiếu số tiết với Phòng Đào tạo. Mọi khoản chi tiên quyết phải có chứng từ.",
            year=2024,
            unit="KHTC",
        ),
    ]
    people = [
        *NOMINATIONS,
        (
            "KCNTT2",
            "Đặng Thị Mai",
            2024,
            "Giảng dạy",
            "Dạy giỏi cấp trường, đạt giải Ba hội giảng nhà giáo giáo dục nghề nghiệp cấp tỉnh.",
            "recognised",
            None,
        ),
        (
            "KKT2",
            "Mã Thị Hoa",
            2024,
            "Phục vụ",
            "Sắp xếp thư viện khoa, số hóa 2.000 đầu sách.",
            "submitted",
            None,
        ),
        (
            "DT2",
            "Dương Văn Đăng",
            2025,
            "Quản lý",
            "Xây dựng quy trình xếp thời khóa biểu tự động.",
            "submitted",
            None,
        ),
    ]
    for unit, name, year, field, achievement, _stage, extra in people:
        code = unit.rstrip("2")
        unit_name = UNIT_NAMES[code]
        key = exemplar_key(unit)
        found.append(
            IndexRecord(
                key=key,
                type="exemplar",
                title=name,
                body=f"{achievement}\n{unit_name}\n{field}",
                kind="collective" if name.startswith(("Tổ", "Đoàn")) else "individual",
                year=year,
                unit=code,
                field=field,
                acl=["all"],
            )
        )
        report = (
            f"{unit_name.upper()}\nBÁO CÁO THÀNH TÍCH\nĐề nghị công nhận điển hình tiên tiến "
            f"năm {year}\nHọ và tên / tập thể: {name}\nThành tích: {achievement}"
        )
        found.append(
            _evidence(
                f"evidence:{unit.lower()}-bc",
                f"Báo cáo thành tích – {name}",
                name,
                report,
                year,
                code,
            )
        )
        if extra and extra.endswith(".xlsx"):
            body = _xlsx("danh-sach-dien-hinh-tien-tien-2024.xlsx")
            found.append(
                _evidence(
                    f"evidence:{unit.lower()}-xlsx",
                    "Danh sách điển hình tiên tiến 2024",
                    name,
                    body,
                    year,
                    code,
                )
            )
        elif extra and extra.endswith(".pdf"):
            found.append(
                _evidence(
                    f"evidence:{unit.lower()}-pdf",
                    "Kế hoạch 36-KH-CĐBP",
                    name,
                    plan_text,
                    year,
                    code,
                )
            )
    found.append(
        _evidence(
            "evidence:cdt-ma",
            "Bài dự thi “Má tôi”",
            "Lâm Thị Hồng Nhung",
            "Bài viết dự thi Ngày của mẹ: má tôi tần tảo nuôi bốn anh em ăn học.",
            2025,
            "CDT",
        )
    )
    return found


def _evidence(key, title, name, body, year, unit):
    return IndexRecord(
        key=key,
        type="evidence",
        title=f"{title} – {name}",
        body=body,
        year=year,
        unit=unit,
        acl=["all"],
    )
