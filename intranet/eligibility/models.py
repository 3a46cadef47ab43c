"""The rules of eligibility: one row per condition per title (or form), citing the law."""

import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.emulation.models import Rating
from intranet.exemplars.catalogues import CatalogueEntry
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l


class Kind(enum.StrEnum):
    """The conditions the archive can answer (a small fixed set, each a function in
    ``conditions``)."""

    CONSECUTIVE = "consecutive"  # holding a title (or form) N years in a row
    INITIATIVE = "initiative"  # an accepted initiative (sáng kiến) among the evidence
    REGISTERED = "registered"  # registered for the title that year
    EVALUATION = "evaluation"  # the yearly evaluation at least a rating, N years in a row

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    Kind.CONSECUTIVE: _l("Đạt danh hiệu, hình thức khen thưởng liên tục"),
    Kind.INITIATIVE: _l("Có sáng kiến được công nhận trong minh chứng"),
    Kind.REGISTERED: _l("Đã đăng ký thi đua danh hiệu trong năm"),
    Kind.EVALUATION: _l("Kết quả đánh giá năm đạt từ mức"),
}


class EligibilityRule(db.Model):
    """One condition of a title: e.g. "Chiến sĩ thi đua cấp tỉnh" needs "Chiến sĩ thi đua cơ
    sở" 3 years in a row (Luật Thi đua, khen thưởng 2022, Điều 22)."""

    __tablename__ = "eligibility_rule"
    __audited__ = True
    __audit_noun__ = "điều kiện xét danh hiệu"
    __audit_label__ = "article"
    __audit_type_label__ = _l("Điều kiện xét danh hiệu")

    id: Mapped[int] = mapped_column(primary_key=True)
    # The title (or commendation form) this condition is for.
    title_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_entry.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[Kind] = mapped_column(
        db.Enum(Kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    # CONSECUTIVE: the title or form to have held; EVALUATION: none.
    required_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"), index=True)
    # EVALUATION: the lowest rating that counts (a lower position is a better rating).
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("rating.id"), index=True)
    # CONSECUTIVE, EVALUATION: how many years in a row, ending ``offset`` years before the
    # candidate's year (0: the year itself counts).
    years: Mapped[int] = mapped_column(default=1)
    offset: Mapped[int] = mapped_column(default=0)
    # INITIATIVE: the word an accepted evidence's title holds (diacritics ignored).
    keyword: Mapped[str] = mapped_column(String(100), default="")
    article: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    title: Mapped[CatalogueEntry] = relationship(foreign_keys=[title_id])
    required: Mapped[CatalogueEntry | None] = relationship(foreign_keys=[required_id])
    rating: Mapped[Rating | None] = relationship()
