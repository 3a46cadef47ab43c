"""Forms of the council's work."""

from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from intranet import clock
from intranet.council.models import SEAT_LABELS
from intranet.extensions import lazy_gettext as _l
from intranet.forms import DateField, FlaskForm


class MemberForm(FlaskForm):
    person_id = SelectField(_l("Cán bộ"), coerce=int)
    seat = SelectField(
        _l("Vị trí trong Hội đồng"), choices=[(k.value, v) for k, v in SEAT_LABELS.items()]
    )


class MeetingForm(FlaskForm):
    year = IntegerField(
        _l("Xét thành tích năm"),
        validators=[InputRequired(message=_l("Hãy nhập năm.")), NumberRange(2000, 2100)],
    )
    held_on = DateField(
        _l("Ngày họp"),
        default=clock.today,
        validators=[InputRequired(message=_l("Hãy nhập ngày họp."))],
    )
    place = StringField(_l("Địa điểm"), validators=[Length(max=200)])
    notice_days = IntegerField(
        _l("Số ngày công khai"),
        validators=[
            Optional(),
            NumberRange(1, 60, message=_l("Số ngày công khai phải từ 1 đến 60.")),
        ],
    )


def _count(label):
    return IntegerField(
        label,
        validators=[
            InputRequired(message=_l("Hãy nhập đủ số thành viên có mặt và số phiếu.")),
            NumberRange(0, 1000, message=_l("Số phiếu phải là số nguyên không âm.")),
        ],
    )


class TallyForm(FlaskForm):
    present = _count(_l("Có mặt"))
    agree = _count(_l("Đồng ý"))
    disagree = _count(_l("Không đồng ý"))
    invalid = _count(_l("Không hợp lệ"))


class ScanForm(FlaskForm):
    scan = FileField(_l("Biên bản đã ký (bản quét)"))


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Ý kiến của bạn"),
        validators=[DataRequired(message=_l("Hãy ghi nội dung ý kiến.")), Length(max=4000)],
    )


class HandleForm(FlaskForm):
    handling = TextAreaField(
        _l("Cách xử lý"),
        validators=[DataRequired(message=_l("Hãy ghi cách xử lý ý kiến.")), Length(max=4000)],
    )
