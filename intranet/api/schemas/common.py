"""Fields and base schemas shared by every resource: text, dates, pages, problems, refusals."""

import re
import unicodedata
from datetime import UTC

import marshmallow as ma
from marshmallow import fields, validate

from intranet.api.errors import refuse_fields
from intranet.extensions import lazy_gettext as _l

MAX_ID = 2**31 - 1  # the databases' integer: larger ids are simply not found
MAX_PER_PAGE = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Text(fields.String):
    """A string read and written as UTF-8 NFC; control characters (NUL…) are refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if _CONTROL.search(text):
            raise ma.ValidationError(str(_l("Chứa ký tự điều khiển không được phép.")))
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ma.ValidationError(str(_l("Không phải văn bản UTF-8 hợp lệ."))) from exc
        return unicodedata.normalize("NFC", text)

    def _serialize(self, value, attr, obj, **kwargs):
        text = super()._serialize(value, attr, obj, **kwargs)
        return None if text is None else unicodedata.normalize("NFC", text)


class UtcDateTime(fields.DateTime):
    """ISO 8601 with its offset: the database keeps naive UTC times."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def Id(**kwargs) -> fields.Integer:
    """A record id: a positive integer the databases can hold."""
    return fields.Integer(validate=validate.Range(1, MAX_ID), **kwargs)


def Year(**kwargs) -> fields.Integer:
    return fields.Integer(validate=validate.Range(1900, 2100), **kwargs)


def Bounded(max_length: int, **kwargs) -> Text:
    return Text(validate=validate.Length(max=max_length), **kwargs)


class InputSchema(ma.Schema):
    """A request body: any field it does not declare is refused by name (422), never ignored.

    Fields such as unit, owner, status or created_by are taken from the caller and the record's
    life, never from the body; naming them in a body is an error the caller should see.
    """

    # Sent by browsers with multipart forms; the CSRF check has read it already.
    ALLOWED_EXTRA = frozenset({"csrf_token"})

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def _refuse_undeclared(self, data, **kwargs):
        if not hasattr(data, "keys"):
            return data
        names = set(data.keys())
        known = {f.data_key or name for name, f in self.load_fields.items()}
        unknown = {str(k) for k in names} - known - self.ALLOWED_EXTRA
        if unknown:
            refuse_fields(unknown)
        if self.ALLOWED_EXTRA & names:
            # webargs' proxy gives a list for list fields and one value otherwise
            data = {k: data[k] for k in names - self.ALLOWED_EXTRA}
        return data


class QuerySchema(ma.Schema):
    """Query arguments; unknown ones are left aside, as links often carry more."""

    class Meta:
        unknown = ma.EXCLUDE


class PageArgs(QuerySchema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, MAX_PER_PAGE))


def sort_field(options: list[str], default: str) -> fields.String:
    """``sort``: a column name, ascending, or with a leading "-", descending."""
    choices = [*options, *(f"-{o}" for o in options)]
    return fields.String(
        load_default=default,
        validate=validate.OneOf(choices),
        metadata={"description": "Tên cột; thêm dấu - ở đầu để xếp giảm dần."},
    )


_PAGES: dict[str, type] = {}


def page_of(item_schema: type) -> type:
    """The envelope of one page of ``item_schema``: items, total, page, per_page, pages."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _PAGES:
        _PAGES[name] = type(
            name,
            (ma.Schema,),
            {
                "items": fields.List(fields.Nested(item_schema), required=True),
                "total": fields.Integer(required=True),
                "page": fields.Integer(required=True),
                "per_page": fields.Integer(required=True),
                "pages": fields.Integer(required=True),
            },
        )
    return _PAGES[name]


class ProblemSchema(ma.Schema):
    """An error, as RFC 9457 describes it; ``errors`` names the fields at fault."""

    type = fields.String(required=True, metadata={"description": "URI của loại lỗi"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), metadata={"description": "Lỗi theo từng trường"})


class UnitRefSchema(ma.Schema):
    id = fields.Integer(required=True)
    code = Text(required=True)
    name = Text(required=True)


class UserRefSchema(ma.Schema):
    id = fields.Integer(required=True)
    username = Text(required=True)
    full_name = Text(required=True)
