"""What every area's services share: their errors and their transaction.

Services raise these, never ``abort()``; the pages (``errors.py``) and the API (``api/core.py``)
each map them to an answer in one place.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm.exc import StaleDataError

from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l


class DomainError(Exception):
    """A service refused; ``status`` is the HTTP answer, the message is for the user."""

    status = 422
    default = _l("Yêu cầu không hợp lệ.")

    def __init__(self, message=None):
        super().__init__(message)
        self.message = message if message is not None else self.default

    def __str__(self) -> str:  # a lazy default is said in the language of the answer
        return str(self.message)


class RuleBroken(DomainError, ValueError):
    """A rule of the domain was broken (a wrong stage, a missing reason): 422, with the reason."""


class NotFound(DomainError):
    """The record is missing, or the user may not see it: the same answer for both (404)."""

    status = 404
    default = _l("Không tìm thấy hồ sơ, hoặc bạn không có quyền xem.")

    def __init__(self, message=None, *, kind: str = "", record_id=None):
        super().__init__(message)
        self.kind, self.record_id = kind, record_id


class Denied(NotFound):
    """The user sees the record but may not take this action on it (403)."""

    status = 403
    default = _l("Bạn không có quyền thực hiện thao tác này.")

    def __init__(self, message=None, *, kind: str = "", record_id=None, action: str = ""):
        super().__init__(message, kind=kind, record_id=record_id)
        self.action = action


class Stale(DomainError):
    """Someone else changed the record since the user loaded it (409)."""

    status = 409
    default = _l(
        "Hồ sơ đã được người khác thay đổi trong lúc bạn sửa. Hãy mở lại trang rồi nhập lại."
    )


class VersionRequired(DomainError):
    """A change must name the version it was made on (428)."""

    status = 428
    default = _l(
        "Hãy gửi kèm phiên bản của hồ sơ (trường “version” hoặc tiêu đề If-Match) "
        "để tránh ghi đè thay đổi của người khác."
    )


def check_version(record, expected) -> None:
    """The optimistic check of every save: ``expected`` is the version the user edited."""
    if expected is None or expected == "":
        raise VersionRequired()
    try:
        expected = int(str(expected).strip().strip('W/"').strip('"'))
    except ValueError as exc:
        raise Stale() from exc
    if expected != record.version:
        raise Stale()


@contextmanager
def transaction() -> Iterator[None]:
    """One unit of work: committed at the end, rolled back on any error (which goes on).

    Nested blocks join the outermost one, so a service may call another service. The depth is
    the session's: another app context (a task run at once, a test's "other request") has its
    own session, so its own unit of work.
    """
    session = db.session()
    depth = session.info.get("transaction_depth", 0)
    session.info["transaction_depth"] = depth + 1
    try:
        yield
        if depth == 0:
            session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise Stale() from exc
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info["transaction_depth"] = depth
