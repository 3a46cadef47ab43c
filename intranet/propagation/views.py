"""Pages of propagation: an exemplar's activities and adoptions, a unit's adoptions, stories
with photos, the article export and the Atom feed of published stories."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from intranet import clock, policy, storage
from intranet.accounts.models import Unit
from intranet.accounts.permissions import publishes
from intranet.domain import NotFound, RuleBroken
from intranet.exemplars import access as exemplar_access
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.propagation import board, bp, feed, queries, services
from intranet.propagation.forms import ActivityForm, AdoptionForm, PhotoForm, StoryForm
from intranet.propagation.models import Activity, Photo, Story, StoryStatus


def _units() -> list[tuple[int, str]]:
    rows = db.session.execute(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name))
    return [(u.id, u.name) for u in rows.scalars()]


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        flash(" ".join(str(e) for e in errors), "danger")


@bp.get("/")
@login_required
def index():
    """Published stories for everyone; one's drafts and those waiting review beside them."""
    stories = queries.stories(current_user)
    return render_template(
        "propagation/index.html",
        published=[s for s in stories if s.status == StoryStatus.PUBLISHED],
        pending=[s for s in stories if s.status != StoryStatus.PUBLISHED],
    )


@bp.get("/exemplar/<int:exemplar_id>")
@login_required
def exemplar_page(exemplar_id: int):
    exemplar = exemplar_access.get_visible_or_404(exemplar_id, current_user)
    adoption = AdoptionForm()
    adoption.unit_id.choices = _units()
    return render_template(
        "propagation/exemplar.html",
        exemplar=exemplar,
        activities=queries.activities_of(exemplar.id),
        adoptions=queries.adoptions_of(exemplar.id),
        stories=queries.stories(current_user, exemplar_id=exemplar.id),
        adoption_form=adoption,
        may_choose_unit=publishes(current_user),
    )


@bp.route("/exemplar/<int:exemplar_id>/activities/new", methods=["GET", "POST"])
@login_required
def activity_new(exemplar_id: int):
    exemplar = exemplar_access.get_visible_or_404(exemplar_id, current_user)
    policy.require(current_user, "propagate", exemplar)
    form = ActivityForm()
    form.unit_id.choices = _units()
    if request.method == "GET":
        form.unit_id.data, form.held_on.data = current_user.unit_id, clock.today()
    if form.validate_on_submit():
        data = services.ActivityData(
            channel=form.channel.data,
            held_on=form.held_on.data,
            audience=form.audience.data,
            unit_id=form.unit_id.data,
            link=form.link.data or "",
            reach=form.reach.data,
        )
        try:
            services.record_activity(exemplar, data, current_user, request.files.get("file"))
        except RuleBroken as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Đã ghi nhận hoạt động tuyên truyền."), "success")
            return redirect(url_for("propagation.exemplar_page", exemplar_id=exemplar.id))
    status = 422 if request.method == "POST" else 200
    return render_template("propagation/activity_form.html", form=form, exemplar=exemplar), status


@bp.get("/activities/<int:activity_id>/file")
@login_required
def activity_file(activity_id: int):
    activity = policy.get_or_404(Activity, activity_id, current_user)
    if activity.stored is None:
        raise NotFound(kind="propagation_activity", record_id=activity_id)
    return storage.send(activity.stored, activity.original_name)


@bp.post("/exemplar/<int:exemplar_id>/adoptions")
@login_required
def adoption_new(exemplar_id: int):
    exemplar = exemplar_access.get_visible_or_404(exemplar_id, current_user)
    form = AdoptionForm()
    form.unit_id.choices = _units()
    if form.validate_on_submit():
        try:
            services.record_adoption(
                exemplar,
                current_user,
                form.practice.data,
                form.adopted_on.data,
                form.result.data or "",
                unit_id=form.unit_id.data,
            )
        except RuleBroken as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Đã ghi nhận việc nhân rộng điển hình."), "success")
    else:
        _flash_errors(form)
    return redirect(url_for("propagation.exemplar_page", exemplar_id=exemplar.id))


@bp.get("/exemplar/<int:exemplar_id>/certificate.pdf")
@login_required
def certificate(exemplar_id: int):
    """A printable certificate of an exemplar on the honour board."""
    exemplar = exemplar_access.get_visible_or_404(exemplar_id, current_user)
    policy.require(current_user, "certificate", exemplar)
    response = Response(board.certificate(exemplar), mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=giay-chung-nhan-{exemplar.id}.pdf"
    )
    return response


