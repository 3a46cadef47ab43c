"""Answers kept for the rest of one request: the lists a page asks for more than once."""

import functools

from flask import has_request_context, request
from flask_babel import get_locale


def per_request(func):
    """``func()``'s answer, computed once per request (outside a request, at every call).

    Kept in the request's WSGI environ rather than in ``g``: a test or a command may serve
    several requests in one app context, and each request must see the rows written before it.
    Callers must not change the answer they get.
    """
    key = f"intranet.memo:{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper():
        if not has_request_context():
            return func()
        environ = request.environ
        if key not in environ:
            environ[key] = func()
        return environ[key]

    return wrapper


def request_memo(name: str) -> dict:
    """A dict kept for the rest of this request (outside a request, a new one at every call)."""
    if not has_request_context():
        return {}
    return request.environ.setdefault(f"intranet.memo:{name}", {})


def per_locale(func):
    """``func()``'s answer, kept by the process for each language: for lists made of the code's
    own values and their translated words only, never of rows. Callers must not change it."""
    answers = {}

    @functools.wraps(func)
    def wrapper():
        locale = str(get_locale())
        if locale not in answers:
            answers[locale] = func()
        return answers[locale]

    return wrapper
