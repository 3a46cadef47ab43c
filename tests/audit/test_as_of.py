"""The archive as of a past day: each record's state then, rebuilt from the trail."""

import html
import re
from datetime import date

from intranet.documents import services as documents
from intranet.documents.models import Document
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Exemplar
from intranet.extensions import db


def states(page: str) -> dict[str, str]:
    """{"document-3": "Dự thảo", …}: the rows of the as-of table."""
    rows = re.findall(
        r'<tr data-record="([a-z_]+-\d+)">.*?<td class="as-of-state">([^<]*)</td>', page, re.S
    )
    return {key: html.unescape(state).strip() for key, state in rows}


def test_the_archive_as_of_a_past_day_shows_the_states_of_that_day(
    app, login_as, acting_as, make_document, make_exemplar
):
    app.config["TODAY"] = date(2025, 3, 10)
    document_id = make_document("15/KH-CĐBP")
    exemplar_id, _evidence = make_exemplar(evidence=True)
    app.config["TODAY"] = date(2025, 3, 12)  # after that day: published, submitted, retitled
    with acting_as("secretariat") as secretariat:
        documents.publish(db.session.get(Document, document_id), secretariat)
    with acting_as("staff") as staff:
        exemplar = db.session.get(Exemplar, exemplar_id)
        exemplars.take_step(exemplar, "submit", staff)
    app.config["TODAY"] = date(2025, 3, 20)
    inspector = login_as("inspector")

    before = inspector.get("/audit/as-of?date=2025-03-10")
    after = inspector.get("/audit/as-of?date=2025-03-12")
    earlier = inspector.get("/audit/as-of?date=2025-03-09")

    assert before.status_code == 200
    then = states(before.get_data(as_text=True))
    assert then[f"document-{document_id}"] == "Dự thảo"
    assert then[f"exemplar-{exemplar_id}"] == "Dự thảo"
    later = states(after.get_data(as_text=True))
    assert later[f"document-{document_id}"] == "Đã ban hành"
    assert later[f"exemplar-{exemplar_id}"] == "Đã gửi đề xuất"
    assert f"document-{document_id}" not in states(earlier.get_data(as_text=True))
    # The day as typed in the page's box (dd/mm/yyyy) is the same day, shown back so.
    typed = inspector.get("/audit/as-of?date=10/03/2025").get_data(as_text=True)
    assert states(typed) == then
    assert 'value="10/03/2025"' in re.search(r'<input[^>]*name="date"[^>]*>', typed)[0]
    # each row links to the record's history
    assert f'href="/audit/document/{document_id}#muc-' in before.get_data(as_text=True)
    # one kind of record only
    only = states(inspector.get("/audit/as-of?date=2025-03-12&type=exemplar").get_data(True))
    assert set(only) == {f"exemplar-{exemplar_id}"}


def test_the_archive_as_of_refuses_garbage_and_the_future_in_vietnamese(app, login_as):
    app.config["TODAY"] = date(2025, 3, 20)
    inspector = login_as("inspector")

    garbage = inspector.get("/audit/as-of?date=20-03-2025%00x")
    no_such_day = inspector.get("/audit/as-of?date=30/02/2025")
    assert no_such_day.status_code == 400
    assert "dd/mm/yyyy" in html.unescape(no_such_day.get_data(as_text=True))
    future = inspector.get("/audit/as-of?date=2025-03-21")
    nothing = inspector.get("/audit/as-of")

    assert garbage.status_code == 400
    assert "Ngày không hợp lệ" in html.unescape(garbage.get_data(as_text=True))
    assert future.status_code == 400
    assert "chưa đến" in html.unescape(future.get_data(as_text=True))
    assert nothing.status_code == 200
    assert login_as("staff").get("/audit/as-of?date=2025-03-10").status_code == 403
    assert login_as("secretariat").get("/audit/as-of?date=2025-03-10").status_code == 200
