"""Error pages in the user's language, and the security headers on every response."""

from flask import abort, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict

from intranet import policy
from intranet.domain import DomainError, NotFound
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Dữ liệu gửi lên không đúng. Hãy quay lại và thử lại.")),
    403: (
        _l("Không có quyền truy cập"),
        _l("Tài khoản của bạn không có quyền xem trang này. Nếu cần, hãy liên hệ quản trị."),
    ),
    404: (
        _l("Không tìm thấy"),
        _l("Trang hoặc hồ sơ bạn tìm không có, hoặc bạn không có quyền xem."),
    ),
    405: (_l("Thao tác không được phép"), _l("Trang này không nhận thao tác vừa gửi.")),
    409: (
        _l("Hồ sơ đã thay đổi"),
        _l("Hồ sơ đã được người khác thay đổi. Hãy mở lại trang rồi làm lại."),
    ),
    410: (
        _l("Tệp không còn dùng được"),
        _l("Tệp này không còn trong kho lưu trữ; quản trị hệ thống đã được báo."),
    ),
    413: (_l("Tệp quá lớn"), _l("Tệp gửi lên vượt quá dung lượng cho phép.")),
    422: (_l("Không thực hiện được"), _l("Yêu cầu không phù hợp với quy định của hồ sơ.")),
    428: (_l("Thiếu phiên bản"), _l("Hãy mở lại trang rồi làm lại.")),
    429: (
        _l("Quá nhiều lần thử"),
        _l("Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại."),
    ),
    500: (
        _l("Lỗi hệ thống"),
        _l("Đã có lỗi xảy ra; dữ liệu của bạn chưa được lưu. Hãy thử lại sau ít phút."),
    ),
}
CSRF_MESSAGE = _l(
    "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và gửi lại."
)
UNNAMED_PART_MESSAGE = _l(
    "Dữ liệu gửi lên có một phần không có tên trường (biểu mẫu bị hỏng). Hãy tải lại trang "
    "rồi gửi lại."
)
NUL_MESSAGE = _l("Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL). Hãy xoá ký tự đó rồi gửi lại.")

# No inline script or style anywhere: scripts and styles come from our own static files only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def render_error(code: int, message=None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def register(app) -> None:
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, lambda e, code=code: render_error(code))

    @app.errorhandler(DomainError)
    def domain_error(e: DomainError):
        """A service refused: nothing of the request is kept; refusals go to the trail."""
        db.session.rollback()
        if isinstance(e, NotFound):
            policy.note_denial(current_user, e)
            return render_error(e.status)  # the same page for "missing" and "not yours"
        return render_error(e.status, str(e))

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return render_error(400, CSRF_MESSAGE)

    def refuse_unnamed_parts():
        # A multipart part without a readable name (no name, or a quote or line break broke
        # its header) arrives under the key None, which the CSRF check cannot read (a 500).
        # First of all the checks: before Flask-WTF's.
        if request.mimetype == "multipart/form-data" and (
            None in request.form or None in request.files
        ):
            if request.path.startswith("/api/"):
                abort(400)  # answered as a problem (api/errors.py)
            return render_error(400, UNNAMED_PART_MESSAGE)
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, refuse_unnamed_parts)

    @app.before_request
    def refuse_nul():
        # No text may hold a NUL: PostgreSQL refuses it (a server error), SQLite would keep it.
        # In the query string (a list's ?q=, often pasted) it becomes a space; a form that holds one
        # is refused. The API's fields refuse control characters themselves (422).
        if any("\x00" in name + value for name, value in request.args.items(multi=True)):
            request.args = ImmutableMultiDict(
                [
                    (name.replace("\x00", ""), value.replace("\x00", " "))
                    for name, value in request.args.items(multi=True)
                ]
            )
        if request.path.startswith("/api/"):
            return None  # the API answers in problem+json, from its own field checks
        if request.method == "POST" and any(
            "\x00" in value for _name, values in request.form.lists() for value in values
        ):
            return render_error(400, NUL_MESSAGE)
        return None

    @app.errorhandler(500)
    def server_error(e):
        db.session.rollback()  # nothing half-done is kept
        return render_error(500)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        # Set where a view did not, in one look (werkzeug's Headers builds an exception for
        # every header ``in`` or ``setdefault`` does not find).
        wanted = {
            "Content-Security-Policy": CSP,
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
            "Cross-Origin-Opener-Policy": "same-origin",
        }
        if request.is_secure:
            wanted["Strict-Transport-Security"] = "max-age=31536000"
        if response.mimetype == "text/html":
            # A signed-in page shows records chosen for its reader: the browser keeps no copy
            # (none to see with the Back button after signing out). Pages without a reader (the
            # sign-in page) are only revalidated, and may use the back/forward cache.
            signed_in = current_user and current_user.is_authenticated
            wanted["Cache-Control"] = "no-store" if signed_in else "no-cache"
        present = {name.lower() for name, _value in headers}
        for name, value in wanted.items():
            if name.lower() not in present:
                headers[name] = value
        return response
