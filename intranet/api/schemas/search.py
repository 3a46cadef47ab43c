"""Schemas of the search: the page's query language, filters, facets and snippets."""

import marshmallow as ma
from marshmallow import fields, validate

from intranet.api.schemas.common import Bounded, QuerySchema, Text, Year
from intranet.search import FACETS, TYPES


class SearchArgs(QuerySchema):
    q = Text(
        validate=validate.Length(max=2000),
        metadata={
            "description": 'Từ khoá, "cụm từ", -loại trừ, số văn bản (36/KH-CĐBP); '
            "như ô tìm kiếm của trang"
        },
    )
    type = fields.String(validate=validate.OneOf(TYPES))
    kind = Bounded(100, metadata={"description": "Loại văn bản: KH, QĐ, BC…"})
    year = Year()
    unit = Bounded(100, metadata={"description": "Mã đơn vị: KCNTT…"})
    field = Bounded(100)
    status = Bounded(100)
    date_from = fields.Date()
    date_to = fields.Date()
    sort = fields.String(load_default="relevance", validate=validate.OneOf(["relevance", "date"]))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 1000))
    per_page = fields.Integer(load_default=10, validate=validate.Range(1, 100))


class HitSchema(ma.Schema):
    key = fields.String(required=True)
    type = fields.String(required=True)
    record_id = fields.Integer(allow_none=True, required=True)
    title = Text(required=True)
    url = fields.String(required=True, metadata={"description": "Trang của hồ sơ"})
    api_url = fields.String(allow_none=True, required=True)
    snippet = Text(
        required=True, metadata={"description": "HTML đã thoát ký tự, <mark> quanh chỗ khớp"}
    )
    score = fields.Float(required=True)
    date = fields.Date(allow_none=True, required=True)
    kind = Text(allow_none=True, required=True)
    year = fields.Integer(allow_none=True, required=True)
    unit = Text(allow_none=True, required=True)
    field = Text(allow_none=True, required=True)
    status = Text(allow_none=True, required=True)


class FacetValueSchema(ma.Schema):
    value = Text(required=True)
    label = Text(required=True)
    count = fields.Integer(required=True)


class SearchResultsSchema(ma.Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    hits = fields.List(fields.Nested(HitSchema), required=True)
    facets = fields.Dict(
        keys=fields.String(validate=validate.OneOf(FACETS)),
        values=fields.List(fields.Nested(FacetValueSchema)),
        required=True,
    )
    message = Text(allow_none=True, required=True)
    degraded = fields.Boolean(required=True)
