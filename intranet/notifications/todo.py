"""Việc của tôi: what waits for a person, with counts and links, on the home page of every role.

Each list is a provider (``user -> [Item]``), counted under the record's own rule
(``policy.visible``) so that nobody is told of records they may not open. Areas add theirs with
``@provider``; the emulation year's (registrations to confirm, evaluations due) is below, behind
a guard until that area is installed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from intranet import clock, policy
from intranet.accounts.permissions import heads_unit, publishes
from intranet.documents import queries as document_queries
from intranet.documents.models import Document, DocumentRead, Status
from intranet.exemplars.models import Evidence, Exemplar, Review, Stage
from intranet.extensions import db, ngettext
from intranet.extensions import gettext as _
from intranet.supervision import reports, rules
from intranet.supervision.models import ReportState

# An issued document waits to be read for this long; older ones are the archive.
TO_READ_DAYS = 180


@dataclass
class Item:
    label: str
    count: int
    url: str
    detail: str = ""  # "còn 15 ngày"
    urgent: bool = False
    entries: list[tuple[str, str]] = field(default_factory=list)  # (label, url), the first few


Provider = Callable[..., list[Item]]
PROVIDERS: list[Provider] = []


def provider(function: Provider) -> Provider:
    PROVIDERS.append(function)
    return function


def items(user) -> list[Item]:
    """What waits for ``user``, in the providers' order; only the lists with something in them."""
    if not user.is_authenticated:
        return []
    return [item for make in PROVIDERS for item in make(user) if item.count]


def _count(query) -> int:
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar() or 0


# -- nominations and evidence --------------------------------------------------------------------
def _evidence_waiting(user, stage: Stage, unit_id: int | None = None):
    query = (
        policy.visible(Evidence, user)
        .join(Exemplar, Evidence.exemplar_id == Exemplar.id)
        .where(Evidence.review == Review.PENDING, Exemplar.stage == stage)
    )
    return query.where(Exemplar.unit_id == unit_id) if unit_id is not None else query


def _nominations(user, stage: Stage, unit_id: int | None = None):
    query = policy.visible(Exemplar, user).where(Exemplar.stage == stage)
    return query.where(Exemplar.unit_id == unit_id) if unit_id is not None else query


@provider
def nominations(user) -> list[Item]:
    found = []
    mine = _count(_nominations(user, Stage.RETURNED).where(Exemplar.owner_id == user.id))
    found.append(
        Item(
            _("Đề xuất bị trả lại, cần bổ sung"),
            mine,
            "/exemplars/?queue=mine&stage=returned",
            urgent=True,
        )
    )
    if heads_unit(user, user.unit_id):
        unit = user.unit_id
        found += [
            Item(
                _("Minh chứng chờ xem xét"),
                _count(_evidence_waiting(user, Stage.SUBMITTED, unit)),
                "/exemplars/?queue=unit&stage=submitted",
            ),
            Item(
                _("Đề xuất chờ đơn vị xác nhận"),
                _count(_nominations(user, Stage.SUBMITTED, unit)),
                "/exemplars/?queue=unit&stage=submitted",
            ),
        ]
    if publishes(user):
        found += [
            Item(
                _("Minh chứng của hồ sơ đơn vị đã xác nhận, chờ xem xét"),
                _count(_evidence_waiting(user, Stage.ENDORSED)),
                "/exemplars/?queue=school&stage=endorsed",
            ),
            Item(
                _("Đề xuất chờ công nhận"),
                _count(_nominations(user, Stage.ENDORSED)),
                "/exemplars/?queue=school&stage=endorsed",
            ),
            Item(
                _("Điển hình đã công nhận, chờ tuyên truyền"),
                _count(_nominations(user, Stage.RECOGNISED)),
                "/exemplars/?queue=school&stage=recognised",
            ),
        ]
    return found


# -- reports -------------------------------------------------------------------------------------
_OPEN = (ReportState.NOT_YET_DUE, ReportState.DUE_SOON, ReportState.MISSING, ReportState.RETURNED)


