"""The college's emulation and commendation intranet (thi đua – khen thưởng)."""

import os
from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from intranet import config
from intranet.extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS = Path(__file__).parent / "migrations"


def select_locale() -> str:
    """The user's own choice; before sign-in, the choice made on the sign-in page; else vi."""
    if not has_request_context():
        return "vi"
    if g.get("locale") in ("vi", "en"):  # chosen per request (the API: by Accept-Language)
        return g.locale
    if current_user and current_user.is_authenticated:
        return current_user.locale
    chosen = session.get("locale")
    return chosen if chosen in ("vi", "en") else "vi"


class SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return app.config["SESSION_COOKIE_SECURE"] or (bool(request) and request.is_secure)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI and error pages.

    The instance folder is ``instance/`` beside the package, or ``INTRANET_INSTANCE_PATH``.
    """
    instance_path = instance_path or os.environ.get("INTRANET_INSTANCE_PATH") or None
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    config.load(app, test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.session_interface = SessionInterface()
    if app.config.get("BEHIND_PROXY"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance.install_in_templates(app)
    # Compression and the static files' cache: first registered, so it runs after every other
    # after_request (Flask runs them in reverse).
    from intranet.main import assets

    assets.init_app(app)
    # The throttles' database storage (scheme "intranet+db") registers itself on import.
    from intranet import throttle  # noqa: F401

    limiter.init_app(app)

    from intranet import (
        accounts,
        api,
        audit,
        cli,
        council,
        documents,
        eligibility,
        emulation,
        errors,
        exemplars,
        indexing,
        main,
        notifications,
        once,  # noqa: F401  (the job claims, for migrations)
        propagation,
        supervision,
        tasks,
    )
    from intranet.audit import listeners as audit_listeners  # noqa: F401  (the trail's capture)
    from intranet.indexing import listeners  # noqa: F401  (the outbox's capture)
    from intranet.main import filters, navigation
    from intranet.notifications import queries as notification_queries
    from intranet.storage import models as storage_models  # noqa: F401  (for migrations)

    # Each area's blueprint is made in its package, which imports all its route modules.
    for blueprint in (
        accounts.bp,
        accounts.admin_bp,
        main.bp,
        documents.bp,
        exemplars.bp,
        emulation.bp,
        eligibility.bp,
        council.bp,
        indexing.bp,
        audit.bp,
        supervision.bp,
        notifications.bp,
        propagation.bp,
    ):
        app.register_blueprint(blueprint)
    errors.register(app)
    api.init_app(app)  # after the pages' error handlers: it answers /api/v1 errors itself
    filters.register(app)
    cli.register(app)
    tasks.bind(app)

    # The areas' rules, declared on import; ``may(action, record)`` answers them in templates.
    from intranet import policy
    from intranet.council import access as _council  # noqa: F401
    from intranet.documents import access as _documents  # noqa: F401
    from intranet.eligibility import access as _eligibility  # noqa: F401
    from intranet.emulation import access as _emulation  # noqa: F401
    from intranet.exemplars import access as _exemplars  # noqa: F401
    from intranet.propagation import access as _propagation  # noqa: F401
    from intranet.supervision import access as _supervision  # noqa: F401

    @app.template_global("may")
    def may(action: str, target) -> bool:
        return policy.may(current_user._get_current_object(), action, target)

    @app.context_processor
    def layout_context():
        # The signed-in user itself, not Flask-Login's proxy: a page reads it a hundred times,
        # and each read through the proxy looks the user up again (7 % of a page's CPU).
        user = current_user._get_current_object()
        return {
            "current_user": user,
            "nav_items": navigation.nav_items(user),
            "unread_notifications": notification_queries.unread_count(user),
            "current_locale": select_locale(),
            "request_path": request.full_path.rstrip("?"),
        }

    return app
