"""Asking every surface of the app for the restricted records: the routes filled with their ids,
the searches and lists asked for their words, and what a reader could read in each answer."""

import html
import io
import json
import re
from collections import Counter

from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.extensions import db
from tests.conftest import USERS, login
from tests.resilience.figures import report
from tests.resilience.records import ASK, SECRET_YEAR, SHARED, WORDS

MISSING = 987654


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
        "fmt": ["csv", "xlsx"],
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

    client = app.test_client()
    assert login(client, USERS[key][0]).status_code == 302
    return client


def token_for(app, user_id: int) -> str:
    with app.app_context():
        _row, secret = tokens.create_token(db.session.get(User, user_id), "Kiểm thử rò rỉ", 30)
        return secret
