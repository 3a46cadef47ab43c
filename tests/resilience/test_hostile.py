"""Hostile input at every form, upload and query: a clear answer, escaped output, nothing stored
where it should not be, and never a server error.

Each form is read from its page as a browser would, filled with valid values, then sent again
and again with one field replaced by a hostile value: markup and script, control characters,
path tricks, 1 MB, empty. Uploads get hostile names, contents whose type the name or the header
lies about, and a zip bomb. Queries get malformed syntax and values. Afterwards every page that
shows what was stored is read back: the raw markup must never appear unescaped.
"""

import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, union_all

from intranet.accounts.models import User
from intranet.documents import services
from intranet.documents.models import FileVersion
from intranet.exemplars import services as exemplars
from intranet.exemplars.models import Evidence, Exemplar
from intranet.extensions import db
from intranet.indexing.models import ExtractedText
from intranet.storage import StoredFile
from intranet.supervision.models import Inspection
from tests.conftest import PASSWORD, USERS, login
from tests.indexing.conftest import run_worker
from tests.resilience.conftest import report
from tests.resilience.forms import forms_of
from tests.resilience.records import Upload, make_world

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>{{ 7777*7 }}'
# What must never reach a page unescaped, whatever was typed (54439 = 7777*7: a template ran it).
RAW = ("<script>alert(1)", "<img src=x onerror", "54439")
HOSTILE = {
    "script": SCRIPT,
    "attribute": ATTRIBUTE,
    "control": "a\x1b[2J\x07\x7f\u202etxt.exe\u2028\r\nX-Injected: 1",
    "nul": "tệp\x00ẩn",
    "path": "../../../../etc/passwd",
    "huge": "Đ" + "A" * (1024 * 1024),  # 1 MB
    "empty": "",
}
TXT = ("ghi-chu.txt", "Nội dung tệp đính kèm hợp lệ.\n".encode())
# Tables whose rows a refused form must not change (the trail, sessions and queues may).
KEEP_OUT = {"audit_entry", "audit_head", "login_session", "search_outbox", "extracted_text"}
_serial = iter(range(100, 100_000))
# Forms whose success is a page, not a redirect: the new token is shown once.
SAVED_WITH_200 = ("/profile/tokens",)


class Tally:
    def __init__(self):
        self.counts = Counter()
        self.counts_by_status = Counter()
        self.problems: list[str] = []
        self.bomb = ""

    def problem(self, kind: str, text: str) -> None:
        self.counts[kind] += 1
        self.problems.append(f"{kind}: {text}"[:400])

    def look(self, response, where: str) -> None:
        """No server error, and no raw markup in what comes back."""
        if response.status_code >= 500:
            self.problem("server_errors", f"{where} -> {response.status_code}")
        body = response.get_data(as_text=True) if response.mimetype.startswith("text/") else ""
        body += " ".join(f"{k}: {v}" for k, v in response.headers.items())
        for raw in RAW:
            if raw in body:
                self.problem("unescaped", f"{where}: {raw!r} in the answer")
        if "\r" in response.headers.get("Content-Disposition", "") or "X-Injected" in (
            response.headers
        ):
            self.problem("unescaped", f"{where}: a header was split")

    def report(self, title: str) -> None:
        report(
            f"hostile ({title})",
            tried=self.counts["tried"],
            server_errors=self.counts["server_errors"],
            unescaped=self.counts["unescaped"],
            stored_wrongly=self.counts["stored_wrongly"],
            statuses=dict(sorted(self.counts_by_status.items())),
            **({"zip_bomb": self.bomb} if self.bomb else {}),
        )
        assert not self.problems, "\n".join(self.problems[:40])


def business_rows(app) -> tuple[int, ...]:
    """The row count of every table a refused form must leave alone, in one query."""
    with app.app_context():
        tables = [t for t in db.metadata.sorted_tables if t.name not in KEEP_OUT]
        query = union_all(*(select(func.count()).select_from(t) for t in tables))
        return tuple(db.session.execute(query).scalars())


