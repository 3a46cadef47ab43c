"""Configuration: defaults here, then ``instance/config.py``, then ``INTRANET_*`` variables."""

import os
import secrets
import socket
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _iso_date(value: str) -> date:
    return date.fromisoformat(value.strip())


FORM_ROOM_MB = 1  # room for the form around a file of MAX_UPLOAD_MB

# Environment variables read by the app: INTRANET_<NAME> sets the config key <NAME>.
ENV_KEYS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "UPLOAD_FOLDER": str,
    "INDEX_FOLDER": str,
    "REDIS_URL": str,
    "MAX_UPLOAD_MB": int,
    "OCR_ENABLED": _flag,
    "SEARCH_BACKEND": str,
    "BEHIND_PROXY": _flag,
    "RATELIMIT_ENABLED": _flag,
    "BACKUP_ENABLED": _flag,
    "BACKUP_FOLDER": str,
    "BACKUP_HOUR": int,
    "BACKUP_KEEP": str,
    # Freezes "today" for the plan's deadlines (demonstrations, browser tests): 2025-06-15.
    "TODAY": _iso_date,
    # E-mail of notifications (intranet.notifications.mail), sent by the worker; none when unset.
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": _flag,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_FROM": str,
    "MAIL_BASE_URL": str,
    # Several app hosts on one database (docs/deployment.md): this host's name (default: the
    # machine's), how often its worker follows the index log (seconds; 0: only when woken, the
    # one-host way; default 1 on PostgreSQL), and after how many days unseen a host is forgotten.
    "HOST_NAME": str,
    "INDEX_FOLLOW_SECONDS": float,
    "HOST_FORGET_DAYS": int,
}


class Defaults:
    """Values good for one office PC: SQLite and files in ``instance/``."""

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "intranet_session"
    # Flask-Login's remember-me cookie would outlive sign-out; it is not offered.
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session: a long form is not lost
    MAX_UPLOAD_MB = 50
    OCR_ENABLED = True
    SEARCH_BACKEND = "tantivy"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ADDRESS = "20 per 10 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 10 minutes"
    # Wrong, expired or revoked bearer tokens on the API, per address (then 429 with Retry-After).
    API_TOKEN_FAILURE_LIMIT = "20 per minute"  # noqa: S105 (a limit, not a secret)
    REDIS_URL = None
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a method name). Tests use a cheap one.
    BEHIND_PROXY = False  # set when a reverse proxy in front sets X-Forwarded-For/-Proto
    # The worker's nightly backup (intranet.backup_schedule): on, at 02:00 Việt Nam time (or at
    # the first start after, if the machine was off), keeping the newest of each of the last 7
    # days, 4 weeks and 6 months. BACKUP_FOLDER defaults to instance/backups/.
    BACKUP_ENABLED = True
    BACKUP_HOUR = 2
    BACKUP_KEEP = "7d,4w,6m"
    HOST_FORGET_DAYS = 7


def load(app, test_config: dict | None = None) -> None:
    """Fill ``app.config`` in order: defaults, instance file, environment, test overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for name, cast in ENV_KEYS.items():
        raw = os.environ.get(f"INTRANET_{name}")
        if raw not in (None, ""):
            app.config[name] = cast(raw)
    if test_config:
        app.config.update(test_config)
    _derive(app)


def _derive(app) -> None:
    """Settings computed from the others, so each is written in one place."""
    cfg = app.config
    instance = Path(app.instance_path)
    cfg.setdefault("UPLOAD_FOLDER", str(PROJECT_ROOT / "uploads"))
    cfg.setdefault("INDEX_FOLDER", str(instance / "index"))
    cfg.setdefault("BACKUP_FOLDER", str(instance / "backups"))
    cfg.setdefault("DATABASE_URL", f"sqlite:///{instance / 'intranet.sqlite3'}")
    url = cfg["DATABASE_URL"]
    # "postgresql://" means psycopg 3 here; SQLAlchemy would otherwise look for psycopg2.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    cfg["SQLALCHEMY_DATABASE_URI"] = url
    cfg.setdefault("HOST_NAME", socket.gethostname())
    # One host on SQLite is woken after each commit; on PostgreSQL there may be several hosts,
    # each following the log itself, since a wake-up on the shared queue reaches only one.
    cfg.setdefault("INDEX_FOLLOW_SECONDS", 0.0 if url.startswith("sqlite") else 1.0)
    # MAX_UPLOAD_MB is the size of a file (storage.save refuses a larger one, with a message);
    # the request may be larger by the form around it: its other fields and multipart headers.
    cfg["MAX_CONTENT_LENGTH"] = (cfg["MAX_UPLOAD_MB"] + FORM_ROOM_MB) * 1024 * 1024
    # Throttles shared by every worker: in Redis when configured, else in the database
    # (intranet.throttle); never in one process's memory, which gave each worker its own count.
    cfg.setdefault("RATELIMIT_STORAGE_URI", cfg["REDIS_URL"] or "intranet+db://")
    if not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = _instance_secret(instance)


def _instance_secret(instance: Path) -> str:
    """A random key kept in ``instance/secret_key`` so sessions survive a restart."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
