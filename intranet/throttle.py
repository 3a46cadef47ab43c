"""Throttles shared by every worker: counters kept in the database, or in Redis when configured.

Flask-Limiter counts through a storage of the ``limits`` library. Its ``memory://`` storage is
one per process, so three gunicorn workers allowed three times the limit. Without Redis, the
counters live in the app's own database instead (table ``throttle``, storage URI
``intranet+db://``): every worker and every host on the same database share them. With
``INTRANET_REDIS_URL``, Flask-Limiter's own ``redis://`` storage is used (see ``config``).

The storage is the library's extension point (a ``limits.storage.Storage`` registered for the
scheme ``intranet+db``), so the sign-in's decorators and the API's bearer check below use the
same counters and strategy (fixed window: a window opens at its first hit and lasts the limit's
period). One hit is one statement, ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, atomic on
SQLite and PostgreSQL alike, in a transaction of its own (never the request's: a request that
fails keeps its count, and counting commits nothing of the request). Expired windows are deleted
when a new window opens.
"""

import hashlib
import math
import time

import sqlalchemy as sa
from flask import current_app, request
from limits import parse
from limits.storage import Storage
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from intranet.extensions import db, limiter

SCHEME = "intranet+db"
KEY_LENGTH = 255


class ThrottleWindow(db.Model):
    """One counter: the hits in the window of ``key`` that ends at ``expires_at`` (Unix time)."""

    __tablename__ = "throttle"

    key: Mapped[str] = mapped_column(sa.String(KEY_LENGTH), primary_key=True)
    hits: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    expires_at: Mapped[float] = mapped_column(sa.Float, nullable=False, index=True)


_HIT = sa.text(
    "INSERT INTO throttle (key, hits, expires_at) VALUES (:key, :amount, :expires_at) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN throttle.expires_at <= :now THEN excluded.hits "
    "ELSE throttle.hits + excluded.hits END, "
    "expires_at = CASE WHEN throttle.expires_at <= :now THEN excluded.expires_at "
    "ELSE throttle.expires_at END "
    "RETURNING hits"
)


def _key(key: str) -> str:
    """The stored key: as given, or its digest when longer than the column (a long username)."""
    if len(key) <= KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """A ``limits`` storage over the app's database (``RATELIMIT_STORAGE_URI = "intranet+db://"``).

    It holds no connection of its own: each call uses the engine of the current app, so one
    storage serves every app made in the process, and two processes on one database share it.
    """

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @staticmethod
    def _engine():
        return db.engine

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        params = {"key": _key(key), "amount": amount, "expires_at": now + expiry, "now": now}
        with self._engine().begin() as conn:
            hits = conn.execute(_HIT, params).scalar_one()
            if hits == amount:  # a new window: the expired ones go
                conn.execute(sa.delete(ThrottleWindow).where(ThrottleWindow.expires_at <= now))
        return hits

    def get(self, key: str) -> int:
        with self._engine().connect() as conn:
            hits = conn.execute(
                sa.select(ThrottleWindow.hits).where(
                    ThrottleWindow.key == _key(key), ThrottleWindow.expires_at > time.time()
                )
            ).scalar()
        return hits or 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with self._engine().connect() as conn:
            expires_at = conn.execute(
                sa.select(ThrottleWindow.expires_at).where(ThrottleWindow.key == _key(key))
            ).scalar()
        return expires_at if expires_at and expires_at > now else now

    def check(self) -> bool:
        try:
            with self._engine().connect() as conn:
                conn.execute(sa.select(sa.func.count()).select_from(ThrottleWindow))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self._engine().begin() as conn:
            return conn.execute(sa.delete(ThrottleWindow)).rowcount

    def clear(self, key: str) -> None:
        with self._engine().begin() as conn:
            conn.execute(sa.delete(ThrottleWindow).where(ThrottleWindow.key == _key(key)))


def clean() -> int:
    """Delete the expired windows (also done whenever a window opens); how many went."""
    expired = sa.delete(ThrottleWindow).where(ThrottleWindow.expires_at <= time.time())
    with db.engine.begin() as conn:
        return conn.execute(expired).rowcount


# -- the API's bearer tokens: failures per address ---------------------------------------------


class Throttled(Exception):
    """Too many failures: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def _failure_item():
    return parse(current_app.config["API_TOKEN_FAILURE_LIMIT"])


def _identifiers(scope: str) -> tuple[str, ...]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return tuple(part for part in (prefix, scope, request.remote_addr or "-") if part)


def _enabled() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def check_failures(scope: str) -> None:
    """Raise ``Throttled`` when the caller's address has used up its failures in ``scope``."""
    if not _enabled():
        return
    item, ids = _failure_item(), _identifiers(scope)
    if not limiter.limiter.test(item, *ids):
        reset_at = limiter.limiter.get_window_stats(item, *ids).reset_time
        raise Throttled(max(1, math.ceil(reset_at - time.time())))


def note_failure(scope: str) -> None:
    """Count one failure of the caller's address in ``scope``."""
    if _enabled():
        limiter.limiter.hit(_failure_item(), *_identifiers(scope))
