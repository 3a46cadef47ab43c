"""Who is calling: the browser's session (changes need the CSRF header) or a Bearer token.

A request that carries ``Authorization`` is judged by it alone, whatever cookie comes with it,
so a script never acts with a browser session by accident and needs no CSRF token.

Wrong bearer tokens are counted per address (``API_TOKEN_FAILURE_LIMIT``, in the throttles every
worker shares): past the limit, that address is answered 429 with Retry-After, before its token is
even looked up, until the window ends. Other addresses, and their right tokens, are not affected.
"""

from flask import g, request
from flask_babel import refresh
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from intranet import throttle
from intranet.accounts import tokens
from intranet.api.errors import api_locale, fail
from intranet.extensions import csrf
from intranet.extensions import lazy_gettext as _l

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FAILURE_SCOPE = "api-token-failures"


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        fail(401, kind="invalid_token")
    return secret.strip()


def authenticate() -> None:
    """Run before every API view: the caller's identity, language and CSRF check."""
    g.locale = api_locale()  # read by select_locale: Accept-Language, not the pages' choice
    refresh()
    secret = _bearer_secret()
    if secret is not None:
        _check_token_throttle()
        user = tokens.load_token(secret)
        if user is None:
            throttle.note_failure(FAILURE_SCOPE)
            fail(401, kind="invalid_token")
        g._login_user = user  # Flask-Login's current_user for this request only; no cookie
        g.api_auth = "token"
        return
    if not current_user.is_authenticated:
        fail(401)
    g.api_auth = "session"
    if request.method not in SAFE_METHODS:
        try:
            csrf.protect()
        except CSRFError:
            fail(400, kind="csrf")


def _check_token_throttle() -> None:
    try:
        throttle.check_failures(FAILURE_SCOPE)
    except throttle.Throttled as exc:
        detail = _l(
            "Quá nhiều mã truy cập sai được gửi từ địa chỉ này. Hãy đợi %(seconds)s giây rồi "
            "thử lại.",
            seconds=exc.retry_after,
        )
        fail(429, detail, headers={"Retry-After": str(exc.retry_after)})


def auth_method() -> str:
    return g.get("api_auth", "session")


def require(allowed: bool) -> None:
    """403 unless ``allowed`` (a rule of accounts/permissions or of the area)."""
    if not allowed:
        fail(403)