@bp.get("/unit/<int:unit_id>/adoptions")
@login_required
def unit_adoptions(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    return render_template(
        "propagation/unit_adoptions.html",
        unit=unit,
        adoptions=queries.adoptions_by_unit(unit.id, current_user),
    )


# Stories --------------------------------------------------------------------------------------


@bp.route("/exemplar/<int:exemplar_id>/stories/new", methods=["GET", "POST"])
@login_required
def story_new(exemplar_id: int):
    exemplar = exemplar_access.get_visible_or_404(exemplar_id, current_user)
    policy.require(current_user, "propagate", exemplar)
    form = StoryForm()
    if form.validate_on_submit():
        try:
            story = services.save_story(
                None, exemplar, current_user, form.title.data, form.body.data
            )
        except RuleBroken as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Đã lưu bài viết. Hãy thêm ảnh rồi gửi duyệt."), "success")
            return redirect(url_for("propagation.story_edit", story_id=story.id))
    status = 422 if request.method == "POST" else 200
    return render_template("propagation/story_form.html", form=form, exemplar=exemplar), status


@bp.route("/stories/<int:story_id>/edit", methods=["GET", "POST"])
@login_required
def story_edit(story_id: int):
    story = policy.get_or_404(Story, story_id, current_user)
    policy.require(current_user, "edit", story)
    form = StoryForm(obj=story)
    if form.validate_on_submit():
        try:
            services.save_story(
                story, story.exemplar, current_user, form.title.data, form.body.data
            )
        except RuleBroken as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Đã lưu bài viết."), "success")
            return redirect(url_for("propagation.story_edit", story_id=story.id))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "propagation/story_form.html",
        form=form,
        exemplar=story.exemplar,
        story=story,
        photo_form=PhotoForm(),
    ), status


@bp.post("/stories/<int:story_id>/photos")
@login_required
def photo_add(story_id: int):
    story = policy.get_or_404(Story, story_id, current_user)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            services.add_photo(story, request.files.get("photo"), current_user, form.caption.data)
        except RuleBroken as exc:
            flash(str(exc), "danger")
        else:
            flash(_("Đã thêm ảnh."), "success")
    else:
        _flash_errors(form)
    return redirect(url_for("propagation.story_edit", story_id=story.id))


@bp.post("/stories/<int:story_id>/<any(submit, publish):step>")
@login_required
def story_step(story_id: int, step: str):
    story = policy.get_or_404(Story, story_id, current_user)
    if step == "submit":
        services.submit_story(story, current_user)
        flash(_("Đã gửi bài viết để duyệt."), "success")
    else:
        services.publish_story(story, current_user)
        flash(_("Đã đăng bài viết cho toàn thể cán bộ."), "success")
    return redirect(url_for("propagation.story_detail", story_id=story.id))


@bp.get("/stories/<int:story_id>")
@login_required
def story_detail(story_id: int):
    story = policy.get_or_404(Story, story_id, current_user)
    return render_template("propagation/story.html", story=story, awards=feed.awards(story))


@bp.get("/stories/<int:story_id>/article.html")
@login_required
def story_article(story_id: int):
    """The story as an article for the school's website: one HTML file, its pictures inside."""
    story = policy.get_or_404(Story, story_id, current_user)
    if story.status != StoryStatus.PUBLISHED:
        raise NotFound(kind="propagation_story", record_id=story_id)
    html = feed.article(story)
    response = Response(html, mimetype="text/html")
    response.headers["Content-Disposition"] = f"attachment; filename=bai-viet-{story.id}.html"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/stories.atom")
@login_required
def stories_atom():
    """The Atom feed of published stories (never a draft, whoever asks)."""
    body = feed.atom(queries.stories(current_user, status=StoryStatus.PUBLISHED))
    response = Response(body, mimetype="application/atom+xml")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/photos/<int:photo_id>")
@bp.get("/photos/<int:photo_id>/<int:width>")
@login_required
def photo(photo_id: int, width: int = 0):
    """A story's photo, inline: checked as an image when uploaded, its Content-Type from that
    check, sandboxed and nosniff (``storage.send``); a size made by the worker when asked."""
    found = db.session.execute(
        select(Photo)
        .join(Story)
        .where(Photo.id == photo_id, policy.rule_of(Story).condition(current_user))
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(kind="propagation_photo", record_id=photo_id)
    stored = found.best(width) if width else found.stored
    return storage.send(stored, found.original_name, preview=True)
