"""Demo of the emulation year: a movement launched by plan 36/KH-CĐBP with the criteria of three
units, the year's registrations (KCNTT's confirmed), two quarters of evaluations with minutes,
and the catalogue's bình xét thresholds."""

import io
import secrets
from datetime import date

from sqlalchemy import select

from intranet import clock
from intranet.accounts import services as accounts
from intranet.accounts.models import Role, Unit, User
from intranet.documents.models import Document
from intranet.emulation import queries, services
from intranet.emulation.models import period_starts
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.extensions import db

UNITS = ("KCNTT", "KKT", "DT")
CRITERIA = {
    "KCNTT": (
        "Tiêu chí điển hình tiên tiến lĩnh vực chuyển đổi số",
        "1. Hoàn thành xuất sắc nhiệm vụ giảng dạy, tối thiểu 01 học phần số hoá.\n"
        "2. Có sáng kiến ứng dụng công nghệ thông tin được Hội đồng công nhận.\n"
        "3. Hướng dẫn sinh viên đạt giải kỳ thi tay nghề cấp tỉnh trở lên.",
    ),
    "KKT": (
        "Tiêu chí điển hình tiên tiến lĩnh vực giảng dạy kinh tế",
        "1. Tỷ lệ sinh viên tốt nghiệp có việc làm từ 80% trở lên.\n"
        "2. Có bài báo hoặc đề tài nghiên cứu khoa học cấp trường.\n"
        "3. Tham gia hợp tác doanh nghiệp, đưa sinh viên đi thực tập.",
    ),
    "DT": (
        "Tiêu chí điển hình tiên tiến lĩnh vực quản lý đào tạo",
        "1. Lịch đào tạo, thi, cấp bằng đúng hạn, không sai sót.\n"
        "2. Số hoá hồ sơ đào tạo, phục vụ người học trực tuyến.",
    ),
}
# The share of those present at the unit's meeting who must agree (bình xét).
THRESHOLDS = {
    "Lao động tiên tiến": 50,
    "Chiến sĩ thi đua cơ sở": 70,
    "Tập thể lao động tiên tiến": 50,
    "Tập thể lao động xuất sắc": 70,
}


class _Upload:
    def __init__(self, name: str, data: bytes):
        self.filename, self.stream = name, io.BytesIO(data)


def _head(unit: Unit) -> User:
    for user in unit.users:
        if user.has_role(Role.UNIT_HEAD):
            return user
    return accounts.create_user(
        f"truong.{unit.code.lower()}",
        f"Trưởng {unit.name}",
        unit,
        [Role.UNIT_HEAD, Role.STAFF],
        secrets.token_urlsafe(12),
    )


def _titles() -> dict[str, int]:
    entries = db.session.execute(select(CatalogueEntry).where(CatalogueEntry.group == Group.TITLE))
    return {e.name: e.id for e in entries.scalars()}


def _minutes(unit: Unit, quarter: int, year: int) -> _Upload:
    text = (
        f"{unit.name.upper()}\nBIÊN BẢN HỌP ĐÁNH GIÁ KẾT QUẢ THI ĐUA QUÝ {quarter} NĂM {year}\n"
        "Thành phần: toàn thể cán bộ, viên chức của đơn vị.\n"
        "Nội dung: đánh giá, xếp loại từng thành viên theo tiêu chí của đơn vị.\n"
    )
    return _Upload(f"Biên bản họp đánh giá quý {quarter} – {unit.code}.txt", text.encode())


def load(units: dict[str, Unit], users: dict[str, User]) -> None:
    services.seed_ratings()
    year = clock.today().year
    secretariat = users["thuongtruc"]
    plan = db.session.execute(
        select(Document).where(Document.symbol == "36/KH-CĐBP")
    ).scalar_one_or_none()
    if plan is None or not plan.issued:
        return
    heads = {code: _head(units[code]) for code in UNITS}
    movement = services.launch_movement(
        services.MovementData(
            name=f"Tuyên truyền, nhân rộng gương điển hình tiên tiến năm {year}",
            document_id=plan.id,
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            unit_ids=[units[code].id for code in UNITS],
            goals="Mỗi đơn vị có ít nhất 01 điển hình tiên tiến được tuyên truyền, nhân rộng "
            "trong năm; đánh giá kết quả thi đua hằng quý, năm.",
        ),
        secretariat,
    )
    criteria = {
        code: services.write_criteria(movement, *CRITERIA[code], heads[code]) for code in UNITS
    }
    titles = _titles()
    registrations = [
        (users["canbo"], "Lao động tiên tiến", "Hoàn thành xuất sắc nhiệm vụ giảng dạy."),
        (users["truongkhoa"], "Chiến sĩ thi đua cơ sở", "Có 01 sáng kiến cấp trường."),
        (users["canbo.kt"], "Lao động tiên tiến", "Đưa 20 sinh viên đi thực tập doanh nghiệp."),
    ]
    for person, title, commitments in registrations:
        services.register(person, year, titles[title], commitments)
    services.register(
        heads["KCNTT"],
        year,
        titles["Tập thể lao động xuất sắc"],
        "100% thành viên hoàn thành tốt nhiệm vụ trở lên.",
        collective=True,
    )
    services.confirm(queries.pending(heads["KCNTT"], year), heads["KCNTT"])
    scale = {r.name: r.id for r in services.ratings()}
    ratings = ["Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành tốt", "Hoàn thành"]
    for code in ("KCNTT", "KKT"):
        members = queries.unit_members(units[code].id)
        for quarter in [q for q in (1, 2) if period_starts(year, q) <= clock.today()]:
            results = [
                services.Result(m.id, scale[ratings[(i + quarter) % len(ratings)]], "")
                for i, m in enumerate(members)
            ]
            services.record_round(
                heads[code],
                year,
                quarter,
                results,
                _minutes(units[code], quarter, year),
                criteria[code].id,
            )
    # The thresholds last: the demo's nominations were endorsed before the school asked tallies.
    for entry in db.session.execute(
        select(CatalogueEntry).where(CatalogueEntry.name.in_(list(THRESHOLDS)))
    ).scalars():
        entry.threshold = THRESHOLDS[entry.name]
    db.session.commit()
