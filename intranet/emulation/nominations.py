"""What the emulation year adds to a nomination: the movement and criteria it answers, each
criterion checked off by the unit's head, and the person's yearly result (which titles the
person may be proposed for). The exemplars area imports nothing of this; the checks reach its
workflow through ``workflow.before``, the page through template globals."""

from dataclasses import dataclass

from sqlalchemy import select

from intranet import policy
from intranet.accounts.models import User
from intranet.domain import transaction
from intranet.emulation import access  # noqa: F401  (the rules, declared on import)
from intranet.emulation.models import (
    WHOLE_YEAR,
    Criteria,
    CriterionCheck,
    Evaluation,
    NominationCriteria,
    criteria_items,
)
from intranet.emulation.services import EmulationError
from intranet.exemplars import workflow
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.text import nfc

# The titles a person whose yearly result is "not completed" may not be proposed for.
GATED_TITLES = ("Lao động tiên tiến", "Chiến sĩ thi đua cơ sở")
NOT_COMPLETED = "Không hoàn thành"


@dataclass
class Verdict:
    position: int
    met: bool
    note: str = ""


def choices(exemplar_unit_id: int) -> list[Criteria]:
    """The criteria a nomination of that unit may answer: every version, newest first."""
    query = (
        select(Criteria)
        .where(Criteria.unit_id == exemplar_unit_id)
        .order_by(Criteria.movement_id.desc(), Criteria.version.desc())
    )
    return list(db.session.execute(query).scalars())


def label(criteria: Criteria) -> str:
    return _(
        "%(m)s — %(t)s (phiên bản %(v)s)",
        m=criteria.movement.name,
        t=criteria.title,
        v=criteria.version,
    )


def link_of(exemplar: Exemplar) -> NominationCriteria | None:
    return db.session.get(NominationCriteria, exemplar.id)


def choose(exemplar: Exemplar, user: User, criteria_id: int | None) -> NominationCriteria | None:
    """The owner says which movement and criteria (version) the nomination answers; None
    clears it."""
    policy.require(user, "choose_criteria", exemplar)
    link = link_of(exemplar)
    with transaction():
        if not criteria_id:
            if link is not None:
                db.session.delete(link)
            return None
        criteria = db.session.get(Criteria, criteria_id) if isinstance(criteria_id, int) else None
        if criteria is None or criteria.unit_id != exemplar.unit_id:
            raise EmulationError(_("Hãy chọn tiêu chí thi đua của đơn vị mình."))
        if link is None:
            link = NominationCriteria(exemplar_id=exemplar.id)
            db.session.add(link)
        link.criteria, link.chosen_by = criteria, user
    return link


def checks(exemplar: Exemplar, criteria_id: int) -> dict[int, CriterionCheck]:
    rows = db.session.execute(
        select(CriterionCheck).where(
            CriterionCheck.exemplar_id == exemplar.id, CriterionCheck.criteria_id == criteria_id
        )
    ).scalars()
    return {c.position: c for c in rows}


def check(exemplar: Exemplar, user: User, verdicts: list[Verdict]) -> list[CriterionCheck]:
    """The unit's head checks the chosen criteria off: met or not met, with a note (asked when
    not met)."""
    policy.require(user, "check_criteria", exemplar)
    link = link_of(exemplar)
    if link is None:
        raise EmulationError(_("Đề xuất chưa chọn tiêu chí thi đua nào."))
    items = criteria_items(link.criteria)
    if not verdicts:
        raise EmulationError(_("Hãy đánh giá ít nhất một tiêu chí."))
    seen = set()
    for v in verdicts:
        if not isinstance(v.position, int) or not 0 <= v.position < len(items):
            raise EmulationError(_("Tiêu chí không hợp lệ."))
        if v.position in seen:
            raise EmulationError(_("Mỗi tiêu chí chỉ đánh giá một lần."))
        seen.add(v.position)
        v.note = nfc(v.note or "")
        if len(v.note) > 2000:
            raise EmulationError(_("Nhận xét quá dài (tối đa 2.000 ký tự)."))
        if not v.met and not v.note:
            raise EmulationError(
                _("Hãy ghi nhận xét cho tiêu chí chưa đạt: “%(i)s”.", i=items[v.position])
            )
    existing = checks(exemplar, link.criteria_id)
    with transaction():
        done = []
        for v in verdicts:
            row = existing.get(v.position)
            if row is None:
                row = CriterionCheck(
                    exemplar_id=exemplar.id, criteria_id=link.criteria_id, position=v.position
                )
                db.session.add(row)
            row.item, row.met, row.note, row.checked_by = items[v.position], v.met, v.note, user
            done.append(row)
    return done


