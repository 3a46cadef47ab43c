"""Admin pages: manage units and users. Only the admin role may enter."""

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from intranet import health
from intranet.accounts import admin_bp as bp
from intranet.accounts import services
from intranet.accounts.forms import UnitForm, UserForm
from intranet.accounts.models import Role, Unit, User
from intranet.accounts.permissions import CAN_MANAGE_ACCOUNTS, role_required
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.text import nfc


@bp.before_request
@role_required(*CAN_MANAGE_ACCOUNTS)
def _only_admins():
    """Every page of this blueprint is the admin's."""


def _unit_choices():
    units = db.session.execute(select(Unit).order_by(Unit.name)).scalars()
    return [(u.id, f"{u.name} ({u.code})") for u in units]


@bp.get("/")
def index():
    return redirect(url_for("admin.users"))


@bp.get("/users")
def users():
    q = nfc(request.args.get("q", ""))[:100]
    query = select(User).join(User.unit).order_by(Unit.name, User.full_name)
    if q:
        like = f"%{q}%"
        query = query.where(or_(User.username.ilike(like), User.full_name.ilike(like)))
    rows = db.session.execute(query).scalars().all()
    # The admin sees the last daily self-check and the last nightly backup, as the core keeps them.
    return render_template(
        "admin/users.html",
        users=rows,
        q=q,
        last_check=health.last_check(),
        backups=health.last_backup(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = UserForm(roles=[Role.STAFF.value])
    form.unit_id.choices = _unit_choices()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.username.data,
                form.full_name.data,
                db.get_or_404(Unit, form.unit_id.data),
                form.roles.data,
                form.password.data or "",
                email=form.email.data,
                active=form.active.data,
            )
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã thêm người dùng %(u)s.", u=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    form.unit_id.choices = _unit_choices()
    if request.method == "GET":
        form.roles.data = [r.value for r in user.roles]
    if form.validate_on_submit():
        try:
            services.update_user(
                user,
                full_name=form.full_name.data,
                unit=db.get_or_404(Unit, form.unit_id.data),
                roles=form.roles.data,
                active=form.active.data,
                email=form.email.data,
                password=form.password.data or None,
            )
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu người dùng %(u)s.", u=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.get("/units")
def units():
    rows = db.session.execute(select(Unit).order_by(Unit.name)).scalars().all()
    return render_template("admin/units.html", units=rows)


@bp.route("/units/new", methods=["GET", "POST"])
@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def unit_edit(unit_id: int | None = None):
    unit = db.get_or_404(Unit, unit_id) if unit_id else None
    form = UnitForm(obj=unit)
    if form.validate_on_submit():
        try:
            unit = services.save_unit(unit, form.code.data, form.name.data, form.active.data)
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Đã lưu đơn vị %(code)s.", code=unit.code), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=unit)
