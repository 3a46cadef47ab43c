"""Flask extensions, created here and bound to the app in ``create_app``."""

from flask import g, has_app_context, has_request_context, request
from flask_babel import Babel, Domain
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so Alembic can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Database(SQLAlchemy):
    """Flask-SQLAlchemy, with the pages' ``?page=`` kept to a number the database can take."""

    MAX_PAGE = 10_000  # as the API's page argument

    def paginate(self, select, *, page=None, **kwargs):
        if page is None and has_request_context():
            # ?page=99999999999999999999 made an OFFSET past a 64-bit integer: a server error.
            page = min(request.args.get("page", 1, type=int), self.MAX_PAGE)
        return super().paginate(select, page=page, **kwargs)


db = Database(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


class Catalogue(Domain):
    """flask-babel's message domain, finding the catalogue by the request's Locale object.

    flask-babel turns the locale into a string for every message it translates, and a page
    translates a hundred: about a tenth of a page's CPU. The Locale is still the one flask-babel
    chose (the locale selector, ``force_locale``), so only the lookup is shorter."""

    def __init__(self):
        super().__init__()
        self._by_locale = {}

    def get_translations(self):
        locale = _chosen_locale()
        found = self._by_locale.get(locale) if locale is not None else None
        if found is None:
            found = super().get_translations()  # sets the request's babel_locale
            locale = _chosen_locale()
            if locale is not None:
                self._by_locale[locale] = found
        return found

    def install_in_templates(self, app) -> None:
        """Templates' ``_()`` and ``ngettext()`` straight to this domain: flask-babel's own go
        through its ``get_domain()`` (two more looks at ``g``) for every message, 16 µs each."""
        found = self.get_translations
        # Jinja's i18n wiring for all four; ``gettext`` is then replaced by the one below.
        app.jinja_env.install_gettext_callables(
            gettext=lambda s: found().ugettext(s),
            ngettext=lambda s, p, n: found().ungettext(s, p, n),
            newstyle=True,
            pgettext=lambda c, s: found().upgettext(c, s),
            npgettext=lambda c, s, p, n: found().unpgettext(c, s, p, n),
        )

        @pass_context
        def gettext(context, string: str, **variables) -> str:
            # Jinja's own newstyle gettext, less its second Context.call and its ``%`` on a
            # message with nothing to put in (most of a page's hundred): the same text.
            text = found().ugettext(string)
            if context.eval_ctx.autoescape:
                text = Markup(text)  # noqa: S704 (our catalogue's words, as Jinja's own gettext)
            return text % variables if variables or "%" in text else text

        app.jinja_env.globals["gettext"] = gettext


def _chosen_locale():
    """The Locale flask-babel chose for this request (one look through the ``g`` proxy, not
    three: a page asks a hundred times), or None before it chose one."""
    if not has_app_context():
        return None
    return getattr(getattr(g._get_current_object(), "_flask_babel", None), "babel_locale", None)


babel = Babel()
babel.domain_instance = Catalogue()
# The code's ``_``, ``_l`` and ``ngettext``: flask-babel's own look for the domain through ``g``
# at each message (three looks, 5 µs), and a page's forms and lists translate a hundred.
gettext = babel.domain_instance.gettext
lazy_gettext = babel.domain_instance.lazy_gettext
ngettext = babel.domain_instance.ngettext
limiter = Limiter(key_func=get_remote_address)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite for several processes: write-ahead log, wait for locks, enforce foreign keys."""
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