def sheet(exemplar: Exemplar) -> dict | None:
    """The chosen criteria with each item and its verdict (None when none was chosen)."""
    link = link_of(exemplar)
    if link is None:
        return None
    found = checks(exemplar, link.criteria_id)
    return {
        "link": link,
        "criteria": link.criteria,
        "items": [(i, text, found.get(i)) for i, text in enumerate(criteria_items(link.criteria))],
    }


# The yearly result -----------------------------------------------------------------------------


def yearly_result(person_id: int | None, year: int) -> Evaluation | None:
    """The person's result of the whole year (the unit's yearly evaluation), if recorded."""
    if person_id is None:
        return None
    return db.session.execute(
        select(Evaluation)
        .where(
            Evaluation.person_id == person_id,
            Evaluation.year == year,
            Evaluation.quarter == WHOLE_YEAR,
        )
        .order_by(Evaluation.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def visible_yearly_result(user, exemplar: Exemplar) -> Evaluation | None:
    """The yearly result for a reader allowed to see it by the evaluations' rule."""
    found = yearly_result(exemplar.person_id, exemplar.year)
    if found is None or not policy.may(user, "see", found):
        return None
    return found


def check_title(person_id: int | None, year: int, title_name: str) -> None:
    """Refuse a title a person may not be proposed for with the year's result."""
    if title_name not in GATED_TITLES:
        return
    result = yearly_result(person_id, year)
    if result is not None and result.rating.name == NOT_COMPLETED:
        raise EmulationError(
            _(
                "Không thể đề xuất danh hiệu “%(t)s”: kết quả đánh giá năm %(y)s của "
                "%(n)s là “%(r)s”.",
                t=title_name,
                y=year,
                n=result.person.full_name,
                r=result.rating.name,
            )
        )


def proposed_title(exemplar: Exemplar) -> str | None:
    """The title the nomination proposes: the one of its latest bình xét tally, else the one
    its person registered for that year."""
    from intranet.exemplars.catalogues import CatalogueEntry

    title_id = proposed_title_ids([exemplar]).get(exemplar.id)
    return db.session.get(CatalogueEntry, title_id).name if title_id is not None else None


def proposed_title_ids(exemplars: list[Exemplar]) -> dict[int, int]:
    """{exemplar id: the id of the title it proposes} (``proposed_title``), in two queries."""
    from intranet.emulation.models import Registration, UnitReview

    ids = [e.id for e in exemplars]
    found: dict[int, int] = {}
    if not ids:
        return found
    reviews = db.session.execute(
        select(UnitReview.exemplar_id, UnitReview.title_id)
        .where(UnitReview.exemplar_id.in_(ids))
        .order_by(UnitReview.id)
    )
    for exemplar_id, title_id in reviews:
        found[exemplar_id] = title_id  # the latest tally wins
    wanted = [((e.person_id, e.year), e.id) for e in exemplars if e.person_id and e.id not in found]
    if wanted:
        registrations = db.session.execute(
            select(Registration.person_id, Registration.year, Registration.title_id)
            .where(Registration.person_id.in_({key[0] for key, _id in wanted}))
            .order_by(Registration.id)
        )
        by_person_year = {(p, y): t for p, y, t in registrations}
        for key, exemplar_id in wanted:
            if key in by_person_year:
                found[exemplar_id] = by_person_year[key]
    return found


def check_yearly_result(exemplar: Exemplar) -> None:
    """Before a nomination is submitted or endorsed (``workflow.before``)."""
    if exemplar.person_id is None:
        return
    title = proposed_title(exemplar)
    if title is not None:
        check_title(exemplar.person_id, exemplar.year, title)


workflow.before("submit")(check_yearly_result)
workflow.before("endorse")(check_yearly_result)


# The nomination form's field (``workflow.extra_field``): saved with the nomination, in its
# transaction; a refusal is the form's message.
@workflow.extra_field("criteria_id")
def save_from_form(exemplar: Exemplar, raw, user: User) -> None:
    from intranet.exemplars.services import ExemplarError

    text = str(raw if raw is not None else "").strip()
    if text in ("", "0"):
        criteria_id = None
    elif text.isdigit() and len(text) < 10:
        criteria_id = int(text)
    else:
        raise ExemplarError(_("Hãy chọn tiêu chí thi đua của đơn vị mình."))
    db.session.flush()  # a new nomination: its id and owner
    link = link_of(exemplar)
    if criteria_id == (link.criteria_id if link is not None else None):
        return
    try:
        choose(exemplar, user, criteria_id)
    except EmulationError as exc:
        raise ExemplarError(str(exc)) from exc