def client_of(app, key: str):
    client = app.test_client()
    if key != "anonymous":
        response = login(client, USERS[key][0])
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def place(app, users):
    """The restricted records of the leak tests, plus a draft, a plan, a decision and a
    nomination still in draft: every form has something to act on."""
    ids = make_world(app, users)
    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        draft = services.save_document(
            None,
            services.DocumentData(
                kind="TB", number_symbol="93/TB-CĐBP", issued_on=date(2024, 1, 5), summary="Nháp"
            ),
            secretariat,
        )
        plan = services.save_document(
            None,
            services.DocumentData(
                kind="KH",
                number_symbol="94/KH-CĐBP",
                issued_on=date(2024, 1, 5),
                summary="Kế hoạch",
            ),
            secretariat,
        )
        services.publish(plan, secretariat)
        decision = services.save_document(
            None,
            services.DocumentData(
                kind="QĐ",
                number_symbol="95/QĐ-CĐBP",
                issued_on=date(2024, 7, 15),
                summary="Về việc khen thưởng",
            ),
            secretariat,
        )
        owner = db.session.get(User, users["staff"])
        nomination = exemplars.save_exemplar(
            None,
            exemplars.ExemplarData(
                subject="individual", year=2024, name="Trần Văn Nháp", achievement="Thành tích."
            ),
            owner,
        )
        ids |= {
            "new_document": lambda: new_document(app, users),
            "new_nomination": lambda: new_nomination(app, users),
            "draft_id": draft.id,
            "plan_id": plan.id,
            "decision_id": decision.id,
            "nomination_id": nomination.id,
            "kcntt": ids["unit_id"],
            "year": date.today().year,
        }
    return ids


def new_document(app, users) -> int:
    """A document published to all, for a form that retires it."""
    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        document = services.save_document(
            None,
            services.DocumentData(
                kind="TB",
                number_symbol=f"{next(_serial)}/TB-CĐBP",
                issued_on=date(2024, 2, 1),
                summary="Thông báo để thu hồi hoặc thay thế",
            ),
            secretariat,
        )
        services.publish(document, secretariat)
        return document.id


def new_nomination(app, users) -> int:
    """A nomination of KCNTT, submitted: its unit head may return it."""
    with app.app_context():
        owner = db.session.get(User, users["staff"])
        nomination = exemplars.save_exemplar(
            None,
            exemplars.ExemplarData(
                subject="individual", year=2024, name="Phạm Văn Trả", achievement="Thành tích."
            ),
            owner,
        )
        n = next(_serial)
        upload = Upload(f"giay-khen-{n}.txt", f"Giấy khen số {n}.\n".encode())
        exemplars.add_evidence(nomination, upload, owner, "Giấy khen", date(2024, 5, 2), "")
        exemplars.take_step(nomination, "submit", owner)
        return nomination.id


# who, page, a part of the form's action (None: the page itself), valid values to start from
def targets(ids: dict) -> list[tuple[str, str, str | None, dict]]:
    years = iter(range(ids["year"] - 1, 1990, -1))

    def number():
        return {"kind": "TB", "number_symbol": f"{next(_serial)}/TB-CĐBP"}

    return [
        (
            "secretariat",
            "/documents/new",
            None,
            lambda: {**number(), "issued_on": "2024-05-20", "summary": "Trích yếu hợp lệ"},
        ),
        (
            "secretariat",
            f"/documents/{ids['draft_id']}/edit",
            None,
            lambda: {"issued_on": "2024-01-05", "summary": "Nháp đã sửa"},
        ),
        (
            "secretariat",
            f"/documents/{ids['plan_id']}",
            "/tasks",
            lambda: {"description": "Nhiệm vụ", "deadline_yearly": "30/6", "target_count": "1"},
        ),
        (
            "secretariat",
            lambda: f"/documents/{ids['new_document']()}",
            "/supersede",
            lambda: {"replacement": "92/TB-CĐBP", "note": "Thay thế"},
        ),
        (
            "secretariat",
            lambda: f"/documents/{ids['new_document']()}",
            "/revoke",
            lambda: {"reason": "Lý do"},
        ),
        (
            "staff",
            "/exemplars/new",
            None,
            lambda: {"name": "Nguyễn Văn Hợp Lệ", "year": "2024", "achievement": "Thành tích"},
        ),
        (
            "staff",
            f"/exemplars/{ids['nomination_id']}",
            "/evidence",
            lambda: {"title": "Minh chứng", "evidence_date": "2024-05-20", "file": TXT},
        ),
        ("unit_head", f"/exemplars/{ids['exemplar_id']}", "/review", lambda: {"note": "Ghi chú"}),
        (
            "secretariat",
            "/exemplars/catalogues/field/new",
            None,
            lambda: {"name": f"Lĩnh vực {next(_serial)}"},
        ),
        ("secretariat", f"/exemplars/decisions/{ids['decision_id']}", None, lambda: {}),
        (
            "inspector",
            "/supervision/inspections/new",
            None,
            lambda: {
                "inspected_on": "2024-05-20",
                "members": "Đoàn kiểm tra",
                "scope": "Hồ sơ thi đua",
            },
        ),
        # One report a year: each try sends the report of an earlier year.
        ("unit_head", lambda: f"/supervision/reports?year={next(years)}", "/reports/", dict),
        (
            "admin",
            "/admin/users/new",
            None,
            lambda: {
                "username": f"nguoidung{next(_serial)}",
                "full_name": "Người Dùng Mới",
                "roles": ["staff"],
                "password": "mat-khau-du-dai-12345",
            },
        ),
        ("admin", "/admin/units/new", None, lambda: {"code": f"T{next(_serial)}", "name": "Tổ"}),
        ("admin", f"/admin/users/{ids['user_id']}", None, dict),
        ("leader", "/profile", "/profile/tokens", lambda: {"name": "Mã thử", "days": "30"}),
        (
            "leader",
            "/profile",
            "",  # the password form posts to the page itself
            lambda: {"current": PASSWORD, "new": "mat-khau-moi-12345", "confirm": "khac-hẳn"},
        ),
        # Steps with a note: the unit head returns the submitted nomination (last: it moves it).
        (
            "unit_head",
            lambda: f"/exemplars/{ids['new_nomination']()}",
            "/steps/return",
            lambda: {"note": "Lý do"},
        ),
        ("anonymous", "/login", None, lambda: {"username": "canbo", "password": "sai-mat-khau"}),
    ]


