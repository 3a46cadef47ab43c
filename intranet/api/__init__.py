"""The JSON API under /api/v1: the same services and permission rules as the pages.

Its OpenAPI 3 description is generated from the schemas at /api/v1/openapi.json, with a docs
page at /api/v1/docs. Callers authenticate with the browser's session (changes need the
X-CSRFToken header) or with ``Authorization: Bearer <token>`` (tokens: the profile page, or
``flask --app intranet users token USERNAME``).
"""

from intranet.api import errors

SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "Mã truy cập cá nhân: trang Tài khoản của tôi, hoặc "
        "`flask --app intranet users token USERNAME`.",
    },
    "sessionCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": "intranet_session",
        "description": "Phiên đăng nhập của trình duyệt; thao tác thay đổi cần tiêu đề "
        "X-CSRFToken.",
    },
}


def _blueprints() -> list:
    from intranet.api import (
        accounts,
        decisions,
        documents,
        emulation,
        evidence,
        exemplars,
        files,
        inspections,
        propagation,
        reports,
        search,
    )

    modules = [accounts, documents, files, exemplars, evidence, decisions, reports, inspections]
    modules += [emulation, propagation, search]
    try:
        from intranet.api import audit
    except ImportError:  # a build without the audit trail: the rest of the API still works
        pass
    else:
        modules.append(audit)
    return [m.bp for m in modules]


def init_app(app) -> None:
    """Register the API and its docs on ``app``; after the pages' error handlers."""
    from intranet.api import docs
    from intranet.api.core import Api
    from intranet.extensions import csrf

    app.config.setdefault("API_TITLE", "Thi đua – Khen thưởng API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.json.ensure_ascii = False  # Vietnamese as UTF-8 text, not \u escapes
    api = Api(
        app,
        spec_kwargs={
            "info": {"description": __doc__},
            "security": [{"bearerAuth": []}, {"sessionCookie": []}],
        },
    )
    for name, scheme in SECURITY_SCHEMES.items():
        api.spec.components.security_scheme(name, scheme)
    for blueprint in _blueprints():
        csrf.exempt(blueprint)  # checked by auth.authenticate, for session callers only
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
    errors.register(app)
