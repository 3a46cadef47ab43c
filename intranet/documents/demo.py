"""Demo documents: plan 36/KH-CĐBP as published, with its tasks, basis, signer and file."""

from datetime import date
from pathlib import Path

from intranet.accounts.models import Role, Unit, User
from intranet.documents import files, plans, services
from intranet.documents.services import DocumentData

DEMO_FILES = Path(__file__).resolve().parent.parent / "demo_files"
PLAN_PDF = "Kế hoạch 36-KH-CĐBP.pdf"
PLAN_TXT = "Kế hoạch 36-KH-CĐBP (văn bản).txt"

RECIPIENTS = """- UBND tỉnh;
- Các Sở: Nội vụ, LĐTBXH;
- Ban TĐKT tỉnh;
- Khối TĐ số 6;
- Ban Giám hiệu;
- Các đơn vị thuộc, trực thuộc;
- Các tổ chức đoàn thể;
- Lưu: VT, TCHCKH."""


class _FileUpload:
    def __init__(self, path: Path):
        self.filename = path.name
        self.stream = path.open("rb")


def _plan_body() -> str:
    text = (DEMO_FILES / PLAN_TXT).read_text(encoding="utf-8")
    start = text.index("Trường Cao đẳng Bình Phước xây dựng")
    end = text.index("Nơi nhận:")
    return text[start:end].strip()


def _attach(document, names: list[str], user: User) -> None:
    uploads = [_FileUpload(DEMO_FILES / name) for name in names]
    try:
        files.attach(document, uploads, user)
    finally:
        for upload in uploads:
            upload.stream.close()


def leader() -> User | None:
    """The demo's leader (Ban Giám hiệu), who signs the demo's documents."""
    from sqlalchemy import select

    from intranet.extensions import db

    users = db.session.execute(select(User).order_by(User.id)).scalars()
    return next((u for u in users if u.has_role(Role.LEADER)), None)


def sign_and_issue(document, secretariat: User) -> None:
    """The document's life as it was lived: submitted, signed by the leadership (under the
    authority and title it carries), then issued by the records office."""
    signer = leader() or secretariat
    services.submit(document, secretariat)
    services.sign(
        document,
        signer,
        services.Signature(
            signer_name=document.signer_name or signer.full_name,
            signer_title=document.signer_title or "HIỆU TRƯỞNG",
            signer_authority=document.signer_authority,
        ),
    )
    services.issue(document, secretariat)


def load(units: dict[str, Unit], secretariat: User) -> None:
    """Plan 36/KH-CĐBP (implementing the province's 113/KH-UBND), a unit plan and a notice."""
    plan = services.save_document(
        None,
        DocumentData(
            kind="KH",
            number_symbol="Số: 36 /KH-CĐBP",
            issued_on=date(2023, 4, 21),
            issued_place="Bình Phước",
            issuer_name="Trường Cao đẳng Bình Phước",
            summary="Thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến năm 2023, "
            "giai đoạn 2022 - 2025”",
            body=_plan_body(),
            period_start=2023,
            period_end=2025,
            implements="Kế hoạch số 113/KH-UBND ngày 03/4/2023 của UBND tỉnh",
            signer_authority="KT. HIỆU TRƯỞNG",
            signer_title="PHÓ HIỆU TRƯỞNG",
            signer_name="Nguyễn Bích Liên",
            recipients=RECIPIENTS,
            unit_id=units["HCTC"].id,
        ),
        secretariat,
    )
    _attach(plan, [PLAN_PDF, PLAN_TXT], secretariat)
    hdtdkt = units["HDTDKT"].id
    for task in (
        dict(
            assignee_unit_id=units["HCTC"].id,
            description="Phổ biến, quán triệt đến toàn thể "
            "CBVCNLĐ về kế hoạch này; phối hợp xây dựng quy định về tiêu chuẩn điển hình tiên "
            "tiến của cơ quan.",
        ),
        dict(
            assignee_role=Role.UNIT_HEAD.value,
            assignee_text="Các đơn vị",
            description="Phấn đấu mỗi năm, mỗi đơn vị có ít nhất 01 điển hình tiên tiến, tiêu "
            "biểu được phổ biến nhân rộng.",
            target_count=1,
            target_text="điển hình tiên tiến mỗi đơn vị mỗi năm",
        ),
        dict(
            assignee_role=Role.UNIT_HEAD.value,
            assignee_text="Các đơn vị",
            description="Định kỳ báo cáo kết quả triển khai thực hiện kế hoạch và danh sách "
            "điển hình tiên tiến về Ban Thi đua khen thưởng Trường.",
            deadline_day=30,
            deadline_month=6,
        ),
        dict(
            assignee_unit_id=hdtdkt,
            description="Kiểm tra, giám sát việc thực hiện công tác "
            "xây dựng, nhân rộng, tuyên truyền điển hình tiên tiến tại các đơn vị.",
        ),
        dict(
            assignee_unit_id=hdtdkt,
            description="Định kỳ báo cáo kết quả triển khai thực hiện "
            "kế hoạch về Ban Thi đua khen thưởng tỉnh theo quy định.",
        ),
    ):
        plans.add_task(plan, **task)
    sign_and_issue(plan, secretariat)

    unit_plan = services.save_document(
        None,
        DocumentData(
            kind="KH",
            number_symbol="05/KH-KCNTT",
            issued_on=date(2023, 5, 10),
            issued_place="Bình Phước",
            issuer_name="Khoa Công nghệ thông tin",
            summary="Triển khai Kế hoạch 36/KH-CĐBP về tuyên truyền gương điển hình tiên tiến "
            "tại Khoa Công nghệ thông tin năm 2023",
            period_start=2023,
            period_end=2025,
            implements="36/KH-CĐBP",
            signer_title="TRƯỞNG KHOA",
            signer_name="Đặng Minh Đức",
            recipients="- Ban Giám hiệu (b/c);\n- CBVC Khoa;\n- Lưu: Khoa.",
            unit_id=units["KCNTT"].id,
            audience_all=False,
            audience_units=[units["KCNTT"].id],
        ),
        secretariat,
    )
    sign_and_issue(unit_plan, secretariat)

    notice = services.save_document(
        None,
        DocumentData(
            kind="TB",
            number_symbol="45/TB-CĐBP",
            issued_on=date(2024, 5, 20),
            issued_place="Bình Phước",
            issuer_name="Trường Cao đẳng Bình Phước",
            summary="Về việc nộp báo cáo kết quả và danh sách điển hình tiên tiến năm 2024",
            body="Các đơn vị gửi báo cáo kết quả thực hiện Kế hoạch 36/KH-CĐBP và danh sách điển "
            "hình tiên tiến của đơn vị về Phòng Hành chính – Tổ chức trước ngày 30/6/2024.",
            basis=["Kế hoạch số 36/KH-CĐBP ngày 21/4/2023 của Trường Cao đẳng Bình Phước"],
            signer_authority="TL. HIỆU TRƯỞNG",
            signer_title="TRƯỞNG PHÒNG HC-TC",
            signer_name="Trần Thị Thu Hà",
            recipients="- Các đơn vị;\n- Lưu: VT, HCTC.",
            unit_id=units["HCTC"].id,
        ),
        secretariat,
    )
    sign_and_issue(notice, secretariat)