def pick_form(page: str, url: str, action: str | None):
    path = url.split("?")[0]
    for form in forms_of(page):
        if form.method != "post" or form.action in ("/logout", "/language"):
            continue
        target = form.action or path
        if (action is None and target == path) or (action and action in target):
            form.action = target
            return form
        if action == "" and form.action == "":
            form.action = path
            return form
    raise AssertionError(f"no form for {action!r} on {url}")


def send(client, form, data: dict):
    data = dict(data)
    if "multipart" in form.enctype:
        for name in ("file", "files", "minutes"):
            if isinstance(data.get(name), tuple):
                filename, content = data[name]
                data[name] = (io.BytesIO(content), filename)
        return client.post(form.action, data=data, content_type="multipart/form-data")
    for name in [k for k, v in data.items() if isinstance(v, tuple)]:
        data.pop(name)
    return client.post(form.action, data=data)


def test_hostile_values_in_every_form_field(app, place):
    tally = Tally()
    clients = {key: client_of(app, key) for key in ("secretariat", "staff", "unit_head")}
    clients |= {key: client_of(app, key) for key in ("inspector", "admin", "leader")}
    clients["anonymous"] = app.test_client()
    shown: set[str] = set()
    for who, page_of, action, valid in targets(place):
        client = clients[who]
        # A form that changes its record for good (revoke, a step) gets a fresh record each time.
        fresh_each_time = callable(page_of)
        url = page_of() if fresh_each_time else page_of
        form = None
        first = pick_form(client.get(url).get_data(as_text=True), url, action)
        names = dict.fromkeys(f.name for f in first.fields if f.name and f.kind != "file")
        for name in names:
            for label, value in HOSTILE.items():
                if form is None:  # the page as a browser has it now: its token and values
                    url = url or page_of()
                    page = client.get(url)
                    assert page.status_code == 200, f"{who} {url}: {page.status_code}"
                    form = pick_form(page.get_data(as_text=True), url, action)
                data = {**form.values(), **valid(), name: value}
                before = business_rows(app)
                response = send(client, form, data)
                tally.counts["tried"] += 1
                tally.counts_by_status[response.status_code] += 1
                where = f"{who} {form.action} {name}={label}"
                tally.look(response, where)
                if response.status_code in (302, 303):
                    target = response.headers["Location"]
                    shown.add(target)
                    tally.look(client.get(target), f"{where} -> {target}")
                    form = None
                    url = None if fresh_each_time else url
                elif business_rows(app) != before and not form.action.endswith(SAVED_WITH_200):
                    tally.problem("stored_wrongly", f"{where}: {response.status_code} yet saved")
    read_back(app, clients, shown, tally)
    stored_names_are_clean(app, tally)
    tally.report("forms")


