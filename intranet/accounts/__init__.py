"""Accounts: units, users, roles, sign-in and the admin pages that manage them.

The blueprints are made here (sign-in and profile; the admin's pages); their view modules attach
their routes, so registering ``bp`` and ``admin_bp`` registers them all.
"""

from flask import Blueprint

bp = Blueprint("auth", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")

from intranet.accounts import admin, auth  # noqa: E402,F401  (routes on bp and admin_bp)
