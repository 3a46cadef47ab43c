"""The rules of the emulation year; pages, API and demo call these.

Each function checks who may act (``policy.require``), validates every input with a Vietnamese
message (``RuleBroken``), and writes in one transaction.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from intranet import clock, policy, storage
from intranet.accounts.models import Unit, User
from intranet.documents.models import Document
from intranet.domain import RuleBroken, transaction
from intranet.emulation import access  # noqa: F401  (the rules, declared on import)
from intranet.emulation.models import (
    WHOLE_YEAR,
    Criteria,
    Evaluation,
    EvaluationRound,
    Movement,
    Rating,
    Registration,
    RegistrationStatus,
    period_label,
    period_starts,
)
from intranet.exemplars.catalogues import Applies, CatalogueEntry, Group
from intranet.exemplars.models import Subject
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications import steps as notices
from intranet.text import nfc

# The kinds of document that launch a movement: a plan (KH) or a directive (CT).
LAUNCHING_KINDS = ("KH", "CT")


class EmulationError(RuleBroken):
    """A rule of the emulation year was broken; the message says which."""


def _year(year) -> int:
    this = clock.today().year
    if not isinstance(year, int) or not this - 5 <= year <= this + 1:
        raise EmulationError(_("Năm không hợp lệ: %(y)s.", y=year))
    return year


def store_upload(upload):
    """The stored file and its original name, or (None, "") when nothing was sent."""
    if not upload or not getattr(upload, "filename", ""):
        return None, ""
    try:
        return storage.save(upload.stream, upload.filename)
    except storage.StorageError as exc:
        raise EmulationError(f"{nfc(upload.filename)}: {exc}") from exc


# Movements ------------------------------------------------------------------------------------


@dataclass
class MovementData:
    name: str
    document_id: int
    starts_on: date
    ends_on: date
    unit_ids: list[int]
    goals: str = ""


def launch_movement(data: MovementData, user: User) -> Movement:
    """The secretariat launches a movement from an issued plan or directive."""
    policy.require(user, "create", Movement)
    name = nfc(data.name)
    if not name:
        raise EmulationError(_("Hãy nhập tên phong trào."))
    document = db.session.execute(
        policy.visible(Document, user).where(Document.id == data.document_id)
    ).scalar_one_or_none()
    if document is None or document.kind not in LAUNCHING_KINDS or not document.issued:
        raise EmulationError(
            _("Phong trào phải được phát động bằng một kế hoạch hoặc chỉ thị đã ban hành.")
        )
    if not data.starts_on or not data.ends_on or data.ends_on < data.starts_on:
        raise EmulationError(_("Thời gian của phong trào không hợp lệ."))
    ids = sorted(set(data.unit_ids or []))
    units = list(db.session.execute(select(Unit).where(Unit.id.in_(ids))).scalars())
    if not ids or len(units) != len(ids):
        raise EmulationError(_("Hãy chọn các đơn vị tham gia."))
    with transaction():
        movement = Movement(
            name=name,
            document=document,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            goals=nfc(data.goals),
            units=units,
            created_by=user,
        )
        db.session.add(movement)
    return movement


# Criteria -------------------------------------------------------------------------------------


def write_criteria(movement: Movement, title: str, body: str, user: User) -> Criteria:
    """The head writes the unit's criteria for a movement: a new version, the old ones kept."""
    policy.require(user, "write_criteria", movement)
    title, body = nfc(title), nfc(body)
    if not title or not body:
        raise EmulationError(_("Hãy nhập tên và nội dung tiêu chí."))
    with transaction():
        last = db.session.execute(
            select(func.max(Criteria.version)).where(
                Criteria.movement_id == movement.id, Criteria.unit_id == user.unit_id
            )
        ).scalar()
        criteria = Criteria(
            movement=movement,
            unit_id=user.unit_id,
            version=(last or 0) + 1,
            title=title,
            body=body,
            author=user,
        )
        db.session.add(criteria)
    return criteria


# Registrations --------------------------------------------------------------------------------


def title_for(title_id, subject: Subject) -> CatalogueEntry:
    title = db.session.get(CatalogueEntry, title_id) if isinstance(title_id, int) else None
    if title is None or title.group != Group.TITLE or not title.active:
        raise EmulationError(_("Hãy chọn một danh hiệu thi đua trong danh mục."))
    wanted = Applies.INDIVIDUAL if subject == Subject.INDIVIDUAL else Applies.COLLECTIVE
    if title.applies_to not in (Applies.ANY, wanted):
        raise EmulationError(
            _("Danh hiệu “%(t)s” không dành cho %(s)s.", t=title.name, s=subject.label.lower())
        )
    return title


def register(
    user: User, year: int, title_id: int, commitments: str, collective: bool = False
) -> Registration:
    """A person registers the title they aim for in ``year``; with ``collective`` the unit head
    registers the unit. One registration per person (or unit) and year."""
    policy.require(user, "register_unit" if collective else "create", Registration)
    year = _year(year)
    subject = Subject.COLLECTIVE if collective else Subject.INDIVIDUAL
    title = title_for(title_id, subject)
    commitments = nfc(commitments)
    if not commitments:
        raise EmulationError(_("Hãy ghi nội dung đăng ký, cam kết."))
    query = select(Registration.id).where(
        Registration.year == year, Registration.subject == subject
    )
    query = (
        query.where(Registration.unit_id == user.unit_id)
        if collective
        else query.where(Registration.person_id == user.id)
    )
    if db.session.execute(query).first():
        raise EmulationError(_("Đã đăng ký thi đua năm %(y)s.", y=year))
    with transaction():
        registration = Registration(
            year=year,
            subject=subject,
            person=None if collective else user,
            unit_id=user.unit_id,
            name=user.unit.name if collective else user.full_name,
            title=title,
            commitments=commitments,
            created_by=user,
        )
        db.session.add(registration)
        notices.registration_made(registration, user)
    return registration


