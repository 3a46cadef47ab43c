"""The council's work: members, the meeting (agenda, members present, tallies), the minutes'
signed scan, the public notice and its comments, and the decision drafted from the passed list.

Each function checks its rule (``policy.require``), validates, and writes in one transaction;
a refusal is a ``CouncilError`` (422) with the reason in Vietnamese, and nothing is kept.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from intranet import clock, policy, storage
from intranet.accounts.models import Role, User
from intranet.council.models import (
    SEAT_ORDER,
    AgendaItem,
    CouncilMember,
    Meeting,
    NoticeComment,
    Seat,
)
from intranet.documents import services as documents
from intranet.domain import RuleBroken, transaction
from intranet.emulation.nominations import proposed_title
from intranet.exemplars import decisions
from intranet.exemplars.catalogues import CatalogueEntry, Group
from intranet.exemplars.models import Exemplar, Stage
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.extensions import lazy_gettext as _l
from intranet.notifications import kinds
from intranet.notifications.service import holders, notify
from intranet.text import nfc

DEFAULT_NOTICE_DAYS = 10  # công khai: 10 working days is the school's usual, set per meeting
PLACE_MAX, COMMENT_MAX, HANDLING_MAX = 200, 4000, 4000
TALLY_MAX = 1000

kinds.register(
    kinds.Kind("council_notice", _l("Danh sách Hội đồng TĐKT đề nghị khen thưởng công khai")),
    kinds.Kind("council_comment", _l("Ý kiến về danh sách công khai"), (Role.SECRETARIAT,)),
)


class CouncilError(RuleBroken):
    """A rule of the council's work was broken; the message says which."""


def _year(year) -> int:
    this = clock.today().year
    if not isinstance(year, int) or not this - 5 <= year <= this + 1:
        raise CouncilError(_("Năm không hợp lệ: %(y)s.", y=year))
    return year


# Members -------------------------------------------------------------------------------------


def members(year: int) -> list[CouncilMember]:
    rows = db.session.execute(
        select(CouncilMember).where(CouncilMember.year == year).join(CouncilMember.user)
    ).scalars()
    return sorted(rows, key=lambda m: (SEAT_ORDER[m.seat], m.user.full_name))


def add_member(user: User, year: int, person_id: int, seat: str) -> CouncilMember:
    """The secretariat adds a person to the council of ``year``: one chair, one secretary."""
    policy.require(user, "create", CouncilMember)
    year = _year(year)
    person = db.session.get(User, person_id) if isinstance(person_id, int) else None
    if person is None or not person.active:
        raise CouncilError(_("Hãy chọn một cán bộ đang làm việc."))
    try:
        seat = Seat(seat)
    except ValueError as exc:
        raise CouncilError(_("Hãy chọn vị trí trong Hội đồng.")) from exc
    current = members(year)
    if any(m.user_id == person.id for m in current):
        raise CouncilError(
            _("%(n)s đã là thành viên Hội đồng năm %(y)d.", n=person.full_name, y=year)
        )
    if seat != Seat.MEMBER and any(m.seat == seat for m in current):
        raise CouncilError(_("Hội đồng năm %(y)d đã có %(s)s.", y=year, s=seat.label.lower()))
    with transaction():
        member = CouncilMember(year=year, user=person, seat=seat, added_by=user)
        db.session.add(member)
    return member


def remove_member(user: User, member: CouncilMember) -> None:
    policy.require(user, "edit", member)
    with transaction():
        db.session.delete(member)


def council_size(year: int) -> int:
    return db.session.execute(
        select(func.count(CouncilMember.id)).where(CouncilMember.year == year)
    ).scalar_one()


# The meeting ---------------------------------------------------------------------------------


def default_notice_days() -> int:
    return int(current_app.config.get("COUNCIL_NOTICE_DAYS", DEFAULT_NOTICE_DAYS))


def convene(user: User, year: int, held_on: date, place: str = "", notice_days=None) -> Meeting:
    """The secretariat opens a meeting of the council of ``year``."""
    policy.require(user, "create", Meeting)
    year = _year(year)
    place = nfc(place)
    days = default_notice_days() if notice_days is None else notice_days
    if not isinstance(held_on, date):
        raise CouncilError(_("Ngày họp không hợp lệ."))
    if len(place) > PLACE_MAX:
        raise CouncilError(_("Địa điểm quá dài (tối đa %(n)d ký tự).", n=PLACE_MAX))
    if not isinstance(days, int) or not 1 <= days <= 60:
        raise CouncilError(_("Số ngày công khai phải từ 1 đến 60."))
    if council_size(year) == 0:
        raise CouncilError(_("Chưa có danh sách thành viên Hội đồng năm %(y)d.", y=year))
    with transaction():
        meeting = Meeting(
            year=year, held_on=held_on, place=place, notice_days=days, created_by=user
        )
        db.session.add(meeting)
    return meeting


