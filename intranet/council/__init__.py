"""The emulation and commendation council (issue 16): its members each year, its meetings from
agenda to secret-ballot tallies and minutes, the public notice of the list it passed, and the
decision drafted from that list."""

from flask import Blueprint

bp = Blueprint("council", __name__, url_prefix="/council")

from intranet.council import models, views  # noqa: E402, F401
