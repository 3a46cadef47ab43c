"""Schemas of the search: the page's query language, filters, facets and snippets."""

import marshmallow as ma
from marshmallow import fields, validate

from intranet.api.schemas.common import Bounded, QuerySchema, Text, Year
from intranet.indexing.queries import FACETS
from intranet.search import TYPES


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
    subject = fields.String(
        validate=validate.OneOf(["individual", "collective"]),
        metadata={"description": "Điển hình cá nhân (individual) hay tập thể (collective)"},
    )
    year = Year()
    unit = Bounded(100, metadata={"description": "Mã đơn vị: KCNTT… (tên ở unit_name)"})
    field = Bounded(100, metadata={"description": "Lĩnh vực, như trong danh mục"})
    status = Bounded(100)
    date_from = fields.Date(metadata={"description": "Ngày của hồ sơ từ (gồm cả ngày này)"})
    date_to = fields.Date()
    sort = fields.String(
        load_default="relevance",
        validate=validate.OneOf(["relevance", "date"]),
        metadata={
            "description": "date: theo ngày của hồ sơ (ngày ban hành, ngày minh chứng, "
            "ngày quyết định khen thưởng), mới nhất trước"
        },
    )
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
    unit = Text(allow_none=True, required=True, metadata={"description": "Mã đơn vị"})
    unit_name = Text(allow_none=True, required=True, metadata={"description": "Tên đơn vị"})
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
    message = Text(
        allow_none=True,
        required=True,
        metadata={"description": "Câu tìm trống, bị rút gọn, tìm kiếm gián đoạn, trang quá cuối"},
    )
    degraded = fields.Boolean(required=True)


class SuggestArgs(QuerySchema):
    q = Text(load_default="", validate=validate.Length(max=200))


class SuggestionSchema(ma.Schema):
    title = Text(required=True, metadata={"description": "Tiêu đề, số ký hiệu hoặc tên người"})
    type = fields.String(required=True)
    label = Text(required=True, metadata={"description": "Loại hồ sơ, bằng lời"})
    url = fields.String(required=True)
    unit = Text(allow_none=True, required=True, metadata={"description": "Tên đơn vị"})


class SuggestionsSchema(ma.Schema):
    suggestions = fields.List(fields.Nested(SuggestionSchema), required=True)
