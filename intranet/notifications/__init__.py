"""Notifications (thông báo): every workflow step tells the people it concerns, in the app and
by e-mail when a mail server is configured; each person chooses which e-mails they want. The
home page's to-do list ("Việc của tôi") is here too.

``service.notify`` is the one way to tell someone; ``steps`` says who each step concerns;
``mail`` is the worker's sender. The pages' blueprint is made here.
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from intranet.notifications import views, worker  # noqa: E402,F401  (routes; worker jobs)
