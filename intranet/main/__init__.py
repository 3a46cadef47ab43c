"""The home page, the navigation by role, and the filters every template uses."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from intranet.main import views  # noqa: E402,F401  (the home page's routes, on bp)
