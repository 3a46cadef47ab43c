"""Forms of the accounts area; every message in the user's language."""

from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from intranet.accounts.models import ROLE_LABELS
from intranet.accounts.services import MIN_PASSWORD
from intranet.accounts.tokens import DEFAULT_DAYS, MAX_DAYS, MAX_NAME
from intranet.extensions import lazy_gettext as _l
from intranet.forms import FlaskForm


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _required(field_name):
    return DataRequired(message=_l("Hãy nhập %(f)s.", f=field_name))


def _at_most(n: int):
    # WTForms' own message is English; WTForms fills in %(max)d.
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[_required(_l("tên đăng nhập"))])
    password = PasswordField(_l("Mật khẩu"), validators=[_required(_l("mật khẩu"))])


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Ngôn ngữ"), choices=[("vi", "Tiếng Việt"), ("en", "English")])


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Mật khẩu hiện tại"), validators=[_required(_l("mật khẩu hiện tại"))]
    )
    new = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            _required(_l("mật khẩu mới")),
            Length(
                min=MIN_PASSWORD,
                message=_l("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[EqualTo("new", message=_l("Hai lần nhập mật khẩu mới không khớp."))],
    )


class UserForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[_required(_l("tên đăng nhập"))])
    full_name = StringField(_l("Họ và tên"), validators=[_required(_l("họ và tên")), _at_most(200)])
    email = EmailField(_l("Thư điện tử"), validators=[Optional(), _at_most(200)])
    unit_id = SelectField(_l("Đơn vị"), coerce=int)
    roles = MultiCheckboxField(
        _l("Vai trò"), choices=[(r.value, label) for r, label in ROLE_LABELS.items()]
    )
    active = BooleanField(_l("Đang hoạt động"), default=True)
    password = PasswordField(
        _l("Mật khẩu"),
        description=_l("Để trống nếu không đổi. Ít nhất %(n)d ký tự.", n=MIN_PASSWORD),
    )


class UnitForm(FlaskForm):
    code = StringField(_l("Mã đơn vị"), validators=[_required(_l("mã đơn vị")), _at_most(20)])
    name = StringField(_l("Tên đơn vị"), validators=[_required(_l("tên đơn vị")), _at_most(200)])
    active = BooleanField(_l("Đang hoạt động"), default=True)


class TokenForm(FlaskForm):
    """A new personal API token: a name to recognise it by, and how many days it lives."""

    name = StringField(
        _l("Tên mã truy cập"),
        validators=[_required(_l("tên mã truy cập")), Length(max=MAX_NAME)],
        description=_l("Để nhận ra mã, ví dụ: tập lệnh báo cáo của Phòng HC–TC."),
    )
    days = IntegerField(
        _l("Thời hạn (ngày)"),
        default=DEFAULT_DAYS,
        validators=[
            _required(_l("thời hạn")),
            NumberRange(
                min=1, max=MAX_DAYS, message=_l("Thời hạn từ 1 đến %(n)d ngày.", n=MAX_DAYS)
            ),
        ],
    )
