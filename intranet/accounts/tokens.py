"""Personal API tokens: created on the profile page or by `flask users token`, stored hashed,
with an expiry; a revoked or expired token, or one of a disabled user, is refused at once."""

import secrets
from datetime import timedelta

from sqlalchemy import select

from intranet import clock
from intranet.accounts.models import ApiToken, User
from intranet.accounts.services import AccountError
from intranet.domain import transaction
from intranet.extensions import db
from intranet.extensions import gettext as _
from intranet.text import nfc

PREFIX = "itk_"  # lets a leaked token be recognised by secret scanners and in logs
DEFAULT_DAYS = 90
MAX_DAYS = 366
MAX_NAME = 100
# last_used_at is written at most this often, so that a busy script does not write on every call.
USE_RESOLUTION = timedelta(minutes=1)


def create_token(user: User, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the secret, which is never stored."""
    name = nfc(name)
    if not name:
        raise AccountError(_("Hãy đặt tên cho mã truy cập, ví dụ: tập lệnh báo cáo."))
    if len(name) > MAX_NAME:
        raise AccountError(_("Tên mã truy cập tối đa %(n)d ký tự.", n=MAX_NAME))
    if not 1 <= days <= MAX_DAYS:
        raise AccountError(_("Thời hạn phải từ 1 đến %(n)d ngày.", n=MAX_DAYS))
    if not user.active:
        raise AccountError(_("Tài khoản đã bị khoá."))
    secret = PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    token = ApiToken(
        user=user,
        name=name,
        token_hash=ApiToken.hash_secret(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    with transaction():
        db.session.add(token)
    return token, secret


def user_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.execute(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        ).scalars()
    )


def get_own_token(user: User, token_id: int) -> ApiToken | None:
    return db.session.execute(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    ).scalar_one_or_none()


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        with transaction():
            token.revoked_at = clock.now()


def load_token(secret: str) -> User | None:
    """The active user of a live token, or None (unknown, revoked, expired, user disabled)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == ApiToken.hash_secret(secret))
    ).scalar_one_or_none()
    now = clock.now()
    if token is None or not token.is_live(now) or not token.user.active:
        return None
    if token.last_used_at is None or now - token.last_used_at > USE_RESOLUTION:
        with transaction():
            token.last_used_at = now
    return token.user
