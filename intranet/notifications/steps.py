"""Who each workflow step concerns, and what they are told: one function per kind of record.

The services call these inside their transaction, after the change (the rules then see the
record as it now is). Each recipient is checked against the record's own rule by ``notify``.

An issued document is not announced to its audience one by one: the whole school may be its
audience, and thousands of notices would bury the ones that need an action. It appears instead
on each reader's home page, under "Văn bản cần đọc" (``todo.py``), until they mark it read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from intranet import clock
from intranet.accounts.models import Role, User
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.notifications.service import holders, notify

# The areas call in here from their services: their modules are named for types only, and
# their values read from the records (the areas' packages import this one while loading).
if TYPE_CHECKING:
    from intranet.documents.models import Document
    from intranet.exemplars.models import AwardLine, Evidence, Exemplar
    from intranet.supervision.models import UnitReport


def _exemplar_url(exemplar: Exemplar) -> str:
    return f"/exemplars/{exemplar.id}"


def exemplar_step(exemplar: Exemplar, step: str, actor: User, note: str = "") -> int:
    """A nomination moved one step (``workflow.STEPS``): tell whom it now concerns."""
    key = f"exemplar:{exemplar.id}:{step}:{len(exemplar.events)}"
    name, year, url = exemplar.name, exemplar.year, _exemplar_url(exemplar)
    told = 0

    def send(kind, people, message):
        nonlocal told
        told += notify(kind, people, message, key=key, url=url, record=exemplar, actor=actor)

    if step == "submit":
        send(
            "exemplar_submitted",
            holders(Role.UNIT_HEAD, exemplar.unit_id),
            lambda: _(
                "%(who)s gửi đề xuất điển hình “%(name)s” (năm %(y)d): chờ đơn vị xem xét "
                "minh chứng và xác nhận.",
                who=actor.full_name,
                name=name,
                y=year,
            ),
        )
    elif step == "return":
        send(
            "exemplar_returned",
            [exemplar.owner],
            lambda: _(
                "Đề xuất điển hình “%(name)s” bị trả lại để bổ sung: %(note)s",
                name=name,
                note=note,
            ),
        )
    elif step == "endorse":
        send(
            "exemplar_endorsed",
            holders(Role.SECRETARIAT),
            lambda: _(
                "%(unit)s đã xác nhận đề xuất điển hình “%(name)s” (năm %(y)d): chờ công nhận.",
                unit=exemplar.unit.name,
                name=name,
                y=year,
            ),
        )
        send(
            "exemplar_endorsed",
            [exemplar.owner],
            lambda: _("Đề xuất điển hình “%(name)s” đã được đơn vị xác nhận.", name=name),
        )
    elif step == "recognise":
        send(
            "exemplar_recognised",
            [exemplar.person, exemplar.owner],
            lambda: _(
                "“%(name)s” được công nhận điển hình tiên tiến năm %(y)d%(by)s.",
                name=name,
                y=year,
                by=f" ({note})" if note else "",
            ),
        )
    elif step == "propagate":
        send(
            "exemplar_propagated",
            [exemplar.person, exemplar.owner],
            lambda: _("“%(name)s” được đưa lên bảng vàng điển hình tiên tiến.", name=name),
        )
    elif step == "withdraw" and exemplar.events[-1].from_stage in ("submitted", "returned"):
        send(
            "exemplar_withdrawn",
            holders(Role.UNIT_HEAD, exemplar.unit_id),
            lambda: _("Đề xuất điển hình “%(name)s” đã được rút: %(note)s", name=name, note=note),
        )
    return told


def evidence_reviewed(evidence: Evidence, actor: User) -> int:
    """A reviewer accepted or rejected an evidence file: tell whoever uploaded it."""
    exemplar = evidence.exemplar

    def message():
        if evidence.review == "rejected":
            return _(
                "Minh chứng “%(t)s” của hồ sơ “%(name)s” không được chấp nhận: %(note)s",
                t=evidence.title,
                name=exemplar.name,
                note=evidence.review_note,
            )
        return _(
            "Minh chứng “%(t)s” của hồ sơ “%(name)s” đã được chấp nhận.",
            t=evidence.title,
            name=exemplar.name,
        )

    return notify(
        "evidence_reviewed",
        [evidence.uploaded_by],
        message,
        key=f"evidence:{evidence.id}:reviewed:{clock.now().isoformat()}",
        url=_exemplar_url(exemplar),
        record=evidence,
        actor=actor,
    )


def _document_key(document: Document, step: str) -> str:
    return f"document:{document.id}:{step}:{clock.now().isoformat()}"


def document_submitted(document: Document, actor: User) -> int:
    """Trình ký: the leaders, who sign."""
    return notify(
        "document_submitted",
        holders(Role.LEADER),
        lambda: _("Văn bản %(s)s “%(t)s” được trình ký.", s=document.symbol, t=document.summary),
        key=_document_key(document, "submitted"),
        url=f"/documents/{document.id}",
        record=document,
        actor=actor,
    )


def document_signed(document: Document, actor: User) -> int:
    """Ký: the secretariat, who numbers and issues it, and whoever submitted it."""
    return notify(
        "document_signed",
        [*holders(Role.SECRETARIAT), document.submitted_by],
        lambda: _(
            "Văn bản %(s)s “%(t)s” đã được ký, chờ ban hành.",
            s=document.symbol,
            t=document.summary,
        ),
        key=_document_key(document, "signed"),
        url=f"/documents/{document.id}",
        record=document,
        actor=actor,
    )


def document_returned(document: Document, actor: User, submitter: User | None) -> int:
    """Trả lại: whoever submitted it for signature (the drafter)."""
    reason = document.status_note
    return notify(
        "document_returned",
        [submitter],
        lambda: _(
            "Văn bản %(s)s “%(t)s” bị trả lại: %(r)s",
            s=document.symbol,
            t=document.summary,
            r=reason,
        ),
        key=_document_key(document, "returned"),
        url=f"/documents/{document.id}",
        record=document,
        actor=actor,
    )


def award_lines_issued(document: Document, lines: list[AwardLine], actor: User) -> int:
    """A decision is issued: the people it rewards by name, without a nomination (those with one
    are told by the nomination's recognition)."""
    people = [line.person for line in lines if line.exemplar_id is None and line.person is not None]
    return notify(
        "exemplar_recognised",
        people,
        lambda: _(
            "Bạn được khen thưởng theo quyết định số %(s)s “%(t)s”.",
            s=document.symbol,
            t=document.summary,
        ),
        key=f"document:{document.id}:awarded",
        url=f"/documents/{document.id}",
        record=document,
        actor=actor,
    )


def report_submitted(report: UnitReport, actor: User) -> int:
    """A unit's annual report is in: the secretariat, who checks it."""
    if report.id is None:
        db.session.flush()
    return notify(
        "report_submitted",
        holders(Role.SECRETARIAT),
        lambda: _("%(u)s đã nộp báo cáo thi đua năm %(y)d.", u=report.unit.name, y=report.year),
        key=f"report:{report.id}:submitted:{clock.now().isoformat()}",
        url=f"/supervision/reports/view/{report.id}",
        record=report,
        actor=actor,
    )


def report_returned(report: UnitReport, actor: User) -> int:
    """The secretariat returned a report: the head of its unit, who corrects it."""
    return notify(
        "report_returned",
        holders(Role.UNIT_HEAD, report.unit_id),
        lambda: _(
            "Báo cáo thi đua năm %(y)d của %(u)s bị trả lại để sửa: %(n)s",
            y=report.year,
            u=report.unit.name,
            n=report.return_note,
        ),
        key=f"report:{report.id}:returned:{clock.now().isoformat()}",
        url=f"/supervision/reports/view/{report.id}",
        record=report,
        actor=actor,
    )


# -- the emulation year --------------------------------------------------------------------------
def registration_made(registration, actor: User) -> int:
    """A person registered the title they aim for: the unit's head, who confirms it."""
    if registration.id is None:
        db.session.flush()
    return notify(
        "registration_made",
        holders(Role.UNIT_HEAD, registration.unit_id),
        lambda: _(
            "%(who)s đăng ký thi đua năm %(y)d, danh hiệu “%(t)s”: chờ đơn vị xác nhận.",
            who=registration.name,
            y=registration.year,
            t=registration.title.name,
        ),
        key=f"registration:{registration.id}:made",
        url="/thi-dua/dang-ky",
        record=registration,
        actor=actor,
    )


def registrations_confirmed(registrations: list, actor: User) -> int:
    """The unit head confirmed registrations: each person who registered."""
    told = 0
    for registration in registrations:
        told += notify(
            "registration_confirmed",
            [registration.person or registration.created_by],
            lambda r=registration: _(
                "Đăng ký thi đua năm %(y)d (“%(t)s”) của %(who)s đã được đơn vị xác nhận.",
                y=r.year,
                t=r.title.name,
                who=r.name,
            ),
            key=f"registration:{registration.id}:confirmed",
            url="/thi-dua/dang-ky",
            record=registration,
            actor=actor,
        )
    return told


def evaluations_recorded(round_, actor: User) -> int:
    """The unit recorded a quarter's (or the year's) results: each person evaluated."""
    db.session.flush()
    told = 0
    for evaluation in round_.evaluations:
        db.session.expire(evaluation, ["rating"])  # the rating chosen now, by its id
        told += notify(
            "evaluation_recorded",
            [evaluation.person],
            lambda e=evaluation: _(
                "Kết quả đánh giá thi đua %(p)s của bạn: %(r)s.", p=e.label, r=e.rating.name
            ),
            key=f"evaluation:{evaluation.id}:{clock.now().isoformat()}",
            url="/thi-dua/danh-gia",
            record=evaluation,
            actor=actor,
        )
    return told
