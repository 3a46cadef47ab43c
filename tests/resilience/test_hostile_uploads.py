"""Hostile uploads to every upload form: path tricks, controls and markup in names, a 1 MB name,
contents whose name or header lies about their type, and a zip bomb. Refused with a message or
kept safely: typed by content, named cleanly, sent back as an attachment, never inflated."""

import hashlib
import io
import re
import zipfile
from pathlib import Path

from sqlalchemy import select

from intranet.documents.models import FileVersion
from intranet.extensions import db
from intranet.indexing.models import ExtractedText
from intranet.storage import StoredFile
from tests.indexing.conftest import run_worker
from tests.resilience.hostile import (
    ATTRIBUTE,
    SCRIPT,
    TXT,
    Tally,
    business_rows,
    client_of,
    stored_names_are_clean,
)

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