def title_of(exemplar: Exemplar) -> CatalogueEntry | None:
    """The catalogue title the nomination proposes (its bình xét tally's, else its
    registration's: ``emulation.nominations.proposed_title``)."""
    name = proposed_title(exemplar)
    if name is None:
        return None
    return db.session.execute(
        select(CatalogueEntry).where(
            CatalogueEntry.group == Group.TITLE, CatalogueEntry.name == name
        )
    ).scalar_one_or_none()


def candidates(year: int) -> list[tuple[Exemplar, CatalogueEntry | None]]:
    """The endorsed nominations of ``year`` on no meeting's agenda yet, with their title."""
    on_agenda = select(AgendaItem.exemplar_id)
    rows = db.session.execute(
        select(Exemplar)
        .where(
            Exemplar.stage == Stage.ENDORSED,
            Exemplar.year == year,
            Exemplar.id.not_in(on_agenda),
        )
        .order_by(Exemplar.name)
    ).scalars()
    return [(e, title_of(e)) for e in rows]


def build_agenda(user: User, meeting: Meeting) -> int:
    """Put the endorsed nominations of the meeting's year on its agenda, grouped by title (in
    the catalogue's order); those without a title are left out. Returns how many were added."""
    policy.require(user, "edit", meeting)
    found = [(e, t) for e, t in candidates(meeting.year) if t is not None]
    found.sort(key=lambda p: (p[1].position, p[1].name, p[0].name))
    with transaction():
        start = max((i.position for i in meeting.items), default=-1) + 1
        for n, (exemplar, title) in enumerate(found):
            meeting.items.append(
                AgendaItem(year=meeting.year, exemplar=exemplar, title=title, position=start + n)
            )
    return len(found)


def remove_item(user: User, item: AgendaItem) -> None:
    policy.require(user, "edit", item.meeting)
    with transaction():
        db.session.delete(item)


def set_present(user: User, meeting: Meeting, user_ids: list[int]) -> None:
    """The members present: each must be a member of the council of the meeting's year."""
    policy.require(user, "edit", meeting)
    council = {m.user_id: m.user for m in members(meeting.year)}
    if any(uid not in council for uid in user_ids):
        raise CouncilError(_("Chỉ chọn thành viên Hội đồng năm %(y)d.", y=meeting.year))
    with transaction():
        meeting.present = [council[uid] for uid in dict.fromkeys(user_ids)]


def record_tally(user: User, item: AgendaItem, present, agree, disagree, invalid) -> AgendaItem:
    """The secret ballot on a candidate: present, agree, disagree, invalid votes."""
    policy.require(user, "edit", item.meeting)
    numbers = (present, agree, disagree, invalid)
    if not all(isinstance(n, int) and 0 <= n <= TALLY_MAX for n in numbers) or present < 1:
        raise CouncilError(_("Số thành viên có mặt và số phiếu phải là số nguyên không âm."))
    if agree + disagree + invalid > present:
        raise CouncilError(
            _(
                "Tổng số phiếu đồng ý, không đồng ý và không hợp lệ (%(s)d) vượt quá số thành "
                "viên có mặt (%(p)d).",
                s=agree + disagree + invalid,
                p=present,
            )
        )
    size = council_size(item.meeting.year)
    if present > size:
        raise CouncilError(
            _(
                "Số thành viên có mặt (%(p)d) vượt quá số thành viên Hội đồng (%(n)d).",
                p=present,
                n=size,
            )
        )
    with transaction():
        item.present, item.agree, item.disagree, item.invalid = numbers
    return item


def attach_scan(user: User, meeting: Meeting, upload) -> None:
    """The signed minutes, scanned, into the file store (type checked there)."""
    policy.require(user, "scan", meeting)
    if not upload or not getattr(upload, "filename", ""):
        raise CouncilError(_("Hãy chọn tệp biên bản đã ký."))
    with transaction():
        try:
            stored, name = storage.save(upload.stream, upload.filename)
        except storage.StorageError as exc:
            raise CouncilError(f"{nfc(upload.filename)}: {exc}") from exc
        meeting.minutes_file, meeting.minutes_name = stored, name


# The public notice ---------------------------------------------------------------------------


