"""Exemplars (điển hình tiên tiến), their evidence, commendation decisions and the honour board.

The pages' blueprint is made here; each view module attaches its routes to it, so registering
``bp`` registers them all.
"""

from flask import Blueprint

bp = Blueprint("exemplars", __name__, url_prefix="/exemplars")

from intranet.exemplars import (  # noqa: E402,F401  (modules that attach routes to bp)
    board,
    catalogue_views,
    decision_views,
    evidence_views,
    views,
)
