"""The date of a document as people type it: dd/mm/yyyy whatever the language of the pages (a day
typed 05/02/2025 is 5 February 2025, never 2 May), ISO too; anything else said plainly and nothing
stored. The form's box is a text box, not the browser's date box (which follows the browser's
language)."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from intranet.documents.models import Document
from intranet.extensions import db
from tests.conftest import post_form
from tests.documents.conftest import document_row, post, text_of
from tests.documents.test_lifecycle import form

VIETNAMESE_ERROR = "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy, ví dụ 05/02/2025."
ENGLISH_ERROR = "Not a valid date; enter it as dd/mm/yyyy, e.g. 05/02/2025."


def speaking(client, locale: str):
    response = post_form(client, "/language", {"locale": locale, "next": "/"}, token_from="/")
    assert response.status_code == 302
    assert f'<html lang="{locale}">' in client.get("/").get_data(as_text=True)
    return client


def issued_on_box(page: str) -> str:
    match = re.search(r'<input[^>]*\bname="issued_on"[^>]*>', page)
    assert match, "no issued_on box"
    return match.group(0)


def created(app, client, typed: str) -> Document:
    response = post(client, "/documents/new", form(issued_on=typed))
    assert response.status_code == 302, text_of(response)
    document_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    return document_row(app, document_id)


def count(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Document)).scalar()


@pytest.mark.parametrize("locale", ["vi", "en"])
@pytest.mark.parametrize(
    "typed", ["05/02/2025", "5/2/2025", "05-02-2025", "05.02.2025", "2025-02-05"]
)
def test_a_day_typed_day_first_or_iso_is_that_day_in_both_languages(app, login_as, locale, typed):
    client = speaking(login_as("secretariat"), locale)
    assert created(app, client, typed).issued_on == date(2025, 2, 5)


@pytest.mark.parametrize(("locale", "message"), [("vi", VIETNAMESE_ERROR), ("en", ENGLISH_ERROR)])
@pytest.mark.parametrize("typed", ["31/02/2025", "abc", "05/02/1800", "2025/02/05", "5/2/25"])
def test_a_day_that_is_not_one_is_refused_in_the_readers_language(
    app, login_as, locale, message, typed
):
    client = speaking(login_as("secretariat"), locale)
    response = post(client, "/documents/new", form(issued_on=typed))
    page = text_of(response)
    assert response.status_code in (200, 400, 422), response.status_code
    assert message in page
    # One message (not "required" besides), the box keeps what was typed and is marked.
    assert "Hãy nhập ngày ban hành" not in page
    box = issued_on_box(response.get_data(as_text=True))
    assert f'value="{typed}"' in box and 'aria-invalid="true"' in box
    assert count(app) == 0


def test_the_box_is_a_text_box_and_shows_the_stored_day_back_as_dd_mm_yyyy(app, login_as):
    client = login_as("secretariat")
    empty = issued_on_box(client.get("/documents/new").get_data(as_text=True))
    assert 'type="text"' in empty and 'type="date"' not in empty
    assert 'inputmode="numeric"' in empty and 'placeholder="dd/mm/yyyy"' in empty
    assert 'autocomplete="off"' in empty and "data-date-picker" in empty
    document = created(app, client, "05/02/2025")
    for locale in ("vi", "en"):
        speaking(client, locale)
        box = issued_on_box(client.get(f"/documents/{document.id}/edit").get_data(as_text=True))
        assert 'value="05/02/2025"' in box, box
    # Saved again as shown: still 5 February.
    response = post(
        client,
        f"/documents/{document.id}/edit",
        form(issued_on="05/02/2025", version=str(document.version)),
    )
    assert response.status_code == 302, text_of(response)
    assert document_row(app, document.id).issued_on == date(2025, 2, 5)
