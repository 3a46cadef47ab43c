"""Forms of the emulation year."""

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from intranet import clock
from intranet.extensions import lazy_gettext as _l
from intranet.forms import DateField, FlaskForm


class MovementForm(FlaskForm):
    name = StringField(
        _l("Tên phong trào"),
        validators=[DataRequired(message=_l("Hãy nhập tên phong trào.")), Length(max=300)],
    )
    document_id = SelectField(_l("Phát động bằng văn bản"), coerce=int)
    starts_on = DateField(
        _l("Từ ngày"), validators=[InputRequired(message=_l("Hãy nhập ngày bắt đầu."))]
    )
    ends_on = DateField(
        _l("Đến ngày"), validators=[InputRequired(message=_l("Hãy nhập ngày kết thúc."))]
    )
    unit_ids = SelectMultipleField(_l("Đơn vị tham gia"), coerce=int)
    goals = TextAreaField(_l("Mục tiêu"), validators=[Length(max=20_000)])


class CriteriaForm(FlaskForm):
    title = StringField(
        _l("Tên bộ tiêu chí"),
        validators=[DataRequired(message=_l("Hãy nhập tên.")), Length(max=300)],
    )
    body = TextAreaField(
        _l("Tiêu chuẩn, tiêu chí"),
        description=_l("Mỗi lần lưu là một phiên bản mới; các phiên bản cũ vẫn được giữ."),
        validators=[DataRequired(message=_l("Hãy nhập nội dung tiêu chí.")), Length(max=50_000)],
    )


class RegistrationForm(FlaskForm):
    title_id = SelectField(_l("Danh hiệu đăng ký"), coerce=int)
    commitments = TextAreaField(
        _l("Nội dung đăng ký, cam kết"),
        validators=[
            DataRequired(message=_l("Hãy ghi nội dung đăng ký, cam kết.")),
            Length(max=20_000),
        ],
    )
    collective = BooleanField(_l("Đăng ký cho tập thể đơn vị"))


class EvaluationForm(FlaskForm):
    """The per-person fields (rating-N, comment-N) are read from the request by the view."""

    criteria_id = SelectField(_l("Theo tiêu chí"), coerce=int)
    minutes = FileField(_l("Biên bản họp đánh giá của đơn vị"))


class TallyForm(FlaskForm):
    title_id = SelectField(_l("Danh hiệu đề nghị"), coerce=int)
    held_on = DateField(
        _l("Ngày họp"),
        default=clock.today,
        validators=[InputRequired(message=_l("Hãy nhập ngày họp."))],
    )
    present = IntegerField(
        _l("Số người dự họp"),
        validators=[InputRequired(message=_l("Hãy nhập số người dự họp.")), NumberRange(1, 10_000)],
    )
    agree = IntegerField(
        _l("Số phiếu đồng ý"),
        validators=[InputRequired(message=_l("Hãy nhập số phiếu.")), NumberRange(0, 10_000)],
    )
    disagree = IntegerField(
        _l("Số phiếu không đồng ý"),
        validators=[InputRequired(message=_l("Hãy nhập số phiếu.")), NumberRange(0, 10_000)],
    )
    minutes = FileField(_l("Biên bản họp bình xét"))


class YearForm(FlaskForm):
    year = IntegerField(_l("Năm"), validators=[Optional(), NumberRange(2000, 2100)])


class RatingForm(FlaskForm):
    name = StringField(
        _l("Mức xếp loại"),
        validators=[DataRequired(message=_l("Hãy nhập tên mức xếp loại.")), Length(max=100)],
    )
    active = BooleanField(_l("Đang dùng"), default=True)


class NominationCriteriaForm(FlaskForm):
    criteria_id = SelectField(_l("Phong trào và tiêu chí mà đề xuất đáp ứng"), coerce=int)


class CriteriaCheckForm(FlaskForm):
    """Each item's verdict arrives as ``met-<i>`` ("1" met, "0" not met) and ``note-<i>``."""
