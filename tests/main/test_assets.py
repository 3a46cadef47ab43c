"""How answers travel: text compressed with Brotli or gzip, stored files sent as stored, static
files under content-hashed URLs with a year-long cache, the favicon and the web app manifest."""

import gzip
import json
import re

import brotli
import pytest
from sqlalchemy import select

from intranet.accounts.models import User
from intranet.documents.models import FileVersion
from intranet.extensions import db
from tests import factories
from tests.conftest import USERS

TEXT = ("ghi-chu.txt", ("Biên bản họp Hội đồng Thi đua – Khen thưởng. " * 200).encode())
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def _user(key: str) -> User:
    return db.session.execute(select(User).filter_by(username=USERS[key][0])).scalar_one()


def _static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_styles_and_api_answers_are_compressed(app, users, login_as, encoding):
    with app.app_context():
        secretariat = _user("secretariat")
        for number in range(1, 6):
            factories.document(secretariat, f"{number}/TB-CĐBP", publish=True)
    client = login_as("staff")
    page = client.get("/documents/")
    css = next(u for u in _static_urls(page.get_data(as_text=True)) if "bootstrap" in u)
    for url in ("/documents/", css, "/api/v1/documents"):
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": f"{encoding}, identity"})
        assert packed.status_code == 200, url
        assert packed.headers.get("Content-Encoding") == encoding, url
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert len(packed.data) < len(plain.data) / 3, url
        if url != "/documents/":  # a page carries a fresh CSRF token each time
            assert DECODE[encoding](packed.data) == plain.data, url


def test_stored_files_are_sent_as_stored_never_compressed(app, users, login_as):
    with app.app_context():
        secretariat = _user("secretariat")
        document = factories.document(secretariat, attachments=[TEXT], publish=True)
        version = db.session.execute(
            select(FileVersion.id).order_by(FileVersion.id.desc())
        ).scalar()
        nomination = factories.exemplar(_user("staff"), name="Nguyễn Văn An")
        evidence = factories.evidence(nomination, _user("staff"), TEXT[0], TEXT[1])
        document_id, evidence_id = document.id, evidence.id
    client = login_as("staff")
    assert client.get(f"/documents/{document_id}").status_code == 200
    for url in (
        f"/documents/files/v/{version}/download",
        f"/exemplars/evidence/{evidence_id}/download",
    ):
        response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response.headers, url
        assert response.data == TEXT[1], url


def test_static_files_have_hashed_urls_and_a_year_long_cache(app, client):
    html = client.get("/login").get_data(as_text=True)
    urls = _static_urls(html)
    assert urls and all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls), urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        cache = response.headers["Cache-Control"]
        assert "immutable" in cache and "max-age=31536000" in cache, (url, cache)
    # Another version's name (an old page's link) is revalidated, never kept a year.
    stale = urls[0].split("?")[0] + "?v=000000000000"
    response = client.get(stale)
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_the_favicon_and_the_manifest(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200
    assert manifest.mimetype == "application/manifest+json"
    body = json.loads(manifest.data)
    assert body["name"] == "Thi đua – Khen thưởng" and body["display"] == "standalone"
    sizes = set()
    for entry in body["icons"]:
        picture = client.get(entry["src"])
        assert picture.status_code == 200 and picture.data[:8] == b"\x89PNG\r\n\x1a\n"
        sizes.add(entry["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert 'rel="manifest"' in client.get("/login").get_data(as_text=True)


def test_only_signed_in_pages_are_kept_out_of_the_browser(login_as, client):
    assert "no-store" not in client.get("/login").headers["Cache-Control"]
    assert "no-store" in login_as("staff").get("/").headers["Cache-Control"]
