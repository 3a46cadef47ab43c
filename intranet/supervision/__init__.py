"""Supervision (kiểm tra, giám sát): unit annual reports, the compliance dashboard, reminders,
inspections and the exports for the provincial board.

The pages' blueprint is made here; each view module attaches its routes to it, so registering
``bp`` registers them all.
"""

from flask import Blueprint

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

from intranet.supervision import inspection_views, views  # noqa: E402,F401  (routes on bp)
