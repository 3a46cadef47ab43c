"""The home page: what waits for the reader ("Việc của tôi"), then the areas they may open."""

import json

from flask import current_app, render_template, url_for
from flask_login import current_user, login_required

from intranet.extensions import gettext as _
from intranet.main import bp
from intranet.notifications import todo

__all__ = ["bp"]  # the blueprint is made in the package; ``views.bp`` stays for old imports


@bp.get("/")
@login_required
def home():
    return render_template("main/home.html", todo=todo.items(current_user))


# The icon every browser asks for at the site's root, and the manifest that lets staff pin the
# intranet on a phone's home screen (the college's star on the navigation bar's blue).
@bp.get("/favicon.ico")
def favicon():
    response = current_app.send_static_file("icons/favicon.ico")
    response.cache_control.no_cache = None
    response.cache_control.max_age = 7 * 24 * 3600
    response.cache_control.public = True
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    icon = lambda name, size, purpose="any": {  # noqa: E731
        "src": url_for("static", filename=f"icons/{name}"),
        "sizes": size,
        "type": "image/png",
        "purpose": purpose,
    }
    body = {
        "name": str(_("Thi đua – Khen thưởng")),
        "short_name": str(_("Thi đua")),
        "lang": "vi",
        "start_url": url_for("main.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0a4a9e",
        "icons": [
            icon("icon-192.png", "192x192"),
            icon("icon-512.png", "512x512"),
            icon("icon-maskable-512.png", "512x512", "maskable"),
        ],
    }
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json"
    )
    response.cache_control.max_age = 24 * 3600
    response.cache_control.public = True
    return response
