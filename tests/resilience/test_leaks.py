"""No restricted record shows through any surface, to anyone who may not see it.

Two restricted records carry words found nowhere else: a document published to one unit only
(KCNTT), with a file; and an evidence file of a nomination. Every GET route of the app (pages,
files, previews, search, exports, the API, history) is asked with the records' ids and with
searches for the words, as an anonymous visitor, a staff member of another unit (by session and by
API token), and an inspector whose inspector role was just removed. The words must never appear,
in the body, a file or a header; an id must get the answer a missing id gets (404, or the same
refusal); and the same probes as the secretariat prove that they would have found the words.
"""

import html
import io
import json
import re
from collections import Counter

import pytest

from intranet.accounts import tokens
from intranet.accounts.models import Role, User
from intranet.extensions import db
from tests.conftest import login
from tests.resilience.conftest import report
from tests.resilience.forms import form_with
from tests.resilience.records import (
    ASK,
    EVIDENCE_WORD,
    SECRET_YEAR,
    SHARED,
    WORD,
    WORDS,
    make_world,
)

MISSING = 987654


@pytest.fixture
def world(app, users):
    return make_world(app, users)


# -- the probes ----------------------------------------------------------------------------------

RECORD_PARAMS = {
    "document_id",
    "version_id",
    "file_id",
    "evidence_id",
    "exemplar_id",
    "record_id",
}
AUDIT_TYPES = {
    "document": "document_id",
    "document_file": "file_id",
    "file_version": "version_id",
    "exemplar": "exemplar_id",
    "evidence": "evidence_id",
}
SKIP = ("/static/", "/api/v1/docs", "/api/v1/openapi.json")


def _values(name: str, ids: dict) -> list:
    if name in ids:
        return [ids[name]]
    return {
        "year": [SECRET_YEAR, 2024],
        "fmt": ["csv", "xlsx", "pdf"],
        "group": ["field"],
        "entry_id": [1],
        "report_id": [1],
        "inspection_id": [1],
        "follow_up_id": [1],
    }.get(name, [1])


