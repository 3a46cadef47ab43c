"""The rules of nominations and their evidence; pages, API and demo call these."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from intranet import clock, policy, storage
from intranet.accounts.models import Unit, User
from intranet.domain import NotFound, RuleBroken, check_version, transaction
from intranet.exemplars import access, workflow
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.models import Evidence, Exemplar, ExemplarEvent, Review, Stage, Subject
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications import steps as notices
from intranet.text import nfc


class ExemplarError(RuleBroken):
    """A rule was broken; the message says which, in the user's language."""


@dataclass
class ExemplarData:
    subject: str
    year: int
    achievement: str
    person_id: int | None = None
    name: str = ""
    field_id: int | None = None
    movement_id: int | None = None
    # Values of the fields other areas add (``workflow.EXTRA_FIELDS``); absent: left as is.
    extras: dict = field(default_factory=dict)


def save_exemplar(
    exemplar: Exemplar | None, data: ExemplarData, user: User, version=None
) -> Exemplar:
    """Create a nomination in the user's unit, or change one the user owns while it is editable.

    ``version``: the version the user edited (required for an existing nomination; 428 when
    missing, 409 when someone changed it since).
    """
    if exemplar is None:
        policy.require(user, "create", Exemplar)
    else:
        policy.require(user, "edit", exemplar)
        check_version(exemplar, version)
    with transaction():
        return _save(exemplar, data, user)


def _save(exemplar: Exemplar | None, data: ExemplarData, user: User) -> Exemplar:
    try:
        subject = Subject(data.subject)
    except ValueError as exc:
        raise ExemplarError(_("Hãy chọn cá nhân hoặc tập thể.")) from exc
    achievement = nfc(data.achievement)
    if not achievement:
        raise ExemplarError(_("Hãy mô tả thành tích."))
    if not 2000 <= data.year <= clock.today().year + 1:
        raise ExemplarError(_("Năm không hợp lệ: %(y)s.", y=data.year))
    name, person = nfc(data.name), None
    if subject == Subject.INDIVIDUAL and data.person_id:
        person = db.session.get(User, data.person_id)
        if person is None or person.unit_id != user.unit_id or not person.active:
            raise ExemplarError(_("Chỉ đề xuất được cán bộ của đơn vị mình."))
        name = person.full_name
    if subject == Subject.COLLECTIVE and not name:
        name = user.unit.name
    if not name:
        raise ExemplarError(_("Hãy chọn cán bộ hoặc nhập họ tên người được đề xuất."))
    _check_entry(data.field_id, Group.FIELD)
    _check_entry(data.movement_id, Group.MOVEMENT)
    if exemplar is None:
        exemplar = Exemplar(owner=user, unit_id=user.unit_id, stage=Stage.DRAFT)
        exemplar.events.append(ExemplarEvent(to_stage=Stage.DRAFT, actor=user))
        db.session.add(exemplar)
    exemplar.subject, exemplar.person, exemplar.name = subject, person, name
    exemplar.year, exemplar.achievement = data.year, achievement
    exemplar.field_id, exemplar.movement_id = data.field_id, data.movement_id
    for name, value in data.extras.items():
        save = workflow.EXTRA_FIELDS.get(name)
        if save is not None:
            save(exemplar, value, user)
    return exemplar


def _check_entry(entry_id: int | None, group: Group) -> None:
    if entry_id is None:
        return
    entry = db.session.get(CatalogueEntry, entry_id)
    if entry is None or entry.group != group:
        raise ExemplarError(_("%(g)s không hợp lệ.", g=group.label))


def take_step(exemplar: Exemplar, step_name: str, user: User, note: str = "") -> None:
    """Move a nomination one step; 403 when the role may not, a message when the stage is wrong.

    Joins the caller's transaction when there is one (a decision recognising its exemplars).
    """
    step = workflow.STEPS.get(step_name)
    if step is None:
        raise NotFound()
    policy.require(user, step.name, exemplar)
    with transaction():
        _take(exemplar, step, user, note)


def _take(exemplar: Exemplar, step: workflow.Step, user: User, note: str) -> None:
    if exemplar.stage not in step.sources:
        raise ExemplarError(
            _(
                "Không thể “%(step)s” khi hồ sơ đang ở trạng thái “%(stage)s”.",
                step=step.label,
                stage=exemplar.stage.label,
            )
        )
    note = nfc(note)
    if step.needs_note and not note:
        raise ExemplarError(_("Hãy ghi lý do."))
    if step.name == "submit" and not exemplar.live_evidence:
        raise ExemplarError(_("Hãy tải lên ít nhất một minh chứng trước khi gửi đề xuất."))
    if step.name == "endorse" and not workflow.has_accepted_evidence(exemplar):
        raise ExemplarError(
            _("Chưa có minh chứng nào được chấp nhận: hãy xem xét minh chứng trước khi xác nhận.")
        )
    for check in workflow.BEFORE.get(step.name, ()):
        check(exemplar)
    exemplar.events.append(
        ExemplarEvent(from_stage=exemplar.stage, to_stage=step.target, actor=user, note=note)
    )
    exemplar.stage = step.target
    notices.exemplar_step(exemplar, step.name, user, note)


