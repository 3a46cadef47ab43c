"""Errors of the API as ``application/problem+json`` (RFC 9457), in Vietnamese or English.

Every error under /api/v1 — a refused action, a missing record, a bad body, a routing miss, a
crash — answers with the same shape: ``{type, title, status, detail, errors?}``. The language
follows ``Accept-Language`` (Vietnamese unless English is preferred), not the pages' choice.
"""

import re
from functools import wraps

from flask import current_app, json, request
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException, default_exceptions

from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l

PREFIX = "/api/v1"
MEDIA_TYPE = "application/problem+json"
LOCALES = ("vi", "en")
CODES = (400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 428, 429, 500)

TITLES = {
    400: _l("Yêu cầu không hợp lệ"),
    401: _l("Chưa xác thực"),
    403: _l("Không có quyền"),
    404: _l("Không tìm thấy"),
    405: _l("Phương thức không được hỗ trợ"),
    409: _l("Xung đột dữ liệu"),
    410: _l("Tệp không còn dùng được"),
    413: _l("Dữ liệu quá lớn"),
    415: _l("Kiểu nội dung không được hỗ trợ"),
    422: _l("Dữ liệu không xử lý được"),
    428: _l("Thiếu điều kiện phiên bản"),
    429: _l("Quá nhiều yêu cầu"),
    500: _l("Lỗi hệ thống"),
}
DETAILS = {
    400: _l("Yêu cầu gửi lên không đúng định dạng."),
    401: _l("Hãy đăng nhập, hoặc gửi mã truy cập trong tiêu đề Authorization: Bearer …"),
    403: _l("Tài khoản của bạn không được làm thao tác này."),
    404: _l("Không có hồ sơ này, hoặc bạn không có quyền xem."),
    405: _l("Địa chỉ này không nhận phương thức vừa gửi."),
    409: _l("Hồ sơ đã thay đổi trong lúc bạn gửi; hãy đọc lại rồi gửi lại."),
    410: _l("Tệp này không còn trong kho lưu trữ; quản trị hệ thống đã được báo."),
    413: _l("Tệp hoặc dữ liệu gửi lên vượt quá dung lượng cho phép."),
    415: _l("Kiểu nội dung của yêu cầu không đúng."),
    422: _l("Dữ liệu gửi lên không hợp lệ."),
    428: _l("Hãy gửi kèm phiên bản của hồ sơ (If-Match hoặc trường “version”)."),
    429: _l("Bạn đã gửi quá nhiều yêu cầu. Hãy đợi một lát rồi thử lại."),
    500: _l("Đã có lỗi xảy ra; dữ liệu của bạn chưa được lưu. Hãy thử lại sau ít phút."),
}
# Problems more precise than their status, each with its own type URI and detail.
KINDS = {
    "invalid_token": _l(
        "Mã truy cập không hợp lệ, đã hết hạn, đã bị thu hồi, hoặc tài khoản đã bị khoá."
    ),
    "csrf": _l(
        "Thiếu hoặc sai mã chống giả mạo (CSRF). Khi dùng phiên đăng nhập của trình duyệt, "
        "hãy gửi kèm tiêu đề X-CSRFToken; tập lệnh hãy dùng mã truy cập."
    ),
    "refused_fields": _l("Không được đặt các trường: %(names)s."),
    "conflict": _l("Hồ sơ đã được người khác thay đổi; hãy đọc lại rồi gửi lại."),
    "media_type": _l("Kiểu nội dung phải là %(expected)s."),
}
# marshmallow's and webargs' own messages, said in the reader's language.
FIELD_MESSAGES = {
    "Missing data for required field.": _l("Thiếu trường bắt buộc."),
    "Unknown field.": _l("Trường không được nhận."),
    "Field may not be null.": _l("Trường không được để trống (null)."),
    "Not a valid integer.": _l("Không phải số nguyên."),
    "Not a valid string.": _l("Không phải chuỗi ký tự."),
    "Not a valid boolean.": _l("Không phải giá trị đúng/sai."),
    "Not a valid date.": _l("Không phải ngày hợp lệ (YYYY-MM-DD)."),
    "Not a valid list.": _l("Không phải danh sách."),
    "Invalid input type.": _l("Kiểu dữ liệu không hợp lệ."),
    "Invalid JSON body.": _l("Nội dung JSON không hợp lệ."),
    "Invalid value.": _l("Giá trị không hợp lệ."),
    "Invalid input.": _l("Giá trị không hợp lệ."),
    "Invalid type.": _l("Kiểu dữ liệu không hợp lệ."),
    "Not a valid email address.": _l("Không phải địa chỉ thư điện tử hợp lệ."),
    "Not a valid URL.": _l("Không phải địa chỉ URL hợp lệ."),
    "Not a valid number.": _l("Không phải số."),
    "Number too large.": _l("Số quá lớn."),
    "Special numeric values (nan or infinity) are not permitted.": _l(
        "Không nhận giá trị NaN hay vô cực."
    ),
    "Not a valid datetime.": _l("Không phải ngày giờ hợp lệ (ISO 8601)."),
    "Not a valid time.": _l("Không phải giờ hợp lệ."),
    "Not a valid mapping type.": _l("Không phải đối tượng JSON."),
    "Not a valid tuple.": _l("Không phải danh sách."),
    "Not a valid UUID.": _l("Không phải UUID hợp lệ."),
    "Not a valid utf-8 string.": _l("Không phải chuỗi UTF-8 hợp lệ."),
    "String does not match expected pattern.": _l("Không đúng dạng quy định."),
}
# marshmallow's messages that carry values (a length, a bound, the choices): by pattern, with
# the values kept. Each template names the groups of its pattern.
_OPS = {
    "greater than or equal to": _l("lớn hơn hoặc bằng"),
    "greater than": _l("lớn hơn"),
    "less than or equal to": _l("nhỏ hơn hoặc bằng"),
    "less than": _l("nhỏ hơn"),
}
_OP = "|".join(_OPS)
FIELD_PATTERNS = [
    (re.compile(r"Longer than maximum length (?P<max>.+)\."), _l("Dài quá %(max)s ký tự.")),
    (
        re.compile(r"Shorter than minimum length (?P<min>.+)\."),
        _l("Ngắn hơn mức tối thiểu %(min)s ký tự."),
    ),
    (
        re.compile(r"Length must be between (?P<min>.+) and (?P<max>.+)\."),
        _l("Độ dài phải từ %(min)s đến %(max)s."),
    ),
    (re.compile(r"Length must be (?P<equal>.+)\."), _l("Độ dài phải đúng %(equal)s.")),
    (
        re.compile(rf"Must be (?P<min_op>{_OP}) (?P<min>.+) and (?P<max_op>{_OP}) (?P<max>.+)\."),
        _l("Phải %(min_op)s %(min)s và %(max_op)s %(max)s."),
    ),
    (re.compile(rf"Must be (?P<op>{_OP}) (?P<value>.+)\."), _l("Phải %(op)s %(value)s.")),
    (re.compile(r"Must be one of: (?P<choices>.*)\."), _l("Phải là một trong: %(choices)s.")),
    (re.compile(r"Must be equal to (?P<other>.*)\."), _l("Phải bằng %(other)s.")),
    (
        re.compile(r"One or more of the choices you made was not in: (?P<choices>.*)\."),
        _l("Có lựa chọn không thuộc: %(choices)s."),
    ),
    (
        re.compile(r"One or more of the choices you made was in: (?P<choices>.*)\."),
        _l("Có lựa chọn không được phép: %(choices)s."),
    ),
]


