"""Answers kept for the rest of one request: the lists a page asks for more than once."""

import functools

from flask import has_request_context, request


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
