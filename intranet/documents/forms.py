"""Forms of the documents area."""

from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from intranet.accounts.forms import MultiCheckboxField
from intranet.accounts.models import ROLE_LABELS
from intranet.documents.kinds import KINDS
from intranet.documents.models import RELATION_LABELS
from intranet.extensions import lazy_gettext as _l
from intranet.forms import DateField, FlaskForm

_YEAR = NumberRange(1945, 2100, message=_l("Năm phải từ 1945 đến 2100."))


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Loại văn bản"), choices=[(c, label) for c, label in KINDS.items()])
    number_symbol = StringField(
        _l("Số và ký hiệu"),
        validators=[DataRequired(message=_l("Hãy nhập số và ký hiệu.")), Length(max=80)],
    )
    issued_on = DateField(
        _l("Ngày ban hành"),
        validators=[DataRequired(message=_l("Hãy nhập ngày ban hành (ngày/tháng/năm)."))],
    )
    issued_place = StringField(_l("Địa danh"), default="Bình Phước", validators=[Length(max=100)])
    issuer_name = StringField(
        _l("Cơ quan ban hành"), default="Trường Cao đẳng Bình Phước", validators=[Length(max=200)]
    )
    summary = TextAreaField(
        _l("Trích yếu"),
        validators=[DataRequired(message=_l("Hãy nhập trích yếu.")), Length(max=2000)],
    )
    body = TextAreaField(_l("Nội dung (nếu có)"), validators=[Length(max=200_000)])
    period_start = IntegerField(_l("Giai đoạn từ năm"), validators=[Optional(), _YEAR])
    period_end = IntegerField(_l("đến năm"), validators=[Optional(), _YEAR])
    implements = StringField(
        _l("Thực hiện kế hoạch"),
        description=_l(
            "Số, ký hiệu của kế hoạch cấp trên, ví dụ: 113/KH-UBND ngày 03/4/2023 của UBND tỉnh"
        ),
        validators=[Length(max=500)],
    )
    basis = TextAreaField(
        _l("Căn cứ"),
        description=_l("Mỗi dòng một văn bản, ví dụ: Luật Thi đua, khen thưởng ngày 15/6/2022"),
        validators=[Length(max=10_000)],
    )
    relation = SelectField(
        _l("Văn bản này"),
        choices=[("", _l("— (không sửa đổi văn bản nào)"))]
        + [(r.value, label[0]) for r, label in RELATION_LABELS.items()],
        validate_choice=False,  # left out by a form of before: none; the service checks the rest
    )
    relation_target = StringField(
        _l("văn bản số"),
        description=_l("Số, ký hiệu của văn bản đã ban hành, ví dụ: 98/QĐ-CĐBP"),
        validators=[Length(max=80)],
    )
    signer_authority = StringField(
        _l("Thẩm quyền ký"), description=_l("Ví dụ: KT. HIỆU TRƯỞNG"), validators=[Length(max=100)]
    )
    signer_title = StringField(
        _l("Chức vụ người ký"),
        description=_l("Ví dụ: PHÓ HIỆU TRƯỞNG"),
        validators=[Length(max=100)],
    )
    signer_name = StringField(_l("Người ký"), validators=[Length(max=200)])
    recipients = TextAreaField(
        _l("Nơi nhận"), description=_l("Mỗi dòng một nơi nhận"), validators=[Length(max=5000)]
    )
    unit_id = SelectField(_l("Đơn vị soạn thảo"), coerce=int)
    audience_all = RadioField(
        _l("Phát hành đến"),
        choices=[
            ("all", _l("Toàn thể CBVCNLĐ")),
            ("some", _l("Chỉ các đơn vị, vai trò được chọn")),
        ],
        default="all",
    )
    audience_units = MultiCheckboxField(_l("Đơn vị nhận"), coerce=int)
    audience_roles = MultiCheckboxField(
        _l("Vai trò nhận"), choices=[(r.value, label) for r, label in ROLE_LABELS.items()]
    )
    version = HiddenField()


class SignForm(FlaskForm):
    signer_authority = SelectField(
        _l("Thẩm quyền ký"),
        choices=[
            ("", _l("— (Hiệu trưởng ký)")),
            ("KT. HIỆU TRƯỞNG", "KT. HIỆU TRƯỞNG"),
            ("TL. HIỆU TRƯỞNG", "TL. HIỆU TRƯỞNG"),
            ("Q. HIỆU TRƯỞNG", "Q. HIỆU TRƯỞNG"),
            ("TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"),
        ],
        default="",  # left out (the head signs himself): no authority, not "Not a valid choice"
    )
    signer_title = StringField(
        _l("Chức vụ"),
        default="PHÓ HIỆU TRƯỞNG",
        validators=[DataRequired(message=_l("Hãy ghi chức vụ người ký.")), Length(max=100)],
    )
    signer_name = StringField(
        _l("Họ tên người ký"),
        validators=[DataRequired(message=_l("Hãy ghi họ tên người ký.")), Length(max=200)],
    )


class ReturnForm(FlaskForm):
    reason = TextAreaField(
        _l("Lý do trả lại"),
        validators=[DataRequired(message=_l("Hãy ghi lý do trả lại.")), Length(max=2000)],
    )


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Lý do thu hồi"), validators=[DataRequired(message=_l("Hãy ghi lý do thu hồi."))]
    )


class SupersedeForm(FlaskForm):
    replacement = StringField(
        _l("Văn bản thay thế (số và ký hiệu)"),
        validators=[DataRequired(message=_l("Hãy nhập số và ký hiệu của văn bản thay thế."))],
    )
    note = TextAreaField(_l("Ghi chú"))


class TaskForm(FlaskForm):
    description = TextAreaField(
        _l("Nhiệm vụ"), validators=[DataRequired(message=_l("Hãy nhập nội dung nhiệm vụ."))]
    )
    assignee_unit_id = SelectField(_l("Đơn vị chủ trì"), coerce=int)
    assignee_role = SelectField(
        _l("Hoặc vai trò"),
        choices=[("", "—")] + [(r.value, label) for r, label in ROLE_LABELS.items()],
    )
    # The columns' sizes: PostgreSQL refuses a longer value (a server error), SQLite kept it.
    assignee_text = StringField(
        _l("Hoặc ghi rõ"), description=_l("Ví dụ: Các đơn vị"), validators=[Length(max=200)]
    )
    deadline_on = DateField(_l("Hạn (một ngày)"), validators=[Optional()])
    deadline_yearly = StringField(
        _l("Hoặc hạn hằng năm (ngày/tháng)"),
        description=_l("Ví dụ: 30/6 nghĩa là trước 30/6 hằng năm"),
    )
    target_count = IntegerField(
        _l("Chỉ tiêu (số điển hình mỗi đơn vị mỗi năm)"),
        validators=[Optional(), NumberRange(max=10_000)],  # a negative one: the service says so
    )
    target_text = StringField(_l("Chỉ tiêu (diễn giải)"), validators=[Length(max=300)])
