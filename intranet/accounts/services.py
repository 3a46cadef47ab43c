"""The rules for accounts, units and sign-ins; pages, CLI and demo all call these."""

import re
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash

from intranet import clock
from intranet.accounts.models import LoginSession, Role, Unit, User
from intranet.domain import RuleBroken, transaction
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.text import nfc

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
UNIT_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,19}$")
MIN_PASSWORD = 8
# Checked against when the username is unknown, so both answers take the same time.
_DUMMY_HASH = "scrypt:32768:8:1$dummysaltdummysa$" + "0" * 128


class AccountError(RuleBroken):
    """A rule was broken; the message is for the user, in their language."""


def normalize_username(raw: str) -> str:
    return nfc(raw).lower()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(_("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD))


def _check_user_fields(username: str, full_name: str, roles) -> None:
    if not USERNAME_RE.match(username):
        raise AccountError(
            _(
                "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và . _ - "
                "(2 đến 64 ký tự), ví dụ: nguyen.van.a"
            )
        )
    if not full_name:
        raise AccountError(_("Hãy nhập họ và tên."))
    if not roles:
        raise AccountError(_("Hãy chọn ít nhất một vai trò."))


def parse_roles(values) -> set[Role]:
    try:
        return {Role(v) for v in values}
    except ValueError as exc:
        raise AccountError(_("Vai trò không hợp lệ: %(v)s", v=str(exc))) from exc


def unit_by_code(code: str) -> Unit:
    unit = db.session.execute(select(Unit).filter_by(code=nfc(code).upper())).scalar_one_or_none()
    if unit is None:
        raise AccountError(_("Không có đơn vị mã %(code)s.", code=code))
    return unit


def create_user(username, full_name, unit: Unit, roles, password, email=None, active=True) -> User:
    """Add a user; raises AccountError with a message when a rule is broken."""
    username = normalize_username(username)
    full_name = nfc(full_name)
    roles = parse_roles(roles)
    _check_user_fields(username, full_name, roles)
    check_password_rules(password)
    if db.session.execute(select(User.id).filter_by(username=username)).first():
        raise AccountError(_("Tên đăng nhập %(u)s đã có người dùng.", u=username))
    with transaction():
        user = User(
            username=username,
            full_name=full_name,
            unit=unit,
            email=nfc(email) or None,
            active=active,
        )
        user.roles = roles
        user.set_password(password)
        db.session.add(user)
    return user


def update_user(
    user: User, *, full_name, unit: Unit, roles, active: bool, email=None, password=None
) -> None:
    """Change a user's details. Disabling, or a new password, ends their sessions at once."""
    full_name = nfc(full_name)
    roles = parse_roles(roles)
    _check_user_fields(user.username, full_name, roles)
    if password:
        check_password_rules(password)
    with transaction():
        if password:
            user.set_password(password)
            _end_all_sessions(user)
        user.full_name = full_name
        user.email = nfc(email) or None
        user.unit = unit
        user.roles = roles
        was_active, user.active = user.active, active
        if was_active and not active:
            _end_all_sessions(user)


def set_password(user: User, password: str, keep: str | None = None) -> None:
    """Change the password and end every sign-in of the user but ``keep`` (the caller's)."""
    check_password_rules(password)
    with transaction():
        user.set_password(password)
        _end_all_sessions(user, keep=keep)


def set_locale(user, locale: str) -> None:
    """The language of the user's pages (kept on the account when signed in)."""
    if user.is_authenticated:
        with transaction():
            user.locale = locale


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, else None: one answer for every failure."""
    user = db.session.execute(
        select(User).filter_by(username=normalize_username(username))
    ).scalar_one_or_none()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def start_session(user: User, ip_address: str | None, user_agent: str | None) -> str:
    """Record a new sign-in and return its secret key, to be kept in the session cookie."""
    key = secrets.token_urlsafe(32)
    with transaction():
        db.session.add(
            LoginSession(
                key_hash=LoginSession.hash_key(key),
                user=user,
                ip_address=(ip_address or "")[:64],
                user_agent=(user_agent or "")[:300],
            )
        )
    user.session_key = key
    return key


# Every request's sign-in, its user, the user's roles and unit (the menu bar shows the unit on
# every page) in one query, built once: SQLAlchemy then also keeps its cache key, and building
# and keying it cost more than running it.
_SIGNED_IN = (
    select(LoginSession)
    .options(
        joinedload(LoginSession.user).joinedload(User.role_rows),
        joinedload(LoginSession.user).joinedload(User.unit),
    )
    .where(LoginSession.key_hash == bindparam("key_hash"), LoginSession.ended_at.is_(None))
)


def load_session(key: str) -> User | None:
    """The user of a live sign-in, or None when it ended, expired or the user is disabled."""
    row = (
        db.session.execute(_SIGNED_IN, {"key_hash": LoginSession.hash_key(key)})
        .unique()
        .scalar_one_or_none()
    )
    if row is None or not row.user.active:
        return None
    if clock.now() - row.created_at > timedelta(seconds=_lifetime()):
        return None
    row.user.session_key = key
    return row.user


def end_session(key: str | None) -> None:
    if key:
        with transaction():
            db.session.execute(
                update(LoginSession)
                .where(LoginSession.key_hash == LoginSession.hash_key(key))
                .values(ended_at=clock.now())
            )


def _end_all_sessions(user: User, keep: str | None = None) -> None:
    query = update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    )
    if keep:
        query = query.where(LoginSession.key_hash != LoginSession.hash_key(keep))
    db.session.execute(query.values(ended_at=clock.now()))


def _lifetime() -> float:
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    return lifetime.total_seconds() if isinstance(lifetime, timedelta) else float(lifetime)


def save_unit(unit: Unit | None, code: str, name: str, active: bool = True) -> Unit:
    """Create (unit=None) or change a unit."""
    code, name = nfc(code).upper(), nfc(name)
    if not UNIT_CODE_RE.match(code):
        raise AccountError(_("Mã đơn vị chỉ gồm chữ in hoa không dấu và chữ số, ví dụ: KCNTT."))
    if not name:
        raise AccountError(_("Hãy nhập tên đơn vị."))
    clash = db.session.execute(select(Unit).filter_by(code=code)).scalar_one_or_none()
    if clash is not None and clash is not unit:
        raise AccountError(_("Mã đơn vị %(code)s đã có.", code=code))
    with transaction():
        if unit is None:
            unit = Unit()
            db.session.add(unit)
        unit.code, unit.name, unit.active = code, name, active
    return unit