def publish_notice(user: User, meeting: Meeting) -> None:
    """Publish the passed list to all staff from today, for the meeting's number of days."""
    policy.require(user, "publish", meeting)
    if not meeting.items or any(not i.tallied for i in meeting.items):
        raise CouncilError(_("Hãy ghi kết quả bỏ phiếu của mọi ứng viên trước khi công khai."))
    if not meeting.passed:
        raise CouncilError(_("Không có ứng viên nào đạt: không có danh sách để công khai."))
    with transaction():
        meeting.notice_from = clock.today()
        for item in meeting.items:
            item.public = item.passed
        db.session.flush()
        first = meeting.passed[0]
        notify(
            "council_notice",
            _staff(),
            lambda: _(
                "Công khai danh sách Hội đồng TĐKT đề nghị khen thưởng năm %(y)d, đến hết ngày "
                "%(d)s: bạn có thể gửi ý kiến.",
                y=meeting.year,
                d=meeting.notice_until.strftime("%d/%m/%Y"),
            ),
            key=f"council:{meeting.id}:notice",
            url=f"/council/notices/{meeting.id}",
            record=first,
            actor=user,
        )


def _staff() -> list[User]:
    return list(db.session.execute(select(User).where(User.active.is_(True))).scalars())


def comment(user: User, item: AgendaItem, body: str) -> NoticeComment:
    """A member of staff comments on a candidate of the notice, while it lasts."""
    policy.require(user, "comment", item)
    body = nfc(body)
    if not body:
        raise CouncilError(_("Hãy ghi nội dung ý kiến."))
    if len(body) > COMMENT_MAX:
        raise CouncilError(_("Ý kiến quá dài (tối đa %(n)d ký tự).", n=COMMENT_MAX))
    with transaction():
        sent = NoticeComment(
            meeting=item.meeting, item=item, year=item.year, author=user, body=body
        )
        db.session.add(sent)
        db.session.flush()
        notify(
            "council_comment",
            holders(Role.SECRETARIAT),
            lambda: _("Có ý kiến về %(n)s trong danh sách công khai.", n=item.exemplar.name),
            key=f"council-comment:{sent.id}",
            url=f"/council/notices/{item.meeting_id}",
            record=sent,
            actor=user,
        )
    return sent


def handle(user: User, sent: NoticeComment, handling: str) -> None:
    """The secretariat records how a comment was handled."""
    policy.require(user, "handle", sent)
    handling = nfc(handling)
    if not handling:
        raise CouncilError(_("Hãy ghi cách xử lý ý kiến."))
    if len(handling) > HANDLING_MAX:
        raise CouncilError(_("Nội dung xử lý quá dài (tối đa %(n)d ký tự).", n=HANDLING_MAX))
    with transaction():
        sent.handling, sent.handled_by, sent.handled_at = handling, user, clock.now()


def comments_for(user: User, meeting: Meeting) -> list[NoticeComment]:
    """The comments on the meeting's notice that ``user`` may read."""
    return list(
        db.session.execute(
            policy.visible(NoticeComment, user)
            .where(NoticeComment.meeting_id == meeting.id)
            .order_by(NoticeComment.id)
        ).scalars()
    )


# The decision --------------------------------------------------------------------------------


@dataclass
class Drafted:
    document_id: int
    lines: int


def draft_decision(user: User, meeting: Meeting) -> Drafted:
    """After the notice has closed: a draft QĐ with one award line per passed candidate, in the
    agenda's order; it then goes to signature by the documents' workflow."""
    policy.require(user, "see", meeting)
    if meeting.notice_from is None:
        raise CouncilError(_("Chưa thể dự thảo quyết định: danh sách chưa được công khai."))
    if not meeting.notice_closed:
        raise CouncilError(
            _(
                "Chưa thể dự thảo quyết định: danh sách còn đang công khai đến hết ngày %(d)s.",
                d=meeting.notice_until.strftime("%d/%m/%Y"),
            )
        )
    if meeting.decision_id is not None:
        raise CouncilError(_("Quyết định của phiên họp này đã được dự thảo."))
    policy.require(user, "draft_decision", meeting)
    passed = meeting.passed
    with transaction():
        data = documents.DocumentData(
            kind=decisions.DECISION_KIND,
            number_symbol=f"{documents.UNNUMBERED_MARK}/QĐ-{documents.COLLEGE_ISSUER}",
            issued_on=clock.today(),
            summary=f"Về việc khen thưởng thành tích năm {meeting.year}",
            body=(
                f"Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng ngày "
                f"{meeting.held_on.strftime('%d/%m/%Y')} và kết quả công khai từ ngày "
                f"{meeting.notice_from.strftime('%d/%m/%Y')} đến ngày "
                f"{meeting.notice_until.strftime('%d/%m/%Y')}."
            ),
        )
        document = documents.save_document(None, data, user)
        for item in passed:
            decisions.add_award_line(
                document,
                decisions.AwardData(exemplar_id=item.exemplar_id, title_id=item.title_id),
                user,
            )
        meeting.decision = document
    return Drafted(document.id, len(passed))
