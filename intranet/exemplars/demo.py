"""Demo nominations: one per unit, in every stage, with real evidence files and two decisions."""

import io
import secrets
from datetime import date
from pathlib import Path

from docx import Document as WordDocument

from intranet.accounts import services as accounts
from intranet.accounts.models import Role, Unit, User
from intranet.documents import demo as document_demo
from intranet.documents import services as documents
from intranet.exemplars import catalogues, decisions, services
from intranet.exemplars.catalogues import Group
from intranet.exemplars.services import ExemplarData

DEMO_FILES = Path(__file__).resolve().parent.parent / "demo_files"
PHOTO = "Ảnh chụp giấy chứng nhận.jpg"
LIST_XLSX = "Danh sách điển hình tiên tiến 2024.xlsx"
PLAN_PDF = "Kế hoạch 36-KH-CĐBP.pdf"

# unit, nominee (None: the collective), year, field, achievement, final stage, extra evidence
NOMINATIONS = (
    (
        "HCTC",
        "Võ Thị Thanh Tâm",
        2024,
        "Quản lý",
        "Số hóa 100% hồ sơ viên chức; xây dựng quy trình tiếp nhận văn bản điện tử.",
        "propagated",
        LIST_XLSX,
    ),
    (
        "KCKDL",
        "Bùi Quang Huy",
        2024,
        "Giảng dạy",
        "Hướng dẫn sinh viên đạt giải Nhì kỹ năng nghề cấp tỉnh.",
        "propagated",
        PHOTO,
    ),
    (
        "KDDT",
        "Tổ Bộ môn Điện công nghiệp",
        2024,
        "Giảng dạy",
        "Biên soạn 04 giáo trình mới theo chương trình đào tạo cập nhật.",
        "recognised",
        None,
    ),
    (
        "DTN",
        "Đoàn Thanh niên Trường",
        2024,
        "Công tác học sinh – sinh viên",
        "Tổ chức 12 đợt tình nguyện hè, hiến máu nhân đạo 320 đơn vị máu.",
        "propagated",
        None,
    ),
    (
        "KKT",
        "Ngô Thị Kim Liên",
        2024,
        "Nghiên cứu khoa học",
        "Đề tài cấp cơ sở về khởi nghiệp của sinh viên nông thôn, nghiệm thu loại Xuất sắc.",
        "endorsed",
        PLAN_PDF,
    ),
    (
        "KHTC",
        "Trịnh Văn Lộc",
        2023,
        "Phục vụ",
        "Quyết toán đúng hạn, không sai sót; triển khai thu học phí không dùng tiền mặt.",
        "propagated",
        None,
    ),
    (
        "BGH",
        "Nguyễn Bích Liên",
        2023,
        "Quản lý",
        "Chỉ đạo triển khai Kế hoạch 36/KH-CĐBP, 100% đơn vị có điển hình tiên tiến.",
        "recognised",
        None,
    ),
    (
        "CDT",
        "Lâm Thị Hồng Nhung",
        2025,
        "Đoàn thể",
        "Vận động đoàn viên công đoàn hỗ trợ 15 sinh viên khó khăn.",
        "submitted",
        PHOTO,
    ),
    (
        "DT",
        "Phan Thị Mỹ Duyên",
        2025,
        "Quản lý",
        "Xây dựng lịch đào tạo trực tuyến cho 40 lớp.",
        "returned",
        None,
    ),
    (
        "HDTDKT",
        "Phạm Quốc Dũng",
        2025,
        "Quản lý",
        "Chuẩn hoá hồ sơ thi đua, rút ngắn thời gian xét khen thưởng.",
        "endorsed",
        None,
    ),
    (
        "KCNTT",
        "Lý Minh Khoa",
        2025,
        "Chuyển đổi số",
        "Xây dựng hệ thống học trực tuyến của Khoa, phục vụ 1.200 sinh viên.",
        "submitted",
        PLAN_PDF,
    ),
)


class _Upload:
    def __init__(self, name: str, data: bytes):
        self.filename, self.stream = name, io.BytesIO(data)


