"""Propagation (issue 17): activities that make an exemplar known, stories with photos, and
other units adopting its practice (nhân rộng), counted per unit and year."""

from flask import Blueprint

bp = Blueprint("propagation", __name__, url_prefix="/propagation")

from intranet.propagation import board, models, views  # noqa: E402, F401
