"""Documents (văn bản): plans, decisions, reports and notices, their files and publication.

The pages' blueprint is made here; each view module attaches its routes to it, so registering
``bp`` registers them all.
"""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")

from intranet.documents import file_views, paper_views, views  # noqa: E402,F401  (routes on bp)
