"""Eligibility (đủ điều kiện) from the law's chains: which titles a candidate may be proposed
for, computed from the archive (the dossier across years) with rules kept as catalogue data.

``check(exemplar)`` is the area's one question; ``check_candidate`` asks it for a person (or a
collective) with a title and a year. The rules' pages are the blueprint made here.
"""

from flask import Blueprint

bp = Blueprint("eligibility", __name__, url_prefix="/eligibility")

from intranet.eligibility import models, views  # noqa: E402,F401  (tables; routes on bp)
from intranet.eligibility.verdicts import (  # noqa: E402
    Candidate,
    Condition,
    Verdict,
    check,
    check_candidate,
    check_candidates,
    check_many,
)

__all__ = [
    "Candidate",
    "Condition",
    "Verdict",
    "bp",
    "check",
    "check_candidate",
    "check_candidates",
    "check_many",
]
