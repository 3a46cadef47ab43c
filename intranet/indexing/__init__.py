"""The archive's search, wired to the domain: the outbox, the records, the worker and the page.

``intranet.search`` knows nothing of documents or exemplars; this package turns records into
IndexRecords (with who may see them, from ``policy``), keeps the index in step through an outbox
written in the same transaction as the record, and serves the search page (``bp``; registering
it registers every route of the page). ``queries`` is what the page and the API both call.
"""

from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

from intranet.indexing import views  # noqa: E402,F401  (the page's routes, on bp)
