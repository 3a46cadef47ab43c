"""The API's building blocks: flask-smorest's Api and Blueprint, fitted to this application.

- errors are problems (errors.py) and are documented as such in the OpenAPI description;
- every view runs after ``auth.authenticate``; the rules' own errors become 422 or 409;
- ``json_body`` and ``multipart`` parse a body after checking its media type (else 415).
"""

import http
import threading
from functools import wraps

import flask_smorest
from flask import request
from flask_babel import force_locale
from flask_login import current_user
from flask_smorest.fields import Upload
from flask_smorest.utils import prepare_response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.exceptions import Conflict, UnprocessableEntity, default_exceptions

from intranet import policy
from intranet.api import auth
from intranet.api.errors import MEDIA_TYPE, api_locale, fail, problem_response
from intranet.api.schemas.common import ProblemSchema
from intranet.domain import DomainError, NotFound
from intranet.extensions import db
from intranet.extensions import lazy_gettext as _l
from intranet.storage import StorageError

MULTIPART = "multipart/form-data"


class Parser(FlaskParser):
    """webargs' parser, plus "multipart": form fields and files read as one body."""

    __location_map__ = dict(multipart="load_multipart", **FlaskParser.__location_map__)

    def load_multipart(self, req, schema):
        _refuse_fields_for_files(req, schema)
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)

    def load_json(self, req, schema):
        try:
            return super().load_json(req, schema)
        except RecursionError as exc:  # "[[[[…": nested too deep for json; a 400, not a 500
            return self._handle_invalid_json_error(exc, req)


def _refuse_fields_for_files(req, schema) -> None:
    """422 when a file field arrives as a plain field: sent so, or a part whose filename broke
    its header (a CR or LF in it ends the header, and the part loses its filename)."""
    wanted = {
        field.data_key or name
        for name, field in schema.fields.items()
        if isinstance(field, Upload) or isinstance(getattr(field, "inner", None), Upload)
    }
    plain = sorted(name for name in wanted if name in req.form)
    if plain:
        message = _l("Phải là một tệp gửi kèm (phần multipart có tên tệp – filename).")
        fail(422, errors={name: [message] for name in plain})


class Api(flask_smorest.Api):
    """flask-smorest's Api, describing its views only when the description is first asked for:
    building the OpenAPI description is most of an app's start-up, and most processes (each
    worker, each test) never serve it."""

    ERROR_SCHEMA = ProblemSchema

    def __init__(self, *args, **kwargs):
        self._undescribed: list[tuple] = []
        self._describing = threading.Lock()
        super().__init__(*args, **kwargs)

    def register_blueprint(self, blp, *, parameters=None, **options):
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undescribed.append((blp, name, parameters))

    @property
    def spec(self):
        """The description, with every registered blueprint's views in it."""
        if self._undescribed:
            with self._describing:
                while self._undescribed:
                    blp, name, parameters = self._undescribed.pop(0)
                    blp.register_views_in_doc(
                        self, self._app, self._spec, name=name, parameters=parameters
                    )
                    self._spec.tag({"name": name, "description": blp.description})
        return self._spec

    @spec.setter
    def spec(self, value):
        self._spec = value

    def _register_error_handlers(self):
        """None here: errors.register answers problems under /api/v1 and leaves pages alone."""

    def _register_responses(self):
        """The error responses of the description, as application/problem+json."""
        for status in http.HTTPStatus:
            if status < 400:
                continue
            response = {"description": status.phrase, "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Lỗi (application/problem+json)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def _rule_broken(exc):
    db.session.rollback()
    error = UnprocessableEntity()
    error.problem = {"detail": str(exc)}
    return problem_response(error)


def _refused(exc: DomainError):
    """A service refused: the same statuses as the pages, as a problem; refusals in the trail."""
    db.session.rollback()
    if isinstance(exc, NotFound):
        policy.note_denial(current_user, exc)
    error = default_exceptions[exc.status]()
    with force_locale(api_locale()):
        detail = None if isinstance(exc, NotFound) else str(exc)
    kind = getattr(exc, "problem_kind", None) or ("conflict" if exc.status == 409 else None)
    error.problem = {"detail": detail, "kind": kind}
    return problem_response(error)


def _conflict(exc):
    db.session.rollback()
    error = Conflict()
    error.problem = {"kind": "conflict"}
    return problem_response(error)


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


class Blueprint(flask_smorest.Blueprint):
    """A blueprint of the API: authenticated, with the rules' errors as problems."""

    ARGUMENTS_PARSER = Parser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": MULTIPART,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_request(auth.authenticate)
        self.register_error_handler(DomainError, _refused)
        self.register_error_handler(StorageError, _rule_broken)
        self.register_error_handler(StaleDataError, _conflict)
        self.register_error_handler(IntegrityError, _conflict)

    def json_body(self, schema, *, required: bool = True, **kwargs):
        """A JSON body (415 for another media type); ``required=False`` documents it optional."""

        def decorator(func):
            parsed = self.arguments(schema, location="json", required=required, **kwargs)(func)

            @wraps(parsed)
            def checked(*args, **kw):
                if _has_body() and not request.is_json:
                    fail(415, kind="media_type", detail={"expected": "application/json"})
                return parsed(*args, **kw)

            return checked

        return decorator

    def multipart(self, schema, **kwargs):
        """A multipart/form-data body with files (415 for another media type)."""

        def decorator(func):
            parsed = self.arguments(schema, location="multipart", **kwargs)(func)

            @wraps(parsed)
            def checked(*args, **kw):
                if request.mimetype != MULTIPART:
                    fail(415, kind="media_type", detail={"expected": MULTIPART})
                return parsed(*args, **kw)

            return checked

        return decorator

    def problems(self, *codes: int):
        """Document the errors an operation answers with, besides the default one."""

        def decorator(func):
            for code in reversed(codes):
                func = self.alt_response(code, response=http.HTTPStatus(code).name)(func)
            return func

        return decorator
