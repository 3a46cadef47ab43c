"""Malformed queries on every list, search and export; bodies whose type lies to the pages and
the API; redirects that try to leave the site. A clear answer, never a server error."""

import json
import re
from urllib.parse import quote

from sqlalchemy import select

from intranet.accounts.models import User
from intranet.extensions import db
from tests.conftest import PASSWORD, USERS
from tests.resilience.hostile import ATTRIBUTE, SCRIPT, Tally, business_rows, client_of

QUERIES = [
    '"không đóng ngoặc',
    "((((",
    "*:*",
    "-",
    "AND OR NOT",
    "title:[a TO",
    "\x00\x1b[2J",
    SCRIPT,
    ATTRIBUTE,
    "%00%ff",
    "đ" * 50_000,
    "../../../../etc/passwd",
]
PARAMS = [
    "page=-1",
    "page=99999999999999999999",
    "page=abc",
    "per_page=100000",
    "year=abc",
    "year=-5",
    "date_from=2024-13-45",
    "date_to=99999-01-01",
    "sort=<script>",
    "kind=%3Cscript%3E",
    "unit=../../",
    "status=%00",
    "type=' OR 1=1 --",
]
LISTS = [
    "/search/",
    "/search/export.csv",
    "/api/v1/search",
    "/documents/",
    "/exemplars/",
    "/audit/",
    "/api/v1/audit",
    "/api/v1/documents",
    "/api/v1/exemplars",
    "/supervision/",
    "/supervision/reports",
    "/exemplars/honour-board",
]


def test_malformed_queries_and_bodies(app, place):
    tally = Tally()
    client = client_of(app, "secretariat")

    asks = [f"q={quote(q)}" for q in QUERIES] + [f"q=khen&{p}" for p in PARAMS]
    for path in LISTS:
        for ask in asks:
            url = f"{path}?{ask}"
            response = client.get(url)
            tally.counts["tried"] += 1
            tally.counts_by_status[response.status_code] += 1
            tally.look(response, url[:120])
    # Bodies whose type lies: JSON to the pages, forms and garbage to the API.
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/profile").get_data(as_text=True)
    ).group(1)
    bearer = None
    with app.app_context():
        from intranet.accounts import tokens

        user = db.session.execute(select(User).filter_by(username=USERS["secretariat"][0])).scalar()
        bearer = {"Authorization": f"Bearer {tokens.create_token(user, 'Thử', 30)[1]}"}
    bodies = [
        ("/documents/new", {"csrf_token": token}, "application/json", b'{"summary": 1}'),
        (f"/documents/{place['draft_id']}/files", {}, "application/json", b"[]"),
        (
            f"/documents/{place['draft_id']}/files",
            {},
            "multipart/form-data; boundary=x",
            b"--y\r\n",
        ),
        (f"/documents/{place['draft_id']}/files", {}, "text/plain", b"files=x"),
        ("/api/v1/documents", bearer, "application/json", b"{not json"),
        ("/api/v1/documents", bearer, "application/json", b'"a string"'),
        ("/api/v1/documents", bearer, "application/json", b'{"summary": {"$gt": ""}}'),
        ("/api/v1/documents", bearer, "text/plain", b"summary=x"),
        ("/api/v1/documents", bearer, "application/x-www-form-urlencoded", b"summary=x"),
        ("/api/v1/documents", bearer, "application/json", b"[" * 10_000 + b"]" * 10_000),
        (
            "/api/v1/documents",
            bearer,
            "application/json",
            json.dumps(
                {
                    "kind": "TB",
                    "number_symbol": "07/TB-CĐBP",
                    "issued_on": "2024-01-01",
                    "summary": SCRIPT,
                }
            ).encode(),
        ),
        (f"/api/v1/documents/{place['draft_id']}/files", bearer, "application/json", b"{}"),
        (f"/api/v1/exemplars/{place['nomination_id']}/evidence", bearer, "text/plain", b"x"),
    ]
    for url, headers, content_type, body in bodies:
        before = business_rows(app)
        response = client.post(url, data=body, content_type=content_type, headers=headers or {})
        tally.counts["tried"] += 1
        tally.counts_by_status[response.status_code] += 1
        tally.look(response, f"POST {url} {content_type}")
        if response.status_code >= 400 and business_rows(app) != before:
            tally.problem("stored_wrongly", f"POST {url} {content_type}: refused yet saved")
        if response.status_code < 400 and "not json" in body.decode(errors="replace"):
            tally.problem("stored_wrongly", f"POST {url}: malformed JSON accepted")
    # Redirects after sign-in and a language change stay on this site.
    for target in ("//evil.example/", "https://evil.example/x", "javascript:alert(1)", "/\\evil"):
        anonymous = app.test_client()
        token = re.search(
            r'name="csrf_token"[^>]*value="([^"]+)"', anonymous.get("/login").get_data(as_text=True)
        ).group(1)
        answers = [
            anonymous.post("/language", data={"csrf_token": token, "locale": "en", "next": target}),
            anonymous.post(
                f"/login?next={quote(target)}",
                data={"csrf_token": token, "username": USERS["staff"][0], "password": PASSWORD},
            ),
        ]
        for answer in answers:
            tally.counts["tried"] += 1
            tally.counts_by_status[answer.status_code] += 1
            location = answer.headers.get("Location", "")
            if re.match(r"^(https?:)?//|^javascript:|^/\\", location):
                tally.problem("unescaped", f"redirect to {location!r} (asked {target!r})")
    tally.report("queries and bodies")
