"""Demo supervision: 2024 reports on time, late and missing, and one inspection."""

from datetime import date, datetime

from sqlalchemy import select

from intranet.accounts.models import Role, Unit, User
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.supervision import inspections, reports

# unit code: when its 2024 report was submitted (UTC); the others have not reported.
SUBMITTED_2024 = {
    "KCKDL": datetime(2024, 6, 20, 3, 0),
    "DTN": datetime(2024, 6, 28, 8, 30),
    "HCTC": datetime(2024, 7, 5, 2, 15),  # late by 5 days
    "KCNTT": datetime(2024, 6, 29, 9, 0),
}


def _head(unit: Unit) -> User:
    return next(u for u in unit.users if u.has_role(Role.UNIT_HEAD))


def load(units: dict[str, Unit], users: dict[str, User]) -> None:
    for code, moment in SUBMITTED_2024.items():
        unit = units[code]
        report = reports.submit(
            unit,
            2024,
            _head(unit),
            f"Báo cáo kết quả thực hiện Kế hoạch 36/KH-CĐBP năm 2024 của {unit.name}.",
        )
        report.submitted_at = moment  # the demo's history: submitted back then
    db.session.commit()
    inspection = inspections.record(
        users["kiemtra"],
        units["KKT"],
        date(2024, 10, 15),
        "Phạm Quốc Dũng (Trưởng đoàn); Trần Thị Thu Hà (Thư ký)",
        "Kiểm tra việc xây dựng, nhân rộng điển hình tiên tiến năm 2024 tại Khoa Kinh tế.",
        "Khoa có 01 điển hình được đơn vị xác nhận; chưa nộp báo cáo năm 2024 đúng hạn.",
        "Đề nghị Khoa hoàn thiện báo cáo và danh sách điển hình.",
        ["36/KH-CĐBP"],
        [e.id for e in _exemplars(units["KKT"])],
        None,
    )
    inspections.add_follow_up(
        inspection,
        users["kiemtra"],
        "Nộp báo cáo năm 2024 và danh sách điển hình về Hội đồng.",
        date(2024, 11, 15),
    )


def _exemplars(unit: Unit):
    return db.session.execute(select(Exemplar).where(Exemplar.unit_id == unit.id)).scalars()
