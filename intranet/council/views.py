"""Pages of the council: members, meetings (agenda, members present, tallies, minutes), the
public notice with its comments, and the decision drafted from the passed list.

Views are thin: the rules are ``access.py``'s (through ``policy`` and the services), the writes
``services.py``'s; a refusal is shown on the page it came from, with 422.
"""

import io
from itertools import groupby

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from intranet import audit, clock, paper, policy, storage
from intranet.accounts.models import User
from intranet.council import bp, exports, services
from intranet.council.forms import (
    CommentForm,
    HandleForm,
    MeetingForm,
    MemberForm,
    ScanForm,
    TallyForm,
)
from intranet.council.models import AgendaItem, CouncilMember, Meeting, NoticeComment
from intranet.council.services import CouncilError
from intranet.domain import NotFound
from intranet.eligibility import Candidate, check_candidates
from intranet.extensions import db
from intranet.extensions import gettext as _


def _year() -> int:
    year = request.args.get("year", type=int)
    this = clock.today().year
    return year if year and this - 5 <= year <= this + 1 else this


def eligibility(items: list[AgendaItem]) -> dict:
    """The eligibility area's verdict on each candidate for its agenda line's title, in a
    constant number of queries whatever the agenda's length."""
    candidates = [
        Candidate(
            subject=item.exemplar.subject,
            name=item.exemplar.name,
            unit_id=item.exemplar.unit_id,
            year=item.exemplar.year,
            title_id=item.title_id,
            person_id=item.exemplar.person_id,
            exemplar=item.exemplar,
        )
        for item in items
    ]
    return {
        item.id: verdict for item, verdict in zip(items, check_candidates(candidates), strict=True)
    }


@bp.get("/")
@login_required
def index():
    meetings = db.session.execute(
        policy.visible(Meeting, current_user).order_by(Meeting.held_on.desc(), Meeting.id.desc())
    ).scalars()
    notices = db.session.execute(
        select(Meeting)
        .where(Meeting.notice_from.is_not(None))
        .where(Meeting.id.in_(select(AgendaItem.meeting_id).where(AgendaItem.public.is_(True))))
        .order_by(Meeting.notice_from.desc())
        .limit(20)
    ).scalars()
    return render_template(
        "council/index.html", meetings=list(meetings), notices=list(notices), Meeting=Meeting
    )


# Members -------------------------------------------------------------------------------------


@bp.route("/members", methods=["GET", "POST"])
@login_required
def members():
    year = request.args.get("year", type=int) or clock.today().year
    form = MemberForm()
    keeps = policy.may(current_user, "create", CouncilMember)
    if keeps:
        people = db.session.execute(
            select(User).where(User.active.is_(True)).order_by(User.full_name)
        ).scalars()
        form.person_id.choices = [(u.id, f"{u.full_name} ({u.unit.code})") for u in people]
    status = 200
    if request.method == "POST":
        policy.require(current_user, "create", CouncilMember)
        if form.validate_on_submit():
            try:
                services.add_member(current_user, year, form.person_id.data, form.seat.data)
            except CouncilError as exc:
                form.form_errors.append(str(exc))
                status = 422
            else:
                flash(_("Đã thêm thành viên Hội đồng."), "success")
                return redirect(url_for("council.members", year=year))
        else:
            status = 422
    return (
        render_template(
            "council/members.html",
            year=year,
            members=services.members(year),
            form=form,
            keeps=keeps,
        ),
        status,
    )


@bp.post("/members/<int:member_id>/delete")
@login_required
def remove_member(member_id: int):
    member = policy.get_or_404(CouncilMember, member_id, current_user)
    year = member.year
    services.remove_member(current_user, member)
    flash(_("Đã bỏ thành viên khỏi Hội đồng."), "success")
    return redirect(url_for("council.members", year=year))


# Meetings ------------------------------------------------------------------------------------


