"""The errors of the documents' rules; their messages are for the user."""

from intranet.domain import DomainError, RuleBroken
from intranet.extensions import lazy_gettext as _l


class DocumentError(RuleBroken):
    """A rule was broken; the message says which, in the user's language."""


class Issued(DomainError):
    """A change to an issued document, its files, tasks or award lines (409): never allowed.

    An issued record is changed only by issuing another document that names it.
    """

    status = 409
    problem_kind = "issued"  # the API's problem type; its detail is this message
    default = _l(
        "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung / "
        "thay thế / đính chính."
    )

    def __init__(self, document=None):
        message = None
        if document is not None and document.symbol:
            message = _l(
                "Văn bản đã ban hành không sửa được; hãy ban hành văn bản sửa đổi, bổ sung / "
                "thay thế / đính chính văn bản %(s)s.",
                s=document.symbol,
            )
        super().__init__(message)
