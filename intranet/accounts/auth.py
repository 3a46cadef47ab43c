"""Sign-in, sign-out, the profile page (password, language, API tokens) and the language switch."""

from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from intranet import audit, clock
from intranet.accounts import bp, services, tokens
from intranet.accounts.forms import LanguageForm, LoginForm, PasswordForm, TokenForm
from intranet.domain import NotFound
from intranet.extensions import gettext as _
from intranet.extensions import limiter, login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = None  # the login page says it itself
login_manager.session_protection = None  # our sign-in rows do this, without dropping mobile users
login_manager.user_loader(services.load_session)


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the home page (no open redirect)."""
    fallback = url_for("main.home")
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if any(ord(c) < 32 for c in target) or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def _account_key() -> str:
    return "account:" + services.normalize_username(request.form.get("username", ""))


def _failed(response) -> bool:
    # Only failed attempts count towards the throttles: a success redirects, and an attempt the
    # throttle refused (429) checked no password (nor may it lock the account from a bad address).
    # The counters are shared by every worker (intranet.throttle: the database, or Redis).
    return response.status_code not in (302, 429)


def _address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            session.clear()  # a new session: nothing from before sign-in is carried over
            services.start_session(user, request.remote_addr, request.user_agent.string)
            login_user(user)
            session.permanent = True
            audit.record("sign_in", "user", user.id, f"Đăng nhập: {user.username}")
            flash(_("Xin chào %(name)s.", name=user.full_name), "success")
            return redirect(target)
        form.form_errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        attempted = services.normalize_username(form.username.data)[:64]
        audit.record(
            "sign_in_failed",
            "user",
            None,
            f"Đăng nhập không thành công với tên đăng nhập «{attempted}»",
            {"username": (None, attempted)},
        )
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    audit.record("sign_out", "user", current_user.id, f"Đăng xuất: {current_user.username}")
    services.end_session(current_user.session_key)
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_locale(current_user, form.locale.data)
        session["locale"] = form.locale.data
    return redirect(safe_next(request.form.get("next")))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("Mật khẩu hiện tại không đúng."))
        else:
            services.set_password(current_user, form.new.data, keep=current_user.session_key)
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(form=form)


def _profile_page(form=None, token_form=None, new_secret=None, status=200):
    return render_template(
        "accounts/profile.html",
        form=form or PasswordForm(formdata=None),
        language_form=LanguageForm(locale=current_user.locale),
        token_form=token_form or TokenForm(formdata=None),
        api_tokens=tokens.user_tokens(current_user),
        new_secret=new_secret,
        now=clock.now(),
    ), status


@bp.post("/profile/tokens")
@login_required
def create_token():
    """A new API token, shown on this one response and never again (no redirect keeps it)."""
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _token, secret = tokens.create_token(current_user, form.name.data, form.days.data)
        except services.AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            response, _status = _profile_page(new_secret=secret)
            return response, 200, {"Cache-Control": "no-store"}
    return _profile_page(token_form=form, status=422)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    token = tokens.get_own_token(current_user, token_id)
    if token is None:
        raise NotFound(kind="api_token", record_id=token_id)
    tokens.revoke_token(token)
    flash(_("Đã thu hồi mã truy cập %(n)s.", n=token.name), "success")
    return redirect(url_for("auth.profile"))