def get_routes(app, ids: dict) -> list[tuple[str, str | None]]:
    """Every GET URL of the app filled with the restricted ids: (url, the same with a missing id
    where the url names a restricted record, else None)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(SKIP):
            continue
        names = sorted(rule.arguments)
        if "record_type" in names:  # the History of each restricted record
            for record_type, key in AUDIT_TYPES.items():
                values = {"record_type": record_type, "record_id": ids[key]}
                urls.append(_build(app, rule, values, {"record_id"}))
            continue
        combos = [{}]
        for name in names:
            combos = [{**c, name: v} for c in combos for v in _values(name, ids)]
        for values in combos:
            urls.append(_build(app, rule, values, RECORD_PARAMS & set(values)))
    return urls


def _build(app, rule, values: dict, record_names: set) -> tuple[str, str | None]:
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        url = adapter.build(rule.endpoint, values)
        missing = None
        if record_names:
            missing = adapter.build(
                rule.endpoint, {**values, **dict.fromkeys(record_names, MISSING)}
            )
    return url, missing


def query_urls(ids: dict) -> list[str]:
    """Searches, lists with filters, exports and the trail, asked with the secret words."""
    urls = []
    for word in (*ASK.values(), SHARED, "91/TB-CDBP"):
        urls += [
            f"/search/?q={word}",
            f"/search/?q={word}&type=file",
            f"/search/?q={word}&type=evidence",
            f"/search/export.csv?q={word}",
            f"/search/export.xlsx?q={word}",
            f"/api/v1/search?q={word}",
            f"/audit/?q={word}",
            f"/api/v1/audit?q={word}",
            f"/documents/?q={word}",
            f"/exemplars/?q={word}",
        ]
    urls += [
        f"/search/?year={SECRET_YEAR}",
        f"/search/?q={SHARED}&year={SECRET_YEAR}",
        f"/api/v1/search?year={SECRET_YEAR}",
        f"/documents/?year={SECRET_YEAR}",
        f"/api/v1/documents?year={SECRET_YEAR}",
        "/api/v1/documents?per_page=100",
        "/api/v1/exemplars?per_page=100",
        f"/audit/?record_type=document&record_id={ids['document_id']}",
        f"/api/v1/audit?record_type=evidence&record_id={ids['evidence_id']}",
        f"/exemplars/dossier/unit/{ids['unit_id']}",
        f"/exemplars/dossier/person/{ids['user_id']}",
    ]
    return urls


def readable(response) -> str:
    """Everything a reader could get out of the answer: body (files opened), and headers."""
    head = " ".join(f"{k}: {v}" for k, v in response.headers.items())
    data = response.get_data()
    kind = response.mimetype or ""
    if kind.endswith("json"):
        with_text = json.dumps(response.get_json(silent=True), ensure_ascii=False)
        return head + with_text + data.decode("utf-8", "replace")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        cells = [
            str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
        ]
        return head + " ".join(cells)
    if kind == "application/pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(data)
        return head + " ".join(page.get_textpage().get_text_range() for page in pdf)
    return head + html.unescape(data.decode("utf-8", "replace"))


SEARCH_TOTAL = re.compile(r"Tìm thấy (\d+) kết quả")


class Probe:
    """Asks URLs as one viewer and keeps the count of probes, leaks and server errors."""

    def __init__(self, client, who: str, headers: dict | None = None):
        self.client, self.who, self.headers = client, who, headers or {}
        self.counts = Counter()
        self.leaks: list[str] = []
        self.errors: list[str] = []

    def get(self, url: str):
        response = self.client.get(url, headers=self.headers)
        self.counts["probes"] += 1
        if response.status_code >= 500:
            self.counts["server_errors"] += 1
            self.errors.append(f"{self.who} {url}: {response.status_code}")
        text = readable(response)
        for word in WORDS:
            if word.lower() in text.lower():
                self.counts["leaks"] += 1
                self.leaks.append(f"{self.who} {url}: {response.status_code} shows {word}")
        return response, text

    def sweep(self, app, ids: dict) -> None:
        for url, missing in get_routes(app, ids):
            response, _text = self.get(url)
            if missing is not None:
                other = self.client.get(missing, headers=self.headers)
                self.counts["id_probes"] += 1
                if response.status_code != other.status_code or response.status_code == 200:
                    self.counts["leaks"] += 1
                    self.leaks.append(
                        f"{self.who} {url}: {response.status_code}, "
                        f"a missing id gets {other.status_code}"
                    )
        for url in query_urls(ids):
            response, text = self.get(url)
            if response.status_code == 200 and any(ask in url for ask in ASK.values()):
                self.no_hits(url, response, text)
        self.counts_and_facets()

    def no_hits(self, url: str, response, text: str) -> None:
        """A search for a secret word finds nothing: no total, whatever the page shows."""
        if response.mimetype == "application/json" and "total" in (response.get_json() or {}):
            total = response.get_json()["total"]
        else:
            total = next(iter(SEARCH_TOTAL.findall(text)), "0")
        if str(total) != "0":
            self.counts["leaks"] += 1
            self.leaks.append(f"{self.who} {url}: {total} results")

    def counts_and_facets(self) -> None:
        """SHARED is in one public document and in the restricted one: only one may count."""
        response, _text = self.get(f"/api/v1/search?q={SHARED}")
        if response.status_code == 200:
            body = response.get_json()
            years = {f["value"] for f in body["facets"].get("year", [])}
            if body["total"] != 1 or str(SECRET_YEAR) in years:
                self.counts["leaks"] += 1
                self.leaks.append(f"{self.who} search total/facets: {body}")
        response, text = self.get(f"/search/?q={SHARED}")
        totals = SEARCH_TOTAL.findall(text)
        if response.status_code == 200 and (totals != ["1"] or f">{SECRET_YEAR}<" in text):
            self.counts["leaks"] += 1
            self.leaks.append(f"{self.who} search page totals {totals}")

    def report(self, title: str) -> None:
        report(
            f"leaks ({title})",
            probes=self.counts["probes"],
            id_probes=self.counts["id_probes"],
            leaks=self.counts["leaks"],
            server_errors=self.counts["server_errors"],
        )
        assert not self.leaks, "\n".join(self.leaks[:30])
        assert not self.errors, "\n".join(self.errors[:30])


def signed_in(app, key: str):
    from tests.conftest import USERS

    client = app.test_client()
    assert login(client, USERS[key][0]).status_code == 302
    return client


def token_for(app, user_id: int) -> str:
    with app.app_context():
        _row, secret = tokens.create_token(db.session.get(User, user_id), "Kiểm thử rò rỉ", 30)
        return secret


# -- the tests -----------------------------------------------------------------------------------


def test_the_probes_find_the_words_where_they_may_be_seen(app, world, login_as):
    """The control: the secretariat finds each word on the surfaces the leak probes ask."""
    ids = world
    client = login_as("secretariat")
    seen = Counter()
    expected = {
        f"/documents/{ids['document_id']}": WORD,
        "/documents/": WORD,
        f"/documents/files/v/{ids['version_id']}/download": WORD,
        f"/documents/files/v/{ids['version_id']}/preview": WORD,
        f"/search/?q={ASK[WORD]}": WORD,
        f"/search/export.csv?q={ASK[WORD]}": WORD,
        f"/search/export.xlsx?q={ASK[WORD]}": WORD,
        f"/api/v1/search?q={ASK[WORD]}": WORD,
        f"/api/v1/documents/{ids['document_id']}": WORD,
        f"/api/v1/documents/{ids['document_id']}/files": WORD,
        f"/api/v1/files/versions/{ids['version_id']}/download": WORD,
        f"/exemplars/{ids['exemplar_id']}": EVIDENCE_WORD,
        f"/exemplars/evidence/{ids['evidence_id']}/download": EVIDENCE_WORD,
        f"/search/?q={ASK[EVIDENCE_WORD]}": EVIDENCE_WORD,
        f"/api/v1/search?q={ASK[EVIDENCE_WORD]}": EVIDENCE_WORD,
        f"/api/v1/evidence/{ids['evidence_id']}": EVIDENCE_WORD,
        f"/api/v1/exemplars/{ids['exemplar_id']}/evidence": EVIDENCE_WORD,
        f"/api/v1/evidence/{ids['evidence_id']}/download": EVIDENCE_WORD,
        f"/audit/document/{ids['document_id']}": WORD,
    }
    missing = []
    for url, word in expected.items():
        response = client.get(url)
        if response.status_code == 200 and word in readable(response):
            seen["found"] += 1
        else:
            missing.append(f"{url}: {response.status_code}")
    # The head of KCNTT reads the document (the audience) and the evidence (the unit's).
    head = login_as("unit_head")
    for url, word in (
        (f"/documents/{ids['document_id']}", WORD),
        (f"/exemplars/{ids['exemplar_id']}", EVIDENCE_WORD),
        (f"/search/?q={ASK[WORD]}", WORD),
    ):
        if word not in readable(head.get(url)):
            missing.append(f"unit head {url}")
    report("leak probes (control)", surfaces=len(expected) + 3, found=seen["found"] + 3)
    assert not missing, missing


def test_an_anonymous_visitor_sees_nothing(app, world):
    probe = Probe(app.test_client(), "anonymous")
    probe.sweep(app, world)
    probe.report("anonymous")


def test_a_staff_member_of_another_unit_sees_nothing(app, world, users):
    probe = Probe(signed_in(app, "other_staff"), "other unit")
    probe.sweep(app, world)
    probe.report("other unit, session")
    bearer = {"Authorization": f"Bearer {token_for(app, users['other_staff'])}"}
    api = Probe(app.test_client(), "other unit, token", bearer)
    api.sweep(app, world)
    api.report("other unit, API token")


def test_an_inspector_whose_role_is_removed_loses_sight_at_the_next_request(app, world, users):
    ids = world
    inspector = signed_in(app, "inspector")
    bearer = {"Authorization": f"Bearer {token_for(app, users['inspector'])}"}
    detail = f"/documents/{ids['document_id']}"
    assert WORD in readable(inspector.get(detail))
    assert WORD in readable(
        inspector.get(f"/api/v1/documents/{ids['document_id']}", headers=bearer)
    )

    # The admin takes the inspector role away through the user's page.
    admin = signed_in(app, "admin")
    page = admin.get(f"/admin/users/{users['inspector']}").get_data(as_text=True)
    form = form_with(page, "roles", f"/admin/users/{users['inspector']}")
    data = form.values()
    assert Role.INSPECTOR.value in data["roles"]
    data["roles"] = [r for r in data["roles"] if r != Role.INSPECTOR.value]
    saved = admin.post(form.action, data=data)
    assert saved.status_code == 302, saved.get_data(as_text=True)

    # The very next request of the same session, and of the same token, no longer shows it.
    assert inspector.get(detail).status_code == 404
    assert (
        inspector.get(f"/api/v1/documents/{ids['document_id']}", headers=bearer).status_code == 404
    )
    probe = Probe(inspector, "inspector, role removed")
    probe.sweep(app, ids)
    probe.report("role removed, session")
    api = Probe(app.test_client(), "inspector, role removed, token", bearer)
    api.sweep(app, ids)
    api.report("role removed, API token")
