"""Reading the forms of a page as a browser would: fields, their values, and what each field is."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, date, number, email, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)

    def values(self) -> dict[str, str | list[str]]:
        """What a browser sends without changing anything (files aside)."""
        data: dict[str, str | list[str]] = {}
        for f in self.fields:
            if f.kind == "file" or not f.name:
                continue
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    if f.kind == "checkbox":
                        data.setdefault(f.name, [])
                        data[f.name].append(f.value)  # type: ignore[union-attr]
                    else:
                        data[f.name] = f.value
                continue
            if f.kind == "select":
                data[f.name] = f.value or (f.options[0] if f.options else "")
                continue
            data[f.name] = f.value
        return data

    def text_fields(self) -> list[str]:
        """Free-text fields: where a person types words (not dates, numbers, choices, tokens)."""
        return [
            f.name
            for f in self.fields
            if f.kind in ("text", "textarea", "search", "email", "url", "tel", "password")
            and f.name
            and f.name != "csrf_token"
        ]

    def kind_of(self, name: str) -> str | None:
        return next((f.kind for f in self.fields if f.name == name), None)

    def radio_values(self, name: str) -> list[str]:
        return [f.value for f in self.fields if f.name == name and f.kind in ("radio", "checkbox")]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: tuple[str, bool] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(
                a.get("action", ""),
                a.get("method", "get").lower(),
                a.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
        form = self._form
        if form is None:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            form.fields.append(
                Field(a.get("name", ""), kind, a.get("value", ""), checked="checked" in a)
            )
        elif tag == "textarea":
            self._textarea = Field(a.get("name", ""), "textarea")
            form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a.get("name", ""), "select")
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a)
            self._option_text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected = self._option
            value = self._option_text.strip() if value is None else value
            self._select.options.append(value)
            if selected:
                self._select.value = value
            self._option = None


def forms_of(page: str) -> list[Form]:
    parser = _Parser()
    parser.feed(page)
    return parser.forms


def form_with(page: str, field_name: str, url: str) -> Form:
    """The page's POST form that has the field ``field_name``; an empty action means ``url``."""
    for form in forms_of(page):
        if form.method == "post" and any(f.name == field_name for f in form.fields):
            form.action = form.action or url
            return form
    raise AssertionError(f"no form with the field {field_name!r} on {url}")