def read_back(app, clients, extra: set[str], tally: Tally) -> None:
    """Every page that shows what was stored, as the people who may see it."""
    with app.app_context():
        documents = [d for (d,) in db.session.execute(select(services.Document.id))]
        nominations = [e for (e,) in db.session.execute(select(Exemplar.id))]
        inspections = [i for (i,) in db.session.execute(select(Inspection.id))]
    pages = {
        "/",
        "/documents/",
        "/documents/?status=draft",
        "/exemplars/",
        "/exemplars/catalogues",
        "/exemplars/decisions",
        "/exemplars/honour-board",
        "/supervision/",
        "/supervision/reports",
        "/supervision/inspections",
        "/supervision/notifications",
        "/search/?q=alert",
        "/search/?q=script",
        "/audit/",
        "/audit/?q=alert",
        "/api/v1/documents?per_page=100",
        "/api/v1/exemplars?per_page=100",
        *extra,
        *(f"/documents/{d}" for d in documents),
        *(f"/audit/document/{d}" for d in documents),
        *(f"/exemplars/{e}" for e in nominations),
        *(f"/supervision/inspections/{i}" for i in inspections),
    }
    run_worker(app)
    for who in ("secretariat", "inspector", "unit_head", "staff"):
        for url in sorted(pages):
            tally.look(clients[who].get(url), f"read back {who} {url}")
    for url in ("/admin/users", "/admin/units"):
        tally.look(clients["admin"].get(url), f"read back admin {url}")
    tally.look(clients["leader"].get("/profile"), "read back leader /profile")


