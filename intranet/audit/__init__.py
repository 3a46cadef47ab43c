"""The audit trail: every change, sign-in and restricted download, append-only and hash-chained.

Areas call ``audit.record(...)`` for events that are not a change of a row (a sign-in, a
download); every change of an audited row is captured by ``audit.listeners`` on its own.
"""

from intranet.audit.chain import head, verify_chain
from intranet.audit.service import recent_denials, record

__all__ = ["head", "recent_denials", "record", "verify_chain"]
