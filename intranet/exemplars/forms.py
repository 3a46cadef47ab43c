"""Forms of the exemplars area."""

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from intranet import clock
from intranet.exemplars.catalogues import Applies
from intranet.extensions import lazy_gettext as _l
from intranet.forms import DateField, FlaskForm


class ExemplarForm(FlaskForm):
    subject = RadioField(
        _l("Đề xuất cho"),
        choices=[("individual", _l("Cá nhân")), ("collective", _l("Tập thể"))],
        default="individual",
    )
    person_id = SelectField(_l("Cán bộ của đơn vị"), coerce=int)
    name = StringField(
        _l("Hoặc họ tên / tên tập thể"),
        description=_l("Để trống tên tập thể để đề xuất cả đơn vị."),
        validators=[Length(max=200)],
    )
    year = IntegerField(
        _l("Năm"),
        default=lambda: clock.today().year,
        validators=[
            DataRequired(message=_l("Hãy nhập năm.")),
            NumberRange(2000, 2100, message=_l("Năm không hợp lệ.")),
        ],
    )
    field_id = SelectField(_l("Lĩnh vực"), coerce=int)
    movement_id = SelectField(_l("Phong trào thi đua"), coerce=int)
    achievement = TextAreaField(
        _l("Thành tích"),
        description=_l("Nêu cụ thể, trung thực; mỗi thành tích cần có minh chứng."),
        validators=[DataRequired(message=_l("Hãy mô tả thành tích.")), Length(max=20_000)],
    )
    version = HiddenField()


class EvidenceForm(FlaskForm):
    file = FileField(_l("Tệp minh chứng"))
    title = StringField(
        _l("Tên minh chứng"),
        validators=[Length(max=300)],
        description=_l("Ví dụ: Giấy khen của UBND tỉnh năm 2024"),
    )
    evidence_date = DateField(_l("Ngày của minh chứng"), validators=[Optional()])
    description = TextAreaField(_l("Mô tả"), validators=[Length(max=5000)])


class StepForm(FlaskForm):
    note = TextAreaField(_l("Ghi chú / lý do"), validators=[Length(max=5000)])


class ReviewForm(FlaskForm):
    verdict = RadioField(
        _l("Kết quả"),
        choices=[("accepted", _l("Chấp nhận")), ("rejected", _l("Không chấp nhận"))],
    )
    note = TextAreaField(_l("Nhận xét"), validators=[Length(max=5000)])


class AwardLineForm(FlaskForm):
    exemplar_id = SelectField(_l("Điển hình đã được xác nhận"), coerce=int)
    person_id = SelectField(_l("Hoặc cán bộ"), coerce=int)
    unit_id = SelectField(_l("Hoặc tập thể (đơn vị)"), coerce=int)
    title_id = SelectField(_l("Danh hiệu thi đua"), coerce=int)
    form_id = SelectField(_l("Hình thức khen thưởng"), coerce=int)
    kind_id = SelectField(_l("Loại hình"), coerce=int)
    level_id = SelectField(_l("Cấp"), coerce=int)
    amount = IntegerField(
        _l("Tiền thưởng (đồng)"),
        default=0,
        validators=[Optional(), NumberRange(0, 10**12, message=_l("Số tiền không hợp lệ."))],
    )


class CatalogueEntryForm(FlaskForm):
    name = StringField(
        _l("Tên"), validators=[DataRequired(message=_l("Hãy nhập tên.")), Length(max=200)]
    )
    applies_to = SelectField(
        _l("Áp dụng cho"),
        choices=[
            (Applies.ANY.value, _l("Cá nhân và tập thể")),
            (Applies.INDIVIDUAL.value, _l("Cá nhân")),
            (Applies.COLLECTIVE.value, _l("Tập thể")),
        ],
    )
    active = BooleanField(_l("Đang dùng"), default=True)
    threshold = IntegerField(
        _l("Ngưỡng bình xét (%)"),
        description=_l(
            "Tỷ lệ người dự họp đơn vị đồng ý cần đạt trước khi đơn vị xác nhận đề xuất danh "
            "hiệu này; để trống nếu không yêu cầu."
        ),
        validators=[Optional(), NumberRange(1, 100, message=_l("Hãy nhập tỷ lệ từ 1 đến 100."))],
    )