def in_api() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def api_locale() -> str:
    """The language of API answers: the best of vi/en in Accept-Language, else Vietnamese."""
    return request.accept_languages.best_match(LOCALES, default="vi")


def fail(status: int, detail=None, *, kind: str | None = None, errors=None, headers=None):
    """Raise the HTTP error ``status``, answered as a problem with these details."""
    exc = default_exceptions[status]()
    exc.problem = {"detail": detail, "kind": kind, "errors": errors, "headers": headers or {}}
    raise exc


def refuse_fields(names) -> None:
    """422 naming the fields the caller may not set (never silently ignored)."""
    names = sorted(names)
    errors = {name: [str(_l("Không được đặt trường này."))] for name in names}
    fail(422, kind="refused_fields", errors=errors, detail={"names": ", ".join(names)})


def unknown_reference(field: str) -> None:
    """422: the body names a record (a unit, a person…) that does not exist."""
    fail(422, errors={field: [_l("Không có bản ghi này.")]})


def _type_uri(kind: str | None) -> str:
    return f"{PREFIX}/docs#problem-{kind.replace('_', '-')}" if kind else "about:blank"


def _translate(messages):
    if isinstance(messages, dict):
        return {str(key): _translate(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [_translate(m) for m in messages]
    text = str(messages)
    if text in FIELD_MESSAGES:
        return str(FIELD_MESSAGES[text])
    for pattern, template in FIELD_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            values = match.groupdict()
            for name in ("op", "min_op", "max_op"):
                if name in values:
                    values[name] = str(_OPS[values[name]])
            return str(template) % values
    return text


def _flatten(messages) -> dict:
    """webargs keys errors by location ({"json": {...}}); callers want them by field."""
    if not isinstance(messages, dict):
        return {"_request": messages}
    flat: dict = {}
    for key, value in messages.items():
        if key in ("json", "query", "querystring", "form", "files", "multipart", "view_args"):
            flat.update(value if isinstance(value, dict) else {"_request": value})
        else:
            flat[key] = value
    return flat


def problem_body(exc: HTTPException) -> tuple[dict, int, dict]:
    """The problem document of ``exc``, in the request's language."""
    status = exc.code if exc.code in TITLES else (500 if (exc.code or 500) >= 500 else 400)
    extra = getattr(exc, "problem", None) or {}
    kind = extra.get("kind")
    with force_locale(api_locale()):
        detail = extra.get("detail")
        if kind in KINDS:
            template = KINDS[kind]
            detail = str(template) % detail if isinstance(detail, dict) else str(template)
        elif detail is None:
            detail = DETAILS.get(status, exc.description)
        body = {"type": _type_uri(kind), "title": str(TITLES[status]), "status": status}
        body["detail"] = str(detail)
        errors = extra.get("errors")
        data = getattr(exc, "data", None) or {}
        if errors is None and data.get("messages"):  # webargs: a body or query that fails
            errors = _flatten(data["messages"])
        if errors:
            body["errors"] = _translate(errors)
    headers = dict(extra.get("headers") or {})
    if status == 401:
        challenge = 'Bearer realm="intranet"'
        if kind == "invalid_token":
            challenge += ', error="invalid_token"'
        headers.setdefault("WWW-Authenticate", challenge)
    if status in (405, 429):  # Allow, Retry-After
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                headers.setdefault(name, value)
    return body, status, headers


def problem_response(exc: HTTPException):
    body, status, headers = problem_body(exc)
    if status >= 500:
        db.session.rollback()  # nothing half-done is kept
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE
    )
    response.headers.update(headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def _api_first(handler):
    """A page's error handler that answers API requests with a problem instead."""

    @wraps(handler)
    def wrapped(exc):
        if in_api():
            return problem_response(exc)
        return handler(exc)

    return wrapped


def _plain(exc):
    return exc  # Flask's own response, as before the API was added


def register(app) -> None:
    """Answer every error under /api/v1 with a problem; pages keep their own error pages.

    Runs after the pages' handlers are registered (intranet.errors), and wraps them.
    """
    page_handlers = app.error_handler_spec.setdefault(None, {})
    for code in CODES:
        handlers = dict(page_handlers.get(code) or {})
        handlers.setdefault(default_exceptions[code], _plain)
        for exc_class, handler in handlers.items():
            app.register_error_handler(exc_class, _api_first(handler))
    generic = (page_handlers.get(None) or {}).get(HTTPException, _plain)
    app.register_error_handler(HTTPException, _api_first(generic))
