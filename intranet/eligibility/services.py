"""Keeping the rules of eligibility: one service, one transaction."""

from dataclasses import dataclass

from intranet import policy
from intranet.domain import RuleBroken, transaction
from intranet.eligibility.models import EligibilityRule, Kind
from intranet.emulation.models import Rating
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.text import nfc


@dataclass
class RuleData:
    title_id: int
    kind: str
    required_id: int | None = None
    rating_id: int | None = None
    years: int = 1
    offset: int = 0
    keyword: str = ""
    article: str = ""
    position: int = 0
    active: bool = True


def _entry(entry_id: int | None, groups: tuple[Group, ...]) -> CatalogueEntry | None:
    entry = db.session.get(CatalogueEntry, entry_id) if entry_id else None
    return entry if entry is not None and entry.group in groups else None


def save_rule(rule: EligibilityRule | None, data: RuleData, user) -> EligibilityRule:
    """Create or change a rule; RuleBroken says what is missing for its kind."""
    policy.require(user, "edit" if rule is not None else "create", rule or EligibilityRule)
    if data.kind not in Kind.__members__.values():
        raise RuleBroken(_("Loại điều kiện không hợp lệ."))
    kind = Kind(data.kind)
    title = _entry(data.title_id, (Group.TITLE, Group.FORM))
    if title is None:
        raise RuleBroken(_("Hãy chọn danh hiệu hoặc hình thức khen thưởng."))
    required = _entry(data.required_id, (Group.TITLE, Group.FORM))
    if kind == Kind.CONSECUTIVE and required is None:
        raise RuleBroken(_("Hãy chọn danh hiệu hoặc hình thức phải đạt liên tục."))
    rating = db.session.get(Rating, data.rating_id) if data.rating_id else None
    if kind == Kind.EVALUATION and rating is None:
        raise RuleBroken(_("Hãy chọn mức đánh giá tối thiểu."))
    if not 1 <= data.years <= 10 or not 0 <= data.offset <= 5:
        raise RuleBroken(_("Số năm từ 1 đến 10, tính đến trước năm xét từ 0 đến 5 năm."))
    article = nfc(data.article)[:300]
    if not article:
        raise RuleBroken(_("Hãy ghi căn cứ pháp lý."))
    with transaction():
        if rule is None:
            rule = EligibilityRule()
            db.session.add(rule)
        rule.title_id, rule.kind = title.id, kind
        rule.required_id = required.id if kind == Kind.CONSECUTIVE else None
        rule.rating_id = rating.id if kind == Kind.EVALUATION else None
        rule.years, rule.offset = data.years, data.offset
        rule.keyword = nfc(data.keyword)[:100] if kind == Kind.INITIATIVE else ""
        rule.article, rule.position, rule.active = article, data.position, data.active
    return rule
