"""/api/v1/docs: Swagger UI over the OpenAPI description, from vendored files only.

The page carries no inline script (the CSP forbids it): static/api-docs.js starts Swagger UI
and adds the session's CSRF token to the requests it sends.
"""

from flask import Blueprint, render_template, url_for

bp = Blueprint("api_ui", __name__, url_prefix="/api/v1")

SWAGGER_UI = "vendor/swagger-ui-5.35.0"


@bp.get("/docs")
def docs():
    return render_template(
        "api/docs.html",
        spec_url=url_for("api-docs.openapi_json"),
        swagger_ui=SWAGGER_UI,
    )