def mark_propagated(exemplar: Exemplar, user: User, note: str = "") -> bool:
    """A recognised exemplar becomes "propagated" (on the honour board) by its first recorded
    propagation activity: a timeline event and the notice, in the caller's transaction.

    True when it moved; False when it already was propagated (later activities); RuleBroken
    from any other stage.
    """
    if exemplar.stage == Stage.PROPAGATED:
        return False
    if exemplar.stage != Stage.RECOGNISED:
        raise ExemplarError(
            _(
                "Chỉ tuyên truyền được điển hình đã công nhận (hồ sơ đang ở trạng thái “%(s)s”).",
                s=exemplar.stage.label,
            )
        )
    note = nfc(note)
    exemplar.events.append(
        ExemplarEvent(from_stage=exemplar.stage, to_stage=Stage.PROPAGATED, actor=user, note=note)
    )
    exemplar.stage = Stage.PROPAGATED
    notices.exemplar_step(exemplar, "propagate", user, note)
    return True


def add_evidence(
    exemplar: Exemplar,
    upload,
    user: User,
    title: str,
    evidence_date: date | None = None,
    description: str = "",
) -> Evidence:
    """Store an evidence file for a nomination the user owns and may still change."""
    policy.require(user, "add_evidence", exemplar)
    title = nfc(title)
    if not upload or not upload.filename:
        raise ExemplarError(_("Hãy chọn tệp minh chứng."))
    with transaction():
        try:
            stored, name = storage.save(upload.stream, upload.filename)
        except storage.StorageError as exc:
            raise ExemplarError(f"{nfc(upload.filename)}: {exc}") from exc
        evidence = Evidence(
            exemplar=exemplar,
            stored=stored,
            original_name=name,
            title=title or name,
            evidence_date=evidence_date,
            description=nfc(description),
            uploaded_by=user,
        )
        db.session.add(evidence)
    return evidence


def review_evidence(evidence: Evidence, verdict: str, user: User, note: str = "") -> None:
    """Accept or reject one evidence file (unit head of the unit, or the secretariat)."""
    policy.require(user, "see", evidence)
    policy.require(user, "review", evidence.exemplar)
    try:
        review = Review(verdict)
    except ValueError as exc:
        raise ExemplarError(_("Kết quả xem xét không hợp lệ.")) from exc
    note = nfc(note)
    if review == Review.REJECTED and not note:
        raise ExemplarError(_("Hãy ghi lý do không chấp nhận minh chứng."))
    with transaction():
        evidence.review, evidence.review_note = review, note
        evidence.reviewer, evidence.reviewed_at = user, clock.now()
        notices.evidence_reviewed(evidence, user)


def remove_evidence(evidence: Evidence, user: User) -> None:
    """The owner takes an evidence file back while the nomination is editable (kept in trash)."""
    policy.require(user, "see", evidence)
    policy.require(user, "edit", evidence.exemplar)
    with transaction():
        evidence.deleted_at = clock.now()


def reuse_of(evidence: Evidence, user: User) -> list[Exemplar]:
    """Other nominations offering the same file ("one achievement, one award").

    Only those ``user`` may open are named: the warning must not tell a reader of nominations
    they get 404 for.
    """
    query = (
        select(Exemplar)
        .join(Evidence, Evidence.exemplar_id == Exemplar.id)
        .where(
            access.EXEMPLAR.condition(user),
            Evidence.stored_file_id == evidence.stored_file_id,
            Evidence.deleted_at.is_(None),
            Exemplar.id != evidence.exemplar_id,
            Exemplar.stage != Stage.WITHDRAWN,
        )
        .distinct()
        .order_by(Exemplar.id)
    )
    return list(db.session.execute(query).scalars())


def reuse_for(exemplar: Exemplar, user: User) -> dict[int, list[Exemplar]]:
    """{evidence id: the other nominations using the same file}, for a reader who may see the
    evidence (``see_reuse``); {} for anyone else."""
    from intranet.exemplars import queries  # queries reads decisions, which reads this module

    if not policy.may(user, "see_reuse", exemplar):
        return {}
    return queries.reuse(exemplar.live_evidence, user)


def unit_members(unit_id: int) -> list[User]:
    return list(
        db.session.execute(
            select(User)
            .where(User.unit_id == unit_id, User.active.is_(True))
            .order_by(User.full_name)
        ).scalars()
    )


def units() -> list[Unit]:
    return list(db.session.execute(select(Unit).order_by(Unit.name)).scalars())


def note_download(evidence: Evidence, verb: str) -> None:
    """Evidence is personal data: every download and preview, by page or API, is in the trail."""
    from intranet import audit

    summary = f"{verb} minh chứng {evidence.original_name} của {evidence.exemplar.name}"
    audit.record("download", "evidence", evidence.id, summary)
