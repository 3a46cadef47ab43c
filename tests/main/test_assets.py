"""How answers travel: text compressed with Brotli or gzip, stored files sent as stored, static
files under content-hashed URLs with a year-long cache, the favicon and the web app manifest."""

import gzip
import json
import re
from pathlib import Path

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


# -- Only the CSS a page uses: the Bootstrap subset (frontend/, `make css`) -----------------

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "intranet" / "static"
SUBSET = "vendor/bootstrap-5.3.9-subset/bootstrap.min.css"
# Every class the whole of Bootstrap 5.3.9 defines, written by `make css`.
VOCABULARY = set((ROOT / "frontend" / "bootstrap-classes.txt").read_text().split())
JINJA = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
THEME = ("primary", "secondary", "success", "info", "warning", "danger", "light", "dark")


def _subset_classes() -> set[str]:
    css = re.sub(r"url\([^)]*\)", "", (STATIC / SUBSET).read_text())
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))


def _template_classes() -> dict[str, set[str]]:
    """Class names written in the pages' templates: the class attributes' literal parts, the
    string literals inside them ({{ 'a' if x else 'b' }}) and the form macros' wrapper= and
    class_= arguments. The paper templates (PDF, WeasyPrint) have their own stylesheet."""
    found: dict[str, set[str]] = {}
    for path in (STATIC.parent / "templates").rglob("*.html"):
        if "paper" in path.parts:
            continue
        text = path.read_text()
        values = re.findall(r'\bclass="([^"]*)"', text)
        values += re.findall(r"\b(?:wrapper|class_)='([^']*)'", text)
        for value in values:
            literals = [
                s for m in JINJA.finditer(value) for s in re.findall(r"'([^']*)'", m.group(0))
            ]
            for token in " ".join([JINJA.sub(" ", value), *literals]).split():
                if re.fullmatch(r"[a-z][\w-]*[a-z0-9]", token):
                    found.setdefault(token, set()).add(path.name)
    return found


def test_pages_link_the_bootstrap_subset_and_defer_their_scripts(client, login_as):
    for page in (client.get("/login"), login_as("staff").get("/")):
        html = page.get_data(as_text=True)
        styles = re.findall(r'<link rel="stylesheet" href="/static/([^"?]+)', html)
        assert styles == [SUBSET, "app.css"], styles
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all(" defer" in s or "async" in s for s in scripts), scripts
        assert "htmx" not in html
    assert not (STATIC / "vendor" / "bootstrap-5.3.9" / "bootstrap.min.css").exists()


def test_the_subset_defines_every_bootstrap_class_the_templates_use():
    used = _template_classes()
    bootstrap = {name: where for name, where in used.items() if name in VOCABULARY}
    # The check sees the components the pages are built of (not a vocabulary that missed them).
    assert {"navbar-toggler", "dropdown-menu", "card-body", "form-control", "table"} <= set(
        bootstrap
    )
    built = _subset_classes()
    missing = {name: sorted(where) for name, where in bootstrap.items() if name not in built}
    assert not missing, (
        "Bootstrap classes used in templates but not built into the subset; add the component "
        f"to frontend/bootstrap-subset.scss and run `make css`: {missing}"
    )


def test_the_subset_keeps_what_bootstraps_script_and_the_templates_switch_on():
    css = (STATIC / SUBSET).read_text()
    # The navigation bar's menu button (collapse), the user's menu (dropdown), a flash's close.
    for selector in (
        ".navbar-expand-xl .navbar-collapse",
        ".navbar-expand-xl .navbar-toggler",
        ".collapse:not(.show)",
        ".collapsing",
        ".dropdown-menu.show",
        ".dropdown-menu-end[data-bs-popper]",
        ".fade:not(.show)",
        ".btn-close",
    ):
        assert selector in css, selector
    # Classes the templates build from a value: text-bg-{{ colour }}, btn-{{ style }},
    # alert-{{ category }}.
    defined = _subset_classes()
    for colour in THEME:
        for family in ("text-bg-", "btn-", "btn-outline-", "alert-"):
            assert family + colour in defined, family + colour
