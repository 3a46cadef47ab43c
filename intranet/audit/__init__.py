"""The audit trail: every change, sign-in and restricted download, append-only and hash-chained.

Areas call ``audit.record(...)`` for events that are not a change of a row (a sign-in, a
download); every change of an audited row is captured by ``audit.listeners`` on its own.

The trail's pages (search and History) are the blueprint made here; ``views`` attaches them.
"""

from flask import Blueprint

from intranet.audit.chain import head, verify_chain
from intranet.audit.service import recent_denials, record

bp = Blueprint("audit", __name__, url_prefix="/audit")

from intranet.audit import views  # noqa: E402,F401  (routes on bp)

__all__ = ["bp", "head", "recent_denials", "record", "verify_chain"]
