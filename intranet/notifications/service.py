"""Tell people what concerns them: one function for every workflow step and reminder.

``notify`` writes an in-app notification for each person concerned who may see the record (the
area's rule in ``policy``: nobody hears of a record they may not open), once per key, and marks
its e-mail for the worker when a mail server is configured, the person has an address and wants
that kind by e-mail. The e-mail is never sent inside the request: the worker sends it
(``mail.send_pending``), woken after the commit.
"""

from collections.abc import Callable, Iterable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from intranet import clock, policy
from intranet.accounts.models import Role, User, UserRole
from intranet.domain import transaction
from intranet.extensions import db
from intranet.notifications import kinds
from intranet.notifications.models import MailPreference, MailState, Notification

Message = str | Callable[[], str]


def notify(
    kind: str,
    recipients: Iterable[User | None],
    message: Message,
    *,
    key: str,
    url: str = "",
    record=None,
    actor: User | None = None,
) -> int:
    """Notify each of ``recipients`` once for ``key``; returns how many notifications are new.

    ``record``: the record the step concerns; a person who may not see it is left out.
    ``actor``: who took the step (not told of their own act). ``message``: a text, or a
    function saying it, called in each recipient's language. Joins the caller's transaction.
    """
    people = _concerned(recipients, record, actor)
    if not people:
        return 0
    already = set(
        db.session.execute(
            select(Notification.user_id).where(
                Notification.key == key, Notification.user_id.in_([p.id for p in people])
            )
        ).scalars()
    )
    people = [p for p in people if p.id not in already]
    mailed = _mail_wanted(people, kind)
    texts: dict[str, str] = {}
    for person in people:
        text = texts.get(person.locale)
        if text is None:
            text = texts[person.locale] = _say(message, person.locale)
        db.session.add(
            Notification(
                user_id=person.id,
                key=key,
                kind=kind,
                message=text,
                url=url,
                mail_state=MailState.PENDING if person.id in mailed else None,
            )
        )
    if mailed:
        db.session.info["mail_queued"] = True  # the worker is woken after the commit
    return len(people)


def _concerned(recipients, record, actor) -> list[User]:
    seen, people = set(), []
    for person in recipients:
        if person is None or person.id in seen or not person.active:
            continue
        seen.add(person.id)
        if actor is not None and person.id == actor.id:
            continue
        if record is not None and not policy.may(person, "see", record):
            continue
        people.append(person)
    return people


def _say(message: Message, locale: str) -> str:
    if isinstance(message, str):
        return message
    with force_locale(locale or "vi"):
        return str(message())


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def _mail_wanted(people: list[User], kind: str) -> set[int]:
    """The ids of those who get this kind by e-mail: a server, an address, and their choice."""
    if not mail_configured():
        return set()
    with_address = [p for p in people if p.email]
    if not with_address:
        return set()
    chosen = dict(
        db.session.execute(
            select(MailPreference.user_id, MailPreference.email).where(
                MailPreference.kind == kind,
                MailPreference.user_id.in_([p.id for p in with_address]),
            )
        ).all()
    )
    default = kinds.get(kind).email_default
    return {p.id for p in with_address if chosen.get(p.id, default)}


# -- who -----------------------------------------------------------------------------------------
def holders(role: Role, unit_id: int | None = None) -> list[User]:
    """The active holders of ``role`` (in ``unit_id`` when given)."""
    query = select(User).join(UserRole).where(UserRole.role == role, User.active.is_(True))
    if unit_id is not None:
        query = query.where(User.unit_id == unit_id)
    return list(db.session.execute(query.order_by(User.id)).scalars())


# -- the person's own ----------------------------------------------------------------------------
def mark_read(user: User) -> None:
    """Mark all of one's unread notifications read."""
    with transaction():
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=clock.now())
        )


def mail_choices(user: User) -> dict[str, bool]:
    """{kind: e-mailed?} for the kinds offered to ``user``: their choice, else the default."""
    chosen = dict(
        db.session.execute(
            select(MailPreference.kind, MailPreference.email).where(
                MailPreference.user_id == user.id
            )
        ).all()
    )
    return {k.name: chosen.get(k.name, k.email_default) for k in kinds.offered_to(user)}


def choose_mail(user: User, wanted: Iterable[str]) -> None:
    """Keep ``user``'s choice: the kinds in ``wanted`` by e-mail, the others offered not.

    Names that are no kind offered to the user are ignored (a form cannot add kinds).
    """
    wanted = set(wanted)
    with transaction():
        rows = {
            row.kind: row
            for row in db.session.execute(
                select(MailPreference).where(MailPreference.user_id == user.id)
            ).scalars()
        }
        for kind in kinds.offered_to(user):
            row = rows.get(kind.name)
            if row is None:
                row = MailPreference(user_id=user.id, kind=kind.name)
                db.session.add(row)
            row.email = kind.name in wanted


@event.listens_for(Session, "after_commit")
def _wake_mailer(session: Session) -> None:
    if session.info.pop("mail_queued", False):
        from intranet.notifications import worker

        worker.wake()


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous) -> None:
    session.info.pop("mail_queued", None)
