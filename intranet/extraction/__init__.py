"""Text from stored files, each read in a capped child process (a pool of long-lived ones).

    from intranet.extraction import extract
    result = extract(path, "pdf", **settings_from(app.config))
    if result.status == "ok": index(result.text)

Imports no domain area and nothing of Flask: callers pass paths and settings.
"""

from intranet.extraction.result import STATUSES, TYPE_CODES, Extraction
from intranet.extraction.runner import configure_pool, extract, extract_many, settings_from
from intranet.extraction.tools import available_tools

__all__ = [
    "STATUSES",
    "TYPE_CODES",
    "Extraction",
    "available_tools",
    "configure_pool",
    "extract",
    "extract_many",
    "settings_from",
]
