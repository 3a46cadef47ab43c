"""The "Thông báo" page, marking all read, and the choice of e-mails.

The page's first address was /supervision/notifications; it answers there still (links in
e-mails and bookmarks).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.forms import FlaskForm
from intranet.notifications import bp, kinds, queries, service


@bp.get("/notifications/")
@bp.get("/supervision/notifications")
@login_required
def page():
    rows = db.session.execute(queries.notifications(current_user)).scalars().all()
    return render_template("notifications/list.html", rows=rows)


@bp.post("/notifications/read")
@bp.post("/supervision/notifications/read")
@login_required
def read_all():
    service.mark_read(current_user)
    return redirect(url_for("notifications.page"))


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        service.choose_mail(current_user, request.form.getlist("email"))
        flash(_("Đã lưu lựa chọn nhận thư điện tử."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template(
        "notifications/preferences.html",
        form=form,
        offered=kinds.offered_to(current_user),
        choices=service.mail_choices(current_user),
        mail_on=service.mail_configured(),
    )
