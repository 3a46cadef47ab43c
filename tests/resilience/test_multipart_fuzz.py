"""Random multipart bodies against every upload route, page and API: never a server error.

Hypothesis builds the bodies: random part names, file names with control characters, quotes,
separators and Vietnamese letters, random or missing content types, a missing file name, a
plain field where a file is expected, several files in one field, empty bodies, truncated
bodies, a missing or wrong boundary. Each goes to a route drawn from every upload of the app,
as a user who may upload there; the answer must be below 500. The number of bodies tried is
reported with the resilience figures.
"""

import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intranet.accounts import tokens
from intranet.accounts.models import User
from intranet.extensions import db
from tests.resilience.figures import report
from tests.resilience.hostile import client_of
from tests.storage.helpers import MINI_PDF, png_bytes

BODIES = 400  # about 40 s on one core of the shared machine; raise locally to search harder
BOUNDARY = "----hypothesisBoundary7MA4YWxk"

# Letters a Vietnamese name holds, and what an attacker adds: controls, quotes, separators.
NAME_LETTERS = list("aeiouyđĐăâêôơưÂẠảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
NAME_LETTERS += [*" ._-()[]'\"\\/;:=%*?<>|&#+", "\r", "\n", "\r\n", "\x00", "\t", "\x7f"]
NAME_LETTERS += ["\u202e", "\u200b", "\ufeff", ".pdf", ".txt", ".png", ".docx", ".exe", ".."]
CONTENT_TYPES = [
    "application/pdf",
    "text/plain",
    "text/plain; charset=utf-8",
    "image/png",
    "application/octet-stream",
    "text/html",
    "multipart/mixed; boundary=x",
    "",
    "không/hợp-lệ",
]
CONTENTS = [
    MINI_PDF,
    png_bytes(),
    "Báo cáo tổng kết năm học.\n".encode(),
    b"",
    b"\x00" * 64,
    b"--" + BOUNDARY.encode() + b"\r\n",  # a fake boundary inside the content
    'Tên\r\nContent-Disposition: form-data; name="x"\r\n\r\n'.encode(),
]
SHAPES = [
    "whole",
    "whole",
    "whole",
    "truncated",
    "no_end",
    "no_boundary",
    "wrong_boundary",
    "empty",
]


def routes(place: dict) -> list[tuple[str, str, str, str, dict]]:
    """(who, how, url, the file field, other fields) of every upload, page and API."""
    doc, file_id, year, unit = place["draft_id"], place["file_id"], place["year"], place["kcntt"]
    inspection = {
        "unit_id": str(unit),
        "inspected_on": "2024-05-20",
        "members": "Đoàn kiểm tra",
        "scope": "Hồ sơ",
    }
    return [
        ("secretariat", "page", f"/documents/{doc}/files", "files", {}),
        ("secretariat", "page", f"/documents/files/{file_id}/versions", "file", {}),
        ("staff", "page", f"/exemplars/{place['nomination_id']}/evidence", "file", {"title": "M"}),
        ("unit_head", "page", f"/supervision/reports/{year}/{unit}", "file", {"summary": "BC"}),
        ("inspector", "page", "/supervision/inspections/new", "minutes", inspection),
        ("secretariat", "api", f"/api/v1/documents/{doc}/files", "files", {}),
        (
            "secretariat",
            "api",
            f"/api/v1/documents/{place['document_id']}/files/{file_id}/versions",
            "file",
            {},
        ),
        ("staff", "api", f"/api/v1/exemplars/{place['nomination_id']}/evidence", "file", {}),
        ("unit_head", "api", "/api/v1/reports", "file", {"year": str(year), "summary": "BC"}),
    ]


names = st.lists(st.sampled_from(NAME_LETTERS), max_size=12).map("".join)
part_names = st.one_of(
    st.sampled_from(["file", "files", "minutes", "title", "summary", "year", "csrf_token"]),
    names,
)


@st.composite
def parts(draw, file_field: str) -> dict:
    """One part: usually the route's file field, with or without a file name."""
    name = draw(st.one_of(st.just(file_field), st.just(file_field), part_names))
    filename = draw(st.one_of(st.none(), names, st.text(max_size=20)))
    return {
        "name": name,
        "filename": filename,
        "star": draw(st.booleans()) if filename else False,  # filename*=UTF-8''…
        "type": draw(st.one_of(st.none(), st.sampled_from(CONTENT_TYPES))),
        "content": draw(st.one_of(st.sampled_from(CONTENTS), st.binary(max_size=200))),
    }


def quoted(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def encode(fields: dict, files: list[dict], shape: str, cut: float) -> tuple[bytes, str]:
    """The body and its Content-Type header."""
    chunks = []
    for key, value in fields.items():
        chunks.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + quoted(value)
            + b"\r\n"
        )
    for part in files:
        header = b'Content-Disposition: form-data; name="' + quoted(part["name"]) + b'"'
        if part["filename"] is not None:
            if part["star"]:
                from urllib.parse import quote

                header += b"; filename*=UTF-8''" + quote(part["filename"]).encode()
            else:
                header += b'; filename="' + quoted(part["filename"]) + b'"'
        if part["type"] is not None:
            header += b"\r\nContent-Type: " + quoted(part["type"])
        chunks.append(
            f"--{BOUNDARY}\r\n".encode() + header + b"\r\n\r\n" + part["content"] + b"\r\n"
        )
    body = b"".join(chunks) + f"--{BOUNDARY}--\r\n".encode()
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    if shape == "truncated":
        body = body[: int(len(body) * cut)]
    elif shape == "no_end":
        body = body[: -len(f"--{BOUNDARY}--\r\n")]
    elif shape == "no_boundary":
        content_type = "multipart/form-data"
    elif shape == "wrong_boundary":
        content_type = "multipart/form-data; boundary=autre"
    elif shape == "empty":
        body = b""
    return body, content_type


def test_random_multipart_bodies_never_answer_a_server_error(app, place, users):
    every = routes(place)
    clients = {who: client_of(app, who) for who in {r[0] for r in every}}
    csrf = {}
    for who, client in clients.items():
        page = client.get("/profile").get_data(as_text=True)
        csrf[who] = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    with app.app_context():
        secrets = {
            who: tokens.create_token(db.session.get(User, users[who]), "fuzz", 30)[1]
            for who in clients
        }
    tried, statuses, server_errors = Counter(), Counter(), []

    @settings(
        max_examples=BODIES,
        deadline=None,
        database=None,  # no example database written into the working tree
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def one_body(data):
        who, how, url, field, fields = data.draw(st.sampled_from(every))
        files = data.draw(st.lists(parts(field), max_size=3))
        fields = dict(fields)
        if how == "page" and data.draw(st.integers(0, 9)):  # now and then without a CSRF token
            fields["csrf_token"] = csrf[who]
        shape = data.draw(st.sampled_from(SHAPES))
        cut = data.draw(st.floats(0.0, 1.0))
        body, content_type = encode(fields, files, shape, cut)
        headers = {"Content-Type": content_type}
        if how == "api":
            headers["Authorization"] = f"Bearer {secrets[who]}"
        response = clients[who].post(url, data=body, headers=headers)
        tried[how] += 1
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            server_errors.append(f"{response.status_code} {url} {shape} {files!r}"[:500])

    one_body()
    report(
        "multipart fuzz (hypothesis)",
        bodies=sum(tried.values()),
        pages=tried["page"],
        api=tried["api"],
        routes=len(every),
        server_errors=len(server_errors),
        statuses=dict(sorted(statuses.items())),
    )
    assert not server_errors, "\n".join(server_errors[:10])
