"""The emulation year (issue 15): movements, criteria, registrations, evaluations, bình xét."""

from flask import Blueprint

bp = Blueprint("emulation", __name__, url_prefix="/thi-dua")

from intranet.emulation import models, views  # noqa: E402, F401
