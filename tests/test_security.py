"""What an attacker meets: CSRF refusal, security headers, cookie flags, no inline script."""

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from intranet import create_app
from intranet.accounts.models import User
from intranet.extensions import db
from tests.conftest import CSRF_RE, PASSWORD, USERS, csrf_token, unit_id

CSRF_MESSAGE = "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ."
COOKIE = "intranet_session"


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


# --- CSRF -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token", [None, "sai-token", "IjAi.Zm9v.YmFy"], ids=["none", "junk", "forged"]
)
def test_sign_in_without_a_valid_csrf_token_is_refused(client, users, token):
    client.get("/login")
    data = {"username": USERS["staff"][0], "password": PASSWORD}
    if token:
        data["csrf_token"] = token
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert not signed_in(client)


@pytest.mark.parametrize("token", [None, "sai-token"], ids=["none", "junk"])
def test_sign_out_without_a_valid_csrf_token_is_refused(login_as, token):
    client = login_as("staff")
    response = client.post("/logout", data={"csrf_token": token} if token else {})
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert signed_in(client)


@pytest.mark.parametrize("token", [None, "sai-token"], ids=["none", "junk"])
def test_language_switch_without_a_valid_csrf_token_is_refused(app, login_as, users, token):
    client = login_as("staff")
    data = {"locale": "en", "next": "/"}
    if token:
        data["csrf_token"] = token
    response = client.post("/language", data=data)
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, users["staff"]).locale == "vi"


@pytest.mark.parametrize("token", [None, "sai-token"], ids=["none", "junk"])
def test_admin_form_without_a_valid_csrf_token_creates_nothing(app, login_as, token):
    client = login_as("admin")
    data = {
        "username": "ke.gia.mao",
        "full_name": "Kẻ Giả Mạo",
        "unit_id": unit_id(app, "KCNTT"),
        "roles": ["admin"],
        "active": "y",
        "password": "mat-khau-gia-mao",
    }
    if token:
        data["csrf_token"] = token
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(User).filter_by(username="ke.gia.mao")).first() is None


def test_csrf_token_of_another_session_is_refused(app, login_as):
    victim = login_as("admin")
    attacker_token = csrf_token(app.test_client())
    response = victim.post("/logout", data={"csrf_token": attacker_token})
    assert response.status_code == 400
    assert signed_in(victim)


# --- headers ----------------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    return directives


@pytest.fixture
def every_kind(client, login_as):
    """An HTML page, a redirect, error pages and static files."""
    kinds = {
        "page": (client.get("/login"), 200),
        "redirect": (client.get("/"), 302),
        "404": (client.get("/khong-co-trang-nay"), 404),
        "403": (login_as("staff").get("/admin/users"), 403),
        "400": (client.post("/login", data={"username": "x"}), 400),
        "static css": (client.get("/static/app.css"), 200),
        "static js": (client.get("/static/app.js"), 200),
    }
    for name, (response, status) in kinds.items():
        assert response.status_code == status, name
    return {name: response for name, (response, _status) in kinds.items()}


def test_every_response_has_a_csp_without_inline_script(every_kind):
    for name, response in every_kind.items():
        directives = csp_directives(response)
        script = directives.get("script-src", directives.get("default-src"))
        assert script, f"{name}: no script policy"
        assert "'unsafe-inline'" not in script, name
        assert "'unsafe-eval'" not in script, name
        assert "*" not in script and "data:" not in script, name
        assert directives.get("object-src") == ["'none'"], name


def test_every_response_forbids_mime_sniffing(every_kind):
    for name, response in every_kind.items():
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name


def test_every_response_forbids_framing(every_kind):
    for name, response in every_kind.items():
        denied = response.headers.get("X-Frame-Options", "").upper() == "DENY"
        ancestors = csp_directives(response).get("frame-ancestors") == ["'none'"]
        assert denied or ancestors, name


def test_every_response_has_a_referrer_policy(every_kind):
    safe = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    for name, response in every_kind.items():
        assert response.headers.get("Referrer-Policy") in safe, name


def test_pages_with_personal_data_are_not_cached(login_as):
    response = login_as("staff").get("/")
    assert "no-store" in response.headers.get("Cache-Control", "")


# --- cookies ----------------------------------------------------------------------------


def session_set_cookie(response) -> list[str]:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")]
    assert headers, "no session cookie set"
    return [attr.strip().lower() for attr in headers[-1].split(";")]


