"""The base of every form: Flask-WTF's, with WTForms' own messages in the reader's language.

WTForms ships no Vietnamese catalogue: a choice not in the list, a number that is not one, or a
field longer than allowed was answered in English ("Not a valid choice."). The messages the
fields and validators of this app can raise are given here in Vietnamese; English readers keep
WTForms' text.
"""

import json

from flask import url_for
from flask_babel import get_locale
from flask_wtf import FlaskForm as _FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from werkzeug.datastructures import FileStorage
from wtforms.fields import Field, FileField
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from intranet.extensions import gettext as _
from intranet.extensions import lazy_gettext as _l
from intranet.text import format_day, parse_date

_CHOICE = "Lựa chọn không hợp lệ."
VIETNAMESE = {
    "This field is required.": "Trường này là bắt buộc.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Not a valid choice.": _CHOICE,
    "Invalid Choice: could not coerce.": _CHOICE,
    "Invalid choice(s): one or more data inputs could not be coerced.": _CHOICE,
    "'%(value)s' is not a valid choice for this field.": "“%(value)s” không phải lựa chọn hợp lệ.",
    "Not a valid integer value.": "Hãy nhập một số nguyên.",
    "Not a valid decimal value.": "Hãy nhập một số.",
    "Not a valid float value.": "Hãy nhập một số.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Ít nhất %(min)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Số không được lớn hơn %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
    "Field must be equal to %(other_name)s.": "Phải giống trường %(other_name)s.",
}


class _Translations:
    """WTForms' gettext: Vietnamese from the table above, else WTForms' own catalogue."""

    @staticmethod
    def _vietnamese() -> bool:
        return str(get_locale() or "vi") == "vi"

    def gettext(self, string: str) -> str:
        if self._vietnamese():
            return VIETNAMESE.get(string, string)
        return wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self._vietnamese():
            return VIETNAMESE.get(singular, singular)
        return wtforms_translations.ngettext(singular, plural, n)


TRANSLATIONS = _Translations()


class FlaskForm(_FlaskForm):
    class Meta(_FlaskForm.Meta):
        def get_translations(self, form):
            return TRANSLATIONS

    def validate(self, extra_validators=None):
        # A file sent where text is expected (a hostile or broken client) counts as empty text,
        # not as a server error in the field's validators.
        for field in self:
            if not isinstance(field, FileField) and isinstance(field.data, FileStorage):
                field.data, field.raw_data = None, []
        return super().validate(extra_validators)


_FLATPICKR = "vendor/flatpickr-4.6.13"  # MIT, from the npm registry (LICENSE.md beside it)


def date_input_attrs() -> dict[str, str]:
    """The attributes of a text box that holds a day (a form's field or a filter's box): typed as
    dd/mm/yyyy with the digits keyboard, and, where script runs, a calendar in the page's language
    (static/date-picker.js, which app.js loads only on pages that have such a box)."""
    assets = {
        "script": url_for("static", filename="date-picker.js"),
        "css": [
            url_for("static", filename=f"{_FLATPICKR}/flatpickr.min.css"),
            url_for("static", filename="date-picker.css"),
        ],
        "js": [
            url_for("static", filename=f"{_FLATPICKR}/flatpickr.min.js"),
            url_for("static", filename=f"{_FLATPICKR}/l10n/vn.js"),
        ],
        "button": _("Chọn trên lịch"),
    }
    return {
        "inputmode": "numeric",
        "placeholder": "dd/mm/yyyy",
        "autocomplete": "off",
        "maxlength": "10",
        "data-date-picker": json.dumps(assets, ensure_ascii=False),
    }


class _DateInput(TextInput):
    def __call__(self, field, **kwargs):
        for key, value in date_input_attrs().items():
            kwargs.setdefault(key, value)
        return super().__call__(field, **kwargs)


class DateField(Field):
    """The one date field of the forms: a text box shown and typed as dd/mm/yyyy in every language
    (not the browser's own date box, which follows the browser's language); ISO is accepted too.
    Anything else is an error of the field in the reader's language, never a server error."""

    widget = _DateInput()

    def __init__(self, label=None, validators=None, description=None, **kwargs):
        if description is None:
            description = _l("Ngày/tháng/năm, ví dụ 05/02/2025")
        super().__init__(label, validators, description=description, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]  # what was typed, shown back with its error
        return format_day(self.data)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_date(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(
                _("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025.")
            ) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the one message above, not "required" besides