def _report_docx(name: str, unit: Unit, year: int, achievement: str) -> _Upload:
    """A short achievement report (báo cáo thành tích) made with python-docx."""
    doc = WordDocument()
    doc.add_paragraph(unit.name.upper())
    doc.add_heading("BÁO CÁO THÀNH TÍCH", level=1)
    doc.add_paragraph(f"Đề nghị công nhận điển hình tiên tiến năm {year}")
    doc.add_paragraph(f"Họ và tên / tập thể: {name}")
    doc.add_paragraph(f"Thành tích: {achievement}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return _Upload(f"Báo cáo thành tích – {name}.docx", buffer.getvalue())


def _people(units: dict[str, Unit], users: dict[str, User]) -> dict[str, tuple[User, User]]:
    """(unit head, staff member) of each unit: demo accounts, else people with unshown logins."""
    people = {"KCNTT": (users["truongkhoa"], users["canbo"])}
    for code, unit in units.items():
        if code in people:
            continue
        head = accounts.create_user(
            f"truong.{code.lower()}",
            f"Trưởng {unit.name}",
            unit,
            [Role.UNIT_HEAD, Role.STAFF],
            secrets.token_urlsafe(12),
        )
        people[code] = (head, users["canbo.kt"] if code == "KKT" else head)
    return people


def load(units: dict[str, Unit], users: dict[str, User]) -> None:
    from intranet.eligibility import seed as eligibility_seed

    catalogues.seed()
    eligibility_seed.seed()  # the law's rules of eligibility, on the titles just seeded
    fields = {e.name: e.id for e in catalogues.entries(Group.FIELD)}
    movement = catalogues.entries(Group.MOVEMENT)[0].id
    secretariat = users["thuongtruc"]
    people = _people(units, users)
    made = {}
    for code, name, year, field, achievement, stage, extra in NOMINATIONS:
        head, owner = people[code]
        exemplar = services.save_exemplar(
            None,
            ExemplarData(
                subject="collective" if code in ("DTN",) or name.startswith("Tổ") else "individual",
                year=year,
                achievement=achievement,
                name=name,
                field_id=fields.get(field),
                movement_id=movement,
            ),
            owner,
        )
        uploads = [_report_docx(name, units[code], year, achievement)]
        if extra:
            uploads.append(_Upload(extra, (DEMO_FILES / extra).read_bytes()))
        for upload in uploads:
            services.add_evidence(
                exemplar, upload, owner, upload.filename.rsplit(".", 1)[0], date(year, 6, 1)
            )
        made[name] = exemplar
        if stage == "draft":
            continue
        services.take_step(exemplar, "submit", owner)
        if stage == "submitted":
            continue
        if stage == "returned":
            services.take_step(exemplar, "return", head, note="Bổ sung số liệu minh chứng cụ thể.")
            continue
        for evidence in exemplar.live_evidence:
            services.review_evidence(evidence, "accepted", head, "Đúng thực tế.")
        services.take_step(exemplar, "endorse", head)
    _decision(units, secretariat, made, 125, date(2024, 7, 15), 2024)
    _decision(units, secretariat, made, 98, date(2023, 7, 10), 2023)
    # Those whose final stage is "propagated" stay recognised here: the propagation demo
    # records their first activities, which make them so.


def _decision(units, secretariat: User, made: dict, number: int, issued: date, year: int) -> None:
    """A decision rewarding the year's endorsed nominations, published: they become recognised."""
    decision = documents.save_document(
        None,
        documents.DocumentData(
            kind="QĐ",
            number_symbol=f"{number}/QĐ-CĐBP",
            issued_on=issued,
            issued_place="Bình Phước",
            issuer_name="Trường Cao đẳng Bình Phước",
            summary=f"Về việc khen thưởng các cá nhân, tập thể điển hình tiên tiến năm {year}",
            basis=[
                "Luật Thi đua, khen thưởng ngày 15/6/2022",
                "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ",
                "Kế hoạch số 36/KH-CĐBP ngày 21/4/2023 của Trường Cao đẳng Bình Phước",
            ],
            signer_title="HIỆU TRƯỞNG",
            signer_name="Nguyễn Văn Thành",
            recipients="- Như Điều 3;\n- Lưu: VT, HCTC.",
            unit_id=units["HCTC"].id,
        ),
        secretariat,
    )
    title = {e.name: e.id for e in catalogues.entries(Group.TITLE)}
    form = {e.name: e.id for e in catalogues.entries(Group.FORM)}
    kind = catalogues.entries(Group.KIND)[0].id
    level = catalogues.entries(Group.LEVEL)[0].id
    ready = [
        e
        for e in made.values()
        if e.year == year and e.stage.value == "endorsed" and e.name not in ("Ngô Thị Kim Liên",)
    ]
    for exemplar in ready:
        collective = exemplar.subject.value == "collective"
        decisions.add_award_line(
            decision,
            decisions.AwardData(
                exemplar_id=exemplar.id,
                title_id=title[
                    "Tập thể lao động xuất sắc" if collective else "Chiến sĩ thi đua cơ sở"
                ],
                form_id=form["Giấy khen"],
                kind_id=kind,
                level_id=level,
                amount=3_000_000 if collective else 1_500_000,
            ),
            secretariat,
        )
    document_demo.sign_and_issue(decision, secretariat)
