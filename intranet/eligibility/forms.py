"""The secretariat's form for one rule of eligibility."""

from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from intranet.eligibility.models import Kind
from intranet.extensions import lazy_gettext as _l
from intranet.forms import FlaskForm


class RuleForm(FlaskForm):
    title_id = SelectField(_l("Danh hiệu / hình thức khen thưởng"), coerce=int)
    kind = SelectField(_l("Loại điều kiện"), choices=[(k.value, k.label) for k in Kind])
    required_id = SelectField(
        _l("Danh hiệu / hình thức phải đạt"),
        coerce=int,
        description=_l("Với điều kiện đạt danh hiệu liên tục."),
    )
    rating_id = SelectField(
        _l("Mức đánh giá tối thiểu"), coerce=int, description=_l("Với điều kiện đánh giá năm.")
    )
    years = IntegerField(
        _l("Số năm liên tục"),
        default=1,
        validators=[InputRequired(), NumberRange(1, 10, message=_l("Từ 1 đến 10 năm."))],
    )
    offset = IntegerField(
        _l("Tính đến trước năm xét (số năm)"),
        default=0,
        description=_l("0: tính cả năm xét; 1: đến năm trước năm xét."),
        validators=[InputRequired(), NumberRange(0, 5, message=_l("Từ 0 đến 5 năm."))],
    )
    keyword = StringField(
        _l("Từ khoá trong tên minh chứng"),
        default="sáng kiến",
        description=_l("Với điều kiện có sáng kiến: minh chứng đã chấp nhận có từ này trong tên."),
        validators=[Optional(), Length(max=100)],
    )
    article = StringField(
        _l("Căn cứ (điều, khoản)"),
        validators=[InputRequired(message=_l("Hãy ghi căn cứ pháp lý.")), Length(max=300)],
    )
    position = IntegerField(_l("Thứ tự"), default=0, validators=[Optional(), NumberRange(0, 99)])
    active = BooleanField(_l("Đang áp dụng"), default=True)
