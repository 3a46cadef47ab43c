"""Catalogues of the law (Luật Thi đua, khen thưởng 2022; Nghị định 98/2023), editable by the
secretariat: fields, emulation movements, titles, commendation forms, kinds and levels."""

import enum

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.documents.models import Document
from intranet.domain import RuleBroken, transaction
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.text import nfc


class Group(enum.StrEnum):
    FIELD = "field"
    MOVEMENT = "movement"
    TITLE = "title"
    FORM = "form"
    KIND = "kind"
    LEVEL = "level"

    @property
    def label(self) -> str:
        return str(GROUP_LABELS[self])


GROUP_LABELS = {
    Group.FIELD: _l("Lĩnh vực"),
    Group.MOVEMENT: _l("Phong trào thi đua"),
    Group.TITLE: _l("Danh hiệu thi đua"),
    Group.FORM: _l("Hình thức khen thưởng"),
    Group.KIND: _l("Loại hình khen thưởng"),
    Group.LEVEL: _l("Cấp khen thưởng"),
}


class Applies(enum.StrEnum):
    """Whom a title or form is for (Luật TĐKT 2022, Điều 23–27)."""

    ANY = "any"
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"


class CatalogueEntry(db.Model):
    __tablename__ = "catalogue_entry"
    __audited__ = True
    __audit_noun__ = "mục danh mục"
    __audit_label__ = "name"
    __audit_type_label__ = _l("Danh mục")
    __table_args__ = (UniqueConstraint("group", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[Group] = mapped_column(
        db.Enum(
            Group, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        ),
        index=True,
    )
    name: Mapped[str] = mapped_column(String(200))
    applies_to: Mapped[Applies] = mapped_column(
        db.Enum(
            Applies, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        ),
        default=Applies.ANY,
    )
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    # A movement is launched by a plan.
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)
    # A title's bình xét threshold: the share (%) of those present at the unit meeting who must
    # agree before the unit endorses a nomination for it; None: no tally is asked.
    threshold: Mapped[int | None]

    document: Mapped[Document | None] = relationship()

    def __str__(self) -> str:
        return self.name


SEED = {
    Group.FIELD: [
        "Giảng dạy",
        "Nghiên cứu khoa học",
        "Quản lý",
        "Phục vụ",
        "Công tác học sinh – sinh viên",
        "Đoàn thể",
        "Chuyển đổi số",
        "Hợp tác doanh nghiệp",
        "Hoạt động xã hội, người tốt việc tốt",
    ],
    Group.MOVEMENT: [
        "Tuyên truyền gương điển hình tiên tiến giai đoạn 2022 – 2025",
        "Thi đua dạy tốt, học tốt",
        "Cả nước thi đua đổi mới, sáng tạo trong quản lý, giảng dạy",
        "Thi đua chuyển đổi số trong nhà trường",
    ],
    Group.TITLE: [
        ("Lao động tiên tiến", Applies.INDIVIDUAL),
        ("Chiến sĩ thi đua cơ sở", Applies.INDIVIDUAL),
        ("Chiến sĩ thi đua cấp tỉnh", Applies.INDIVIDUAL),
        ("Chiến sĩ thi đua cấp bộ", Applies.INDIVIDUAL),
        ("Chiến sĩ thi đua toàn quốc", Applies.INDIVIDUAL),
        ("Tập thể lao động tiên tiến", Applies.COLLECTIVE),
        ("Tập thể lao động xuất sắc", Applies.COLLECTIVE),
        ("Cờ thi đua của Ủy ban nhân dân tỉnh", Applies.COLLECTIVE),
        ("Cờ thi đua của Chính phủ", Applies.COLLECTIVE),
    ],
    Group.FORM: [
        "Giấy khen",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Bằng khen của Bộ trưởng",
        "Bằng khen của Thủ tướng Chính phủ",
        "Kỷ niệm chương",
        "Huy chương",
        "Huân chương",
    ],
    Group.KIND: [
        "Thường xuyên",
        "Theo đợt",
        "Theo chuyên đề",
        "Đột xuất",
        "Quá trình cống hiến",
        "Niên hạn",
        "Đối ngoại",
    ],
    Group.LEVEL: ["Cấp trường", "Cấp tỉnh", "Cấp bộ", "Cấp nhà nước"],
}


def seed_rows() -> list[dict]:
    """The entries of the law as rows (also used by the first migration)."""
    rows = []
    for group, items in SEED.items():
        for position, entry in enumerate(items):
            name, applies = entry if isinstance(entry, tuple) else (entry, Applies.ANY)
            rows.append(
                {
                    "group": group.value,
                    "name": name,
                    "applies_to": applies.value,
                    "position": position,
                    "active": True,
                }
            )
    return rows


def seed() -> None:
    """Add the entries of the law that are missing; never changes an edited entry."""
    existing = set(db.session.execute(select(CatalogueEntry.group, CatalogueEntry.name)).all())
    with transaction():
        for group, entries in SEED.items():
            for position, entry in enumerate(entries):
                name, applies = entry if isinstance(entry, tuple) else (entry, Applies.ANY)
                if (group, name) not in existing:
                    db.session.add(
                        CatalogueEntry(
                            group=group, name=name, applies_to=applies, position=position
                        )
                    )


def entries(group: Group, active_only: bool = True) -> list[CatalogueEntry]:
    query = select(CatalogueEntry).where(CatalogueEntry.group == group)
    if active_only:
        query = query.where(CatalogueEntry.active.is_(True))
    return list(
        db.session.execute(query.order_by(CatalogueEntry.position, CatalogueEntry.name)).scalars()
    )


def save_entry(
    entry: CatalogueEntry | None,
    group: Group,
    name: str,
    applies_to: str,
    active: bool,
    document_id: int | None = None,
    threshold: int | None = None,
) -> CatalogueEntry:
    """Create or change an entry; raises RuleBroken with a message on a duplicate or empty name."""
    from intranet.extensions import gettext as _

    name = nfc(name)
    if not name:
        raise RuleBroken(_("Hãy nhập tên."))
    clash = db.session.execute(
        select(CatalogueEntry).where(CatalogueEntry.group == group, CatalogueEntry.name == name)
    ).scalar()
    if threshold is not None and (group != Group.TITLE or not 1 <= threshold <= 100):
        raise RuleBroken(_("Ngưỡng bình xét là một tỷ lệ từ 1 đến 100%, chỉ cho danh hiệu."))
    if clash is not None and clash is not entry:
        raise RuleBroken(_("%(g)s \u201c%(n)s\u201d đã có.", g=group.label, n=name))
    with transaction():
        if entry is None:
            entry = CatalogueEntry(group=group, position=len(entries(group, active_only=False)))
            db.session.add(entry)
        entry.name, entry.applies_to, entry.active = name, Applies(applies_to), active
        entry.document_id, entry.threshold = document_id, threshold
    return entry
