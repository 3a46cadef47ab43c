"""Bình xét: the unit meeting's tally on a candidate, and the threshold it must reach before
the unit endorses the nomination (the title's threshold, in the catalogue)."""

from datetime import date

from sqlalchemy import select

from intranet import clock, policy
from intranet.accounts.models import User
from intranet.domain import transaction
from intranet.emulation import nominations
from intranet.emulation.models import UnitReview
from intranet.emulation.services import EmulationError, store_upload, title_for
from intranet.exemplars import workflow
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.models import Exemplar
from intranet.extensions import db
from intranet.extensions import gettext as _


def record_tally(
    exemplar: Exemplar,
    user: User,
    title_id: int,
    held_on: date,
    present: int,
    agree: int,
    disagree: int,
    minutes=None,
) -> UnitReview:
    """The unit head records the unit meeting's tally on a candidate, for a title."""
    policy.require(user, "tally", exemplar)
    title = title_for(title_id, exemplar.subject)
    nominations.check_title(exemplar.person_id, exemplar.year, title.name)
    numbers = (present, agree, disagree)
    if not all(isinstance(n, int) and n >= 0 for n in numbers) or present < 1:
        raise EmulationError(_("Số người dự họp và số phiếu phải là số nguyên không âm."))
    if agree + disagree > present:
        raise EmulationError(_("Số phiếu đồng ý và không đồng ý vượt quá số người dự họp."))
    if not isinstance(held_on, date) or held_on > clock.today():
        raise EmulationError(_("Ngày họp không hợp lệ."))
    with transaction():
        stored, name = store_upload(minutes)
        review = UnitReview(
            exemplar=exemplar,
            title=title,
            held_on=held_on,
            present=present,
            agree=agree,
            disagree=disagree,
            minutes_file=stored,
            minutes_name=name,
            recorded_by=user,
        )
        db.session.add(review)
    return review


def latest_tally(exemplar: Exemplar) -> UnitReview | None:
    return db.session.execute(
        select(UnitReview)
        .where(UnitReview.exemplar_id == exemplar.id)
        .order_by(UnitReview.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def thresholds_in_use() -> bool:
    """Whether the catalogue sets a bình xét threshold for any title: the school then asks a
    tally of every nomination before its unit endorses it."""
    return (
        db.session.execute(
            select(CatalogueEntry.id).where(
                CatalogueEntry.group == Group.TITLE,
                CatalogueEntry.active.is_(True),
                CatalogueEntry.threshold.is_not(None),
            )
        ).first()
        is not None
    )


def meets_threshold(agree: int, present: int, threshold: int | None) -> bool:
    """Whether ``agree`` of ``present`` reach a title's threshold (a share in %, from the
    catalogue); no threshold: more than half. The unit's bình xét and the council's vote."""
    if threshold is None:
        return agree * 2 > present
    return agree * 100 >= threshold * present


def check_tally(exemplar: Exemplar) -> None:
    """Refuse the unit's endorsement below the threshold of the title the tally was for.

    Called by the nominations' workflow before the "endorse" step (``workflow.before``)."""
    review = latest_tally(exemplar)
    if review is None:
        if thresholds_in_use():
            raise EmulationError(
                _(
                    "Chưa có kết quả bình xét của đơn vị: "
                    "hãy ghi biên bản bình xét trước khi xác nhận."
                )
            )
        return
    threshold = review.title.threshold
    if threshold is not None and not meets_threshold(review.agree, review.present, threshold):
        raise EmulationError(
            _(
                "Kết quả bình xét chưa đạt: %(a)s/%(p)s người dự họp đồng ý (%(r)s%%), danh hiệu "
                "“%(t)s” cần từ %(n)s%% trở lên.",
                a=review.agree,
                p=review.present,
                r=round(review.percent),
                t=review.title.name,
                n=threshold,
            )
        )


workflow.before("endorse")(check_tally)