@provider
def annual_report(user) -> list[Item]:
    """The head's unit report of this year, while it is to be (re)submitted, with the days."""
    if not heads_unit(user, user.unit_id):
        return []
    year = rules.today().year
    due = rules.deadline(year)
    if due is None:
        return []
    state, days = rules.report_state(reports.get(user.unit_id, year), due, rules.today())
    if state not in _OPEN:
        return []
    if state == ReportState.MISSING:
        detail = ngettext("quá hạn %(num)d ngày", "quá hạn %(num)d ngày", days)
    elif state == ReportState.RETURNED:
        detail = _("bị trả lại để sửa")
    else:
        detail = ngettext("còn %(num)d ngày", "còn %(num)d ngày", days)
    return [
        Item(
            _(
                "Báo cáo thi đua năm %(y)d của đơn vị (hạn %(d)s)",
                y=year,
                d=due.strftime("%d/%m/%Y"),
            ),
            1,
            "/supervision/reports",
            detail=detail,
            urgent=state in (ReportState.MISSING, ReportState.RETURNED, ReportState.DUE_SOON),
        )
    ]


@provider
def missing_reports(user) -> list[Item]:
    """For the secretariat: the units whose report of this year is overdue."""
    if not publishes(user):
        return []
    year = rules.today().year
    from intranet.supervision import queries as supervision_queries

    rows = supervision_queries.report_rows(user, year)
    late = sum(1 for row in rows if row.state == ReportState.MISSING)
    return [Item(_("Đơn vị chưa nộp báo cáo năm, đã quá hạn"), late, "/supervision/", urgent=True)]


# -- documents -----------------------------------------------------------------------------------
def to_read(user):
    """Issued documents in force for ``user``'s eyes, recent, not yet marked read (a select)."""
    since = clock.today() - timedelta(days=TO_READ_DAYS)
    read = select(DocumentRead.document_id).where(DocumentRead.user_id == user.id)
    return policy.visible(Document, user).where(
        Document.status == Status.PUBLISHED,
        Document.issued_on >= since,
        Document.id.not_in(read),
    )


@provider
def documents(user) -> list[Item]:
    found = []
    unread = to_read(user)
    count = _count(unread)
    if count:
        newest = db.session.execute(
            unread.order_by(Document.issued_on.desc(), Document.id.desc()).limit(5)
        ).scalars()
        found.append(
            Item(
                _("Văn bản cần đọc"),
                count,
                "/documents/",
                entries=[(f"{d.symbol} {d.summary}", f"/documents/{d.id}") for d in newest],
            )
        )
    found.append(
        Item(
            _("Văn bản chờ ký"),
            document_queries.awaiting_signature(user),
            "/documents/?status=submitted",
            urgent=True,
        )
    )
    if publishes(user):
        signed = policy.visible(Document, user).where(Document.status == Status.SIGNED)
        found.append(
            Item(_("Văn bản đã ký, chờ ban hành"), _count(signed), "/documents/?status=signed")
        )
    return found


# -- the emulation year --------------------------------------------------------------------------
def _quarter_end(day):
    quarter = (day.month - 1) // 3 + 1
    last_month = quarter * 3
    first_next = (
        day.replace(year=day.year + 1, month=1, day=1)
        if last_month == 12
        else day.replace(month=last_month + 1, day=1)
    )
    return quarter, first_next - timedelta(days=1)


@provider
def emulation_year(user) -> list[Item]:
    """A unit head's registrations to confirm and the quarter's evaluation not yet recorded."""
    try:
        from intranet.emulation import queries as emulation_queries
    except ImportError:  # the emulation area is not installed
        return []
    if not heads_unit(user, user.unit_id):
        return []
    today = clock.today()
    quarter, end = _quarter_end(today)
    # Next year's too: people register in the last weeks of the year before.
    waiting = {y: len(emulation_queries.pending(user, y)) for y in (today.year, today.year + 1)}
    first = min((y for y, n in waiting.items() if n), default=today.year)
    found = [
        Item(
            _("Đăng ký thi đua chờ xác nhận"),
            sum(waiting.values()),
            f"/thi-dua/dang-ky?year={first}",
        )
    ]
    if emulation_queries.round_of(user, today.year, quarter) is None:
        left = (end - today).days
        found.append(
            Item(
                _("Đánh giá thi đua quý %(q)d/%(y)d của đơn vị", q=quarter, y=today.year),
                1,
                f"/thi-dua/danh-gia/{today.year}/{quarter}",
                detail=ngettext("còn %(num)d ngày", "còn %(num)d ngày", left),
                urgent=left <= 15,
            )
        )
    return found