def confirm(registrations: list[Registration], user: User) -> int:
    """The unit head confirms registrations of the unit; returns how many were confirmed."""
    for registration in registrations:
        policy.require(user, "confirm", registration)
    with transaction():
        for registration in registrations:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_by = user
            registration.confirmed_at = clock.now()
        notices.registrations_confirmed(registrations, user)
    return len(registrations)


# Evaluations ----------------------------------------------------------------------------------


def ratings(active_only: bool = True) -> list[Rating]:
    query = select(Rating).order_by(Rating.position, Rating.id)
    if active_only:
        query = query.where(Rating.active.is_(True))
    return list(db.session.execute(query).scalars())


def seed_ratings() -> None:
    """The default scale, when the table is empty (the migration seeds it too)."""
    from intranet.emulation.models import DEFAULT_RATINGS

    if db.session.execute(select(Rating.id)).first():
        return
    with transaction():
        for position, name in enumerate(DEFAULT_RATINGS):
            db.session.add(Rating(name=name, position=position))


@dataclass
class Result:
    person_id: int
    rating_id: int
    comment: str = ""


def record_round(
    user: User,
    year: int,
    quarter: int,
    results: list[Result],
    minutes=None,
    criteria_id: int | None = None,
) -> EvaluationRound:
    """The unit head records the unit's results for a quarter (1–4) or the year (0), against
    the unit's criteria, with the meeting's minutes. Recording again changes the results."""
    policy.require(user, "create", EvaluationRound)
    year = _year(year)
    if quarter not in (WHOLE_YEAR, 1, 2, 3, 4):
        raise EmulationError(_("Kỳ đánh giá không hợp lệ."))
    if period_starts(year, quarter) > clock.today():
        raise EmulationError(
            _("Chưa đến kỳ đánh giá %(p)s: kỳ này chưa bắt đầu.", p=period_label(year, quarter))
        )
    members = {
        u.id: u
        for u in db.session.execute(
            select(User).where(User.unit_id == user.unit_id, User.active.is_(True))
        ).scalars()
    }
    scale = {r.id: r for r in ratings()}
    if not results:
        raise EmulationError(_("Hãy đánh giá ít nhất một người."))
    seen = set()
    for result in results:
        if result.person_id not in members or result.person_id in seen:
            raise EmulationError(_("Chỉ đánh giá cán bộ của đơn vị mình, mỗi người một lần."))
        if result.rating_id not in scale:
            raise EmulationError(_("Hãy chọn mức xếp loại trong thang đánh giá."))
        seen.add(result.person_id)
    criteria = None
    if criteria_id is not None:
        criteria = db.session.get(Criteria, criteria_id) if isinstance(criteria_id, int) else None
        if criteria is None or criteria.unit_id != user.unit_id:
            raise EmulationError(_("Hãy chọn tiêu chí của đơn vị mình."))
    existing = db.session.execute(
        select(EvaluationRound).where(
            EvaluationRound.unit_id == user.unit_id,
            EvaluationRound.year == year,
            EvaluationRound.quarter == quarter,
        )
    ).scalar_one_or_none()
    if existing is None and (not minutes or not getattr(minutes, "filename", "")):
        raise EmulationError(_("Hãy tải lên biên bản họp đánh giá của đơn vị."))
    with transaction():
        stored, name = store_upload(minutes)
        round_ = existing or EvaluationRound(
            unit_id=user.unit_id, year=year, quarter=quarter, recorded_by=user
        )
        if existing is None:
            db.session.add(round_)
        if stored is not None:
            round_.minutes_file, round_.minutes_name = stored, name
        round_.criteria = criteria or round_.criteria
        round_.recorded_by, round_.recorded_at = user, clock.now()
        rows = {e.person_id: e for e in round_.evaluations}
        for result in results:
            row = rows.get(result.person_id)
            if row is None:
                row = Evaluation(
                    unit_id=user.unit_id, year=year, quarter=quarter, person_id=result.person_id
                )
                round_.evaluations.append(row)
            row.rating_id, row.comment = result.rating_id, nfc(result.comment)
        notices.evaluations_recorded(round_, user)
    return round_


def save_rating(rating: Rating | None, name: str, active: bool, user: User) -> Rating:
    """The secretariat adds a level to the evaluation scale, or renames or retires one (a level
    in use is never deleted: the results keep their rating)."""
    policy.require(user, "create" if rating is None else "edit", rating or Rating)
    name = nfc(name)
    if not name or len(name) > 100:
        raise EmulationError(_("Hãy nhập tên mức xếp loại (tối đa 100 ký tự)."))
    clash = db.session.execute(select(Rating).where(Rating.name == name)).scalar()
    if clash is not None and clash is not rating:
        raise EmulationError(_("Mức xếp loại “%(n)s” đã có.", n=name))
    with transaction():
        if rating is None:
            rating = Rating(position=len(ratings(active_only=False)))
            db.session.add(rating)
        rating.name, rating.active = name, active
    return rating
