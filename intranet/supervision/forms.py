"""Forms of the supervision area."""

from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from intranet.accounts.forms import MultiCheckboxField
from intranet.extensions import lazy_gettext as _l
from intranet.forms import DateField, FlaskForm


class ReportForm(FlaskForm):
    summary = TextAreaField(_l("Kết quả thực hiện kế hoạch"), validators=[Length(max=50_000)])
    file = FileField(_l("Tệp báo cáo (nếu có)"))


class ReturnForm(FlaskForm):
    note = TextAreaField(
        _l("Nội dung cần sửa"), validators=[DataRequired(message=_l("Hãy ghi nội dung cần sửa."))]
    )


class InspectionForm(FlaskForm):
    unit_id = SelectField(_l("Đơn vị được kiểm tra"), coerce=int)
    inspected_on = DateField(
        _l("Ngày kiểm tra"), validators=[DataRequired(message=_l("Hãy nhập ngày kiểm tra."))]
    )
    members = TextAreaField(
        _l("Thành phần đoàn kiểm tra"),
        validators=[DataRequired(message=_l("Hãy ghi thành phần đoàn.")), Length(max=5000)],
    )
    scope = TextAreaField(
        _l("Nội dung, phạm vi kiểm tra"),
        validators=[DataRequired(message=_l("Hãy ghi nội dung kiểm tra.")), Length(max=10_000)],
    )
    documents = TextAreaField(
        _l("Văn bản đã xem xét (mỗi dòng một số, ký hiệu)"), validators=[Length(max=5000)]
    )
    # Not checked against the choices here: the service refuses another unit's exemplar with a
    # message that says so (WTForms' own is English and says only "not a valid choice").
    exemplar_ids = MultiCheckboxField(
        _l("Hồ sơ điển hình đã xem xét"), coerce=int, validate_choice=False
    )
    findings = TextAreaField(_l("Kết quả kiểm tra"), validators=[Length(max=50_000)])
    conclusion = TextAreaField(_l("Kết luận"), validators=[Length(max=20_000)])
    minutes = FileField(_l("Biên bản kiểm tra (tệp)"))


class FollowUpForm(FlaskForm):
    action = TextAreaField(
        _l("Việc cần khắc phục"),
        validators=[DataRequired(message=_l("Hãy ghi việc cần khắc phục."))],
    )
    deadline = DateField(_l("Hạn hoàn thành"), validators=[Optional()])


class CloseForm(FlaskForm):
    note = TextAreaField(
        _l("Kết quả khắc phục"), validators=[DataRequired(message=_l("Hãy ghi kết quả khắc phục."))]
    )
