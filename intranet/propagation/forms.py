"""Forms of propagation."""

from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from intranet.extensions import lazy_gettext as _l
from intranet.forms import DateField, FlaskForm
from intranet.propagation.models import Channel


class ActivityForm(FlaskForm):
    channel = SelectField(
        _l("Hình thức tuyên truyền"),
        choices=[(c.value, c.label) for c in Channel],
        validators=[DataRequired(message=_l("Hãy chọn hình thức tuyên truyền."))],
    )
    held_on = DateField(
        _l("Ngày thực hiện"), validators=[InputRequired(message=_l("Hãy nhập ngày thực hiện."))]
    )
    unit_id = SelectField(_l("Đơn vị thực hiện"), coerce=int, validators=[Optional()])
    audience = StringField(
        _l("Đối tượng"),
        validators=[DataRequired(message=_l("Hãy ghi đối tượng.")), Length(max=300)],
    )
    link = StringField(_l("Đường dẫn (nếu có)"), validators=[Optional(), Length(max=500)])
    file = FileField(_l("Tệp (nếu có)"))
    reach = IntegerField(
        _l("Số người tiếp cận (nếu biết)"),
        validators=[Optional(), NumberRange(min=0, max=10_000_000)],
    )


class AdoptionForm(FlaskForm):
    practice = TextAreaField(
        _l("Cách làm đã áp dụng"),
        validators=[DataRequired(message=_l("Hãy ghi cách làm đã áp dụng.")), Length(max=20_000)],
    )
    adopted_on = DateField(
        _l("Ngày áp dụng"), validators=[InputRequired(message=_l("Hãy nhập ngày áp dụng."))]
    )
    result = TextAreaField(_l("Kết quả"), validators=[Length(max=20_000)])
    unit_id = SelectField(_l("Đơn vị áp dụng"), coerce=int, validators=[Optional()])


class StoryForm(FlaskForm):
    title = StringField(
        _l("Tiêu đề"),
        validators=[DataRequired(message=_l("Hãy nhập tiêu đề.")), Length(max=300)],
    )
    body = TextAreaField(
        _l("Nội dung"),
        description=_l("Mỗi đoạn cách nhau một dòng trống."),
        validators=[DataRequired(message=_l("Hãy nhập nội dung.")), Length(max=20_000)],
    )


class PhotoForm(FlaskForm):
    photo = FileField(_l("Ảnh (JPEG hoặc PNG)"))
    caption = StringField(_l("Chú thích ảnh"), validators=[Length(max=500)])
