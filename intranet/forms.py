"""The base of every form: Flask-WTF's, with WTForms' own messages in the reader's language.

WTForms ships no Vietnamese catalogue: a choice not in the list, a number that is not one, or a
field longer than allowed was answered in English ("Not a valid choice."). The messages the
fields and validators of this app can raise are given here in Vietnamese; English readers keep
WTForms' text.
"""

from flask_babel import get_locale
from flask_wtf import FlaskForm as _FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from werkzeug.datastructures import FileStorage
from wtforms.fields import FileField

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
