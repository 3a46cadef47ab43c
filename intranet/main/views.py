"""The home page: what waits for the reader ("Việc của tôi"), then the areas they may open."""

from flask import render_template
from flask_login import current_user, login_required

from intranet.main import bp
from intranet.notifications import todo

__all__ = ["bp"]  # the blueprint is made in the package; ``views.bp`` stays for old imports


@bp.get("/")
@login_required
def home():
    return render_template("main/home.html", todo=todo.items(current_user))