def sign_in(client, **kwargs):
    token = csrf_token(client)
    data = {"username": USERS["staff"][0], "password": PASSWORD, "csrf_token": token}
    return client.post("/login", data=data, **kwargs)


def test_session_cookie_is_httponly_and_samesite_lax(client, users):
    for response in (client.get("/login"), sign_in(client)):
        attrs = session_set_cookie(response)
        assert "httponly" in attrs
        assert "samesite=lax" in attrs


def test_session_cookie_is_not_secure_over_plain_http(client, users):
    assert "secure" not in session_set_cookie(client.get("/login"))
    assert "secure" not in session_set_cookie(sign_in(client))


def test_session_cookie_is_secure_over_https(client, users):
    https = "https://localhost"
    page = client.get("/login", base_url=https)
    assert "secure" in session_set_cookie(page)
    token = CSRF_RE.search(page.get_data(as_text=True))
    data = {"username": USERS["staff"][0], "password": PASSWORD}
    data["csrf_token"] = token.group(1) or token.group(2)
    # Over HTTPS, Flask-WTF also wants a Referer from this site, as a browser sends.
    headers = {"Referer": f"{https}/login"}
    response = client.post("/login", data=data, base_url=https, headers=headers)
    assert response.status_code == 302
    attrs = session_set_cookie(response)
    assert "secure" in attrs and "httponly" in attrs and "samesite=lax" in attrs


def test_secure_cookie_behind_a_reverse_proxy_that_says_https(app, tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "k", "BEHIND_PROXY": True}
    config["DATABASE_URL"] = app.config["DATABASE_URL"]
    proxied = create_app(config, instance_path=str(tmp_path / "proxied"))
    response = proxied.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in session_set_cookie(response)


def test_forwarded_proto_is_ignored_without_a_proxy(client):
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in session_set_cookie(response)


def test_https_responses_ask_for_https_next_time(client):
    response = client.get("/login", base_url="https://localhost")
    assert "max-age=" in response.headers.get("Strict-Transport-Security", "")


# --- no inline script -------------------------------------------------------------------


class InlineFinder(HTMLParser):
    """Collects what the CSP would block: inline scripts and handlers, inline styles."""

    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.scripts.append("<script> without src")
        if tag == "style":
            self.styles.append("<style> element")
        for name, value in attrs.items():
            url = (value or "").strip().lower()
            if name.startswith("on"):
                self.scripts.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and url.startswith("javascript:"):
                self.scripts.append(f"<{tag} {name}=javascript:...>")
            if name == "style":
                self.styles.append(f"<{tag} style=...>")


def inline(response) -> InlineFinder:
    assert response.mimetype == "text/html"
    finder = InlineFinder()
    finder.feed(response.get_data(as_text=True))
    return finder


def rendered_pages(app, client, login_as, users) -> dict:
    """Every page of the foundation, as each role sees it, with forms in an error state too."""
    pages = {"login": client.get("/login"), "404": client.get("/khong-co")}
    failed = app.test_client()
    data = {"username": "x", "password": "y", "csrf_token": csrf_token(failed)}
    pages["login failed"] = failed.post("/login", data=data)
    for role in ("staff", "unit_head", "secretariat", "inspector", "leader"):
        pages[f"home {role}"] = login_as(role).get("/")
    staff = login_as("staff")
    pages["profile"] = staff.get("/profile")
    pages["403"] = staff.get("/admin/users")
    admin = login_as("admin")
    paths = ["/", "/admin/users", "/admin/users/new", f"/admin/users/{users['staff']}"]
    paths += ["/admin/units", "/admin/units/new", f"/admin/units/{unit_id(app, 'KKT')}"]
    for path in paths:
        pages[f"admin {path}"] = admin.get(path)
    data = {
        "username": "Sai Tên",
        "full_name": "",
        "csrf_token": csrf_token(admin, "/admin/users/new"),
    }
    pages["admin user form with errors"] = admin.post("/admin/users/new", data=data)
    return pages


@pytest.fixture
def pages(app, client, login_as, users):
    return rendered_pages(app, client, login_as, users)


def test_no_rendered_page_has_inline_script(pages):
    for name, response in pages.items():
        assert inline(response).scripts == [], name


def test_no_rendered_page_has_inline_style(pages):
    for name, response in pages.items():
        assert inline(response).styles == [], name


def test_pages_load_their_scripts_from_our_static_files(pages):
    html = pages["login"].get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources)