def stored_names_are_clean(app, tally: Tally) -> None:
    """No stored file name keeps a path, a control or a bidi character."""
    bad = re.compile(r"[/\\\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
    with app.app_context():
        names = list(db.session.execute(select(FileVersion.original_name)).scalars())
        names += list(db.session.execute(select(Evidence.original_name)).scalars())
    for name in names:
        if bad.search(name):
            tally.problem("stored_wrongly", f"file name stored as {name!r}")


# -- uploads -------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"IEND\xaeB`\x82"
MINI_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HOSTILE_NAMES = [
    "../../../../etc/passwd.txt",
    "..\\..\\windows\\system32\\drivers\\etc\\hosts.txt",
    "/etc/cron.d/evil.txt",
    "tệp\x00ẩn.txt",
    "hoá đơn\u202etxt.exe",
    f"{SCRIPT}.txt",
    f"{ATTRIBUTE}.txt",
    "tên\r\nContent-Type: text/html\r\n\r\nX-Injected: 1.txt",
    "Đ" * 400 + ".txt",
    "A" * (1024 * 1024) + ".txt",  # 1 MB
    "",
    ".",
    "..",
    " ",
    ".txt",
    "CON.txt",
    "Tờ trình khen thưởng.txt".encode().decode(),  # a plain Vietnamese name, for contrast
]


def zip_bomb_docx() -> bytes:
    """A DOCX whose document.xml inflates to 400 MB: small on disk, huge once opened."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"<w:t>" + b"0" * (1 << 20) + b"</w:t>"
            for _ in range(400):
                member.write(chunk)
    return buffer.getvalue()


CONTENTS = [
    # name, bytes, the Content-Type the browser claims, what the store must make of it
    ("anh.pdf", PNG, "application/pdf", "refused"),
    ("van-ban.pdf", MINI_PDF, "image/png", "pdf"),
    ("trang.txt", b"<html><script>alert(1)</script></html>", "text/html", "txt"),
    (
        "hinh.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "image/png",
        "refused",
    ),
    ("chay.exe.txt", b"MZ\x90\x00\x03" + b"\x00" * 200, "text/plain", "refused"),
    ("bom.docx", zip_bomb_docx(), "application/zip", "any"),
    ("rong.txt", b"", "text/plain", "refused"),
    ("latin1.txt", b"Ho\xe0 B\xecnh, Vi\xeat Nam", "text/plain", "refused"),
]


def upload_targets(ids: dict):
    """(who, url, the file field, other fields) of every upload."""
    with_file = {"title": "Minh chứng"}
    return [
        ("secretariat", f"/documents/{ids['draft_id']}/files", "files", {}),
        ("secretariat", f"/documents/files/{ids['file_id']}/versions", "file", {}),
        ("staff", f"/exemplars/{ids['nomination_id']}/evidence", "file", with_file),
        (
            "unit_head",
            f"/supervision/reports/{ids['year']}/{ids['kcntt']}",
            "file",
            {"summary": "BC"},
        ),
        (
            "inspector",
            "/supervision/inspections/new",
            "minutes",
            {
                "unit_id": str(ids["kcntt"]),
                "inspected_on": "2024-05-20",
                "members": "Đoàn",
                "scope": "Hồ sơ",
            },
        ),
    ]


def test_hostile_uploads_names_and_contents(app, place, tmp_path):
    tally = Tally()
    clients = {
        key: client_of(app, key) for key in ("secretariat", "staff", "unit_head", "inspector")
    }
    token_page = {key: c.get("/profile").get_data(as_text=True) for key, c in clients.items()}
    tokens = {
        key: re.search(r'name="csrf_token"[^>]*value="([^"]+)"', p).group(1)
        for key, p in token_page.items()
    }
    samples = [(name, TXT[1], "text/plain", "name") for name in HOSTILE_NAMES]
    samples += [(n, b, t, kind) for n, b, t, kind in CONTENTS]
    for who, url, field, fields in upload_targets(place):
        client = clients[who]
        for i, (name, content, claimed, expect) in enumerate(samples):
            # A content of its own for each upload, so that none is a copy of an earlier one.
            if expect == "name":
                content = content + f"{url} {i}\n".encode()
            before = business_rows(app)
            data = {
                **fields,
                "csrf_token": tokens[who],
                field: (io.BytesIO(content), name, claimed),
            }
            response = client.post(url, data=data, content_type="multipart/form-data")
            tally.counts["tried"] += 1
            tally.counts_by_status[response.status_code] += 1
            where = f"{who} {url} {name[:40]!r} ({claimed})"
            tally.look(response, where)
            if response.status_code in (302, 303):
                tally.look(client.get(response.headers["Location"]), f"{where} -> page")
            elif business_rows(app) != before:
                tally.problem("stored_wrongly", f"{where}: {response.status_code} yet saved")
    # The store holds only what it may: typed by content, and the bomb never inflated.
    with app.app_context():
        stored = {s.sha256: s.type_code for s in db.session.execute(select(StoredFile)).scalars()}
    for _name, content, _claimed, expect in CONTENTS:
        sha = hashlib.sha256(content).hexdigest()
        if expect == "refused" and sha in stored:
            tally.problem("stored_wrongly", f"{_name} stored as {stored[sha]}")
        if expect in ("pdf", "txt") and sha in stored and stored[sha] != expect:
            tally.problem("stored_wrongly", f"{_name} stored as {stored[sha]}, not {expect}")
    run_worker(app)
    bomb = hashlib.sha256(CONTENTS[5][1]).hexdigest()
    with app.app_context():
        row = db.session.execute(
            select(ExtractedText).join(StoredFile).where(StoredFile.sha256 == bomb)
        ).scalar()
        if row is not None and row.status == "ok":
            tally.problem("stored_wrongly", f"the zip bomb was read: {row.status} {row.message}")
        tally.bomb = f"{'stored' if row else 'refused'}" + (f", text {row.status}" if row else "")
    # Downloads of what was kept: always an attachment with one clean header, never a page.
    with app.app_context():
        versions = [v.id for v in db.session.execute(select(FileVersion)).scalars()]
    for vid in versions:
        for kind in ("download", "preview"):
            answer = clients["secretariat"].get(f"/documents/files/v/{vid}/{kind}")
            tally.counts["tried"] += 1
            tally.look(answer, f"{kind} {vid}")
            if answer.mimetype in ("text/html", "image/svg+xml"):
                tally.problem("unescaped", f"{kind} {vid} served as {answer.mimetype}")
    stored_names_are_clean(app, tally)
    outside = [
        p
        for p in Path(tmp_path).rglob("*")
        if p.is_file()
        and not str(p).startswith(str(app.config["UPLOAD_FOLDER"]))
        and not str(p).startswith(str(app.config["INDEX_FOLDER"]))
        and not str(p).startswith(app.instance_path)
        and not p.name.startswith("test.sqlite3")
    ]
    if outside:
        tally.problem("stored_wrongly", f"files written outside the store: {outside[:5]}")
    tally.report("uploads")


# -- queries and bodies --------------------------------------------------------------------------

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
    from urllib.parse import quote

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
                    "number_symbol": "7/TB-CĐBP",
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
