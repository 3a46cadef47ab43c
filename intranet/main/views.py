"""The home page."""

from flask import render_template
from flask_login import login_required

from intranet.main import bp

__all__ = ["bp"]  # the blueprint is made in the package; ``views.bp`` stays for old imports


@bp.get("/")
@login_required
def home():
    return render_template("main/home.html")