@bp.route("/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting():
    policy.require(current_user, "create", Meeting)
    form = MeetingForm()
    if request.method == "GET":
        form.year.data = clock.today().year
        form.notice_days.data = services.default_notice_days()
    status = 200
    if form.validate_on_submit():
        try:
            meeting = services.convene(
                current_user,
                form.year.data,
                form.held_on.data,
                form.place.data or "",
                form.notice_days.data,
            )
        except CouncilError as exc:
            form.form_errors.append(str(exc))
            status = 422
        else:
            flash(_("Đã tạo phiên họp. Hãy lập chương trình họp."), "success")
            return redirect(url_for("council.meeting", meeting_id=meeting.id))
    elif request.method == "POST":
        status = 422
    return render_template("council/meeting_form.html", form=form), status


def _meeting_page(meeting: Meeting, status: int = 200, error: str = ""):
    groups = [
        (title, list(items)) for title, items in groupby(meeting.items, key=lambda i: i.title)
    ]
    council = services.members(meeting.year)
    editing = policy.may(current_user, "edit", meeting)
    waiting = services.candidates(meeting.year) if editing else []
    return (
        render_template(
            "council/meeting.html",
            meeting=meeting,
            groups=groups,
            council=council,
            present_ids={u.id for u in meeting.present},
            waiting=[(e, t) for e, t in waiting if t is not None],
            untitled=[e for e, t in waiting if t is None],
            eligibility=eligibility(meeting.items),
            comments=services.comments_for(current_user, meeting),
            scan_form=ScanForm(),
            error=error,
        ),
        status,
    )


@bp.get("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    return _meeting_page(policy.get_or_404(Meeting, meeting_id, current_user))


def _act(meeting: Meeting, work, done: str):
    """Run ``work``; on a refusal, the meeting's page with the reason (422), nothing kept."""
    try:
        work()
    except CouncilError as exc:
        db.session.rollback()
        return _meeting_page(db.session.get(Meeting, meeting.id), 422, str(exc))
    flash(done, "success")
    return redirect(url_for("council.meeting", meeting_id=meeting.id))


@bp.post("/meetings/<int:meeting_id>/agenda")
@login_required
def agenda(meeting_id: int):
    meeting = policy.get_or_404(Meeting, meeting_id, current_user)
    added = services.build_agenda(current_user, meeting)
    flash(_("Đã đưa %(n)d hồ sơ vào chương trình họp.", n=added), "success")
    return redirect(url_for("council.meeting", meeting_id=meeting.id))


@bp.post("/items/<int:item_id>/delete")
@login_required
def remove_item(item_id: int):
    item = policy.get_or_404(AgendaItem, item_id, current_user)
    meeting_id = item.meeting_id
    services.remove_item(current_user, item)
    flash(_("Đã bỏ hồ sơ khỏi chương trình họp."), "success")
    return redirect(url_for("council.meeting", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/present")
@login_required
def present(meeting_id: int):
    meeting = policy.get_or_404(Meeting, meeting_id, current_user)
    ids = [int(v) for v in request.form.getlist("present") if v.isdigit() and len(v) < 10]
    return _act(
        meeting,
        lambda: services.set_present(current_user, meeting, ids),
        _("Đã ghi thành phần dự họp."),
    )


@bp.post("/items/<int:item_id>/tally")
@login_required
def tally(item_id: int):
    item = policy.get_or_404(AgendaItem, item_id, current_user)
    meeting = item.meeting
    policy.require(current_user, "edit", meeting)
    form = TallyForm()
    if not form.validate_on_submit():
        errors = [e for f in form for e in f.errors] or [_("Dữ liệu gửi lên không hợp lệ.")]
        return _meeting_page(meeting, 422, str(errors[0]))
    return _act(
        meeting,
        lambda: services.record_tally(
            current_user,
            item,
            form.present.data,
            form.agree.data,
            form.disagree.data,
            form.invalid.data,
        ),
        _("Đã ghi kết quả bỏ phiếu của %(n)s.", n=item.exemplar.name),
    )


@bp.get("/meetings/<int:meeting_id>/minutes.<fmt>")
@login_required
def minutes(meeting_id: int, fmt: str):
    from intranet.paper import pdf, word

    if fmt not in ("pdf", "docx"):
        raise NotFound()
    meeting = policy.get_or_404(Meeting, meeting_id, current_user)
    sheet = exports.minutes(meeting, services.members(meeting.year))
    data = pdf.render(sheet) if fmt == "pdf" else word.render(sheet)
    return send_file(
        io.BytesIO(data),
        mimetype=paper.PDF if fmt == "pdf" else paper.DOCX,
        as_attachment=True,
        download_name=f"bien-ban-hop-hoi-dong-{meeting.held_on.isoformat()}.{fmt}",
        max_age=0,
    )


@bp.post("/meetings/<int:meeting_id>/scan")
@login_required
def scan(meeting_id: int):
    meeting = policy.get_or_404(Meeting, meeting_id, current_user)
    form = ScanForm()
    if not form.validate_on_submit():
        return _meeting_page(meeting, 422, _("Dữ liệu gửi lên không hợp lệ."))
    return _act(
        meeting,
        lambda: services.attach_scan(current_user, meeting, form.scan.data),
        _("Đã lưu biên bản đã ký."),
    )


@bp.get("/meetings/<int:meeting_id>/scan")
@login_required
def scan_download(meeting_id: int):
    meeting = policy.get_or_404(Meeting, meeting_id, current_user)
    if meeting.minutes_file is None:
        raise NotFound()
    audit.record("download", "meeting", meeting.id, f"Tải biên bản {meeting.minutes_name}")
    return storage.send(meeting.minutes_file, meeting.minutes_name)


@bp.post("/meetings/<int:meeting_id>/publish")
@login_required
def publish(meeting_id: int):
    meeting = policy.get_or_404(Meeting, meeting_id, current_user)
    return _act(
        meeting,
        lambda: services.publish_notice(current_user, meeting),
        _("Đã công khai danh sách đến toàn thể cán bộ."),
    )


@bp.post("/meetings/<int:meeting_id>/decision")
@login_required
def decision(meeting_id: int):
    meeting = policy.get_or_404(Meeting, meeting_id, current_user)
    try:
        drafted = services.draft_decision(current_user, meeting)
    except CouncilError as exc:
        db.session.rollback()
        return _meeting_page(db.session.get(Meeting, meeting.id), 422, str(exc))
    flash(
        _("Đã dự thảo quyết định với %(n)d dòng khen thưởng; hãy trình ký.", n=drafted.lines),
        "success",
    )
    return redirect(url_for("exemplars.decision", document_id=drafted.document_id))


# The public notice ---------------------------------------------------------------------------


def _notice_items(meeting_id: int) -> list[AgendaItem]:
    return list(
        db.session.execute(
            policy.visible(AgendaItem, current_user)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.public.is_(True))
            .order_by(AgendaItem.position)
        ).scalars()
    )


def _notice_page(meeting_id: int, status: int = 200, form=None, item_id=None):
    items = _notice_items(meeting_id)
    if not items:
        raise NotFound(kind="meeting", record_id=meeting_id)
    meeting = items[0].meeting
    comments = services.comments_for(current_user, meeting)
    return (
        render_template(
            "council/notice.html",
            meeting=meeting,
            items=items,
            by_item={i.id: [c for c in comments if c.item_id == i.id] for i in items},
            form=form or CommentForm(),
            failed_item=item_id,
            handle_form=HandleForm(),
        ),
        status,
    )


@bp.get("/notices/<int:meeting_id>")
@login_required
def notice(meeting_id: int):
    return _notice_page(meeting_id)


@bp.post("/items/<int:item_id>/comment")
@login_required
def send_comment(item_id: int):
    item = policy.get_or_404(AgendaItem, item_id, current_user)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.comment(current_user, item, form.body.data)
        except CouncilError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã gửi ý kiến đến Thường trực Hội đồng."), "success")
            return redirect(url_for("council.notice", meeting_id=item.meeting_id))
    return _notice_page(item.meeting_id, 422, form, item.id)


@bp.get("/comments/<int:comment_id>")
@login_required
def comment(comment_id: int):
    sent = policy.get_or_404(NoticeComment, comment_id, current_user)
    return render_template("council/comment.html", comment=sent, form=HandleForm())


@bp.post("/comments/<int:comment_id>/handle")
@login_required
def handle(comment_id: int):
    sent = policy.get_or_404(NoticeComment, comment_id, current_user)
    form = HandleForm()
    if form.validate_on_submit():
        try:
            services.handle(current_user, sent, form.handling.data)
        except CouncilError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã ghi cách xử lý ý kiến."), "success")
            return redirect(url_for("council.notice", meeting_id=sent.meeting_id))
    return render_template("council/comment.html", comment=sent, form=form), 422
