"""Sign-in rules: one answer for every failure, throttling, safe `next=`, sessions that end."""

import re
import time
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from intranet.accounts.models import LoginSession, User
from intranet.extensions import db
from tests.conftest import PASSWORD, USERS, csrf_token, login, post_form, unit_id

COOKIE = "intranet_session"
WRONG = "khong-phai-mat-khau"
FAILURE = "Tên đăng nhập hoặc mật khẩu không đúng."
TOO_MANY = "Bạn đã thử quá nhiều lần"
# A signed CSRF token (itsdangerous: payload.timestamp.signature); it changes every second.
TOKEN_RE = re.compile(r"[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}")


def attempt(client, username, password=WRONG, addr="10.0.0.1", next_=None):
    """A sign-in POST from the address ``addr``."""
    token = csrf_token(client)
    url = "/login" + (f"?{urlencode({'next': next_})}" if next_ else "")
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post(url, data=data, environ_base={"REMOTE_ADDR": addr})


def cookie_value(client) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def client_with_cookie(app, value):
    """A new browser that replays a captured session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def answer(response, username) -> str:
    """The page as an attacker compares it: without the CSRF token and the echoed username."""
    html = TOKEN_RE.sub("TOKEN", response.get_data(as_text=True))
    return html.replace(f'value="{username}"', 'value=""')


def test_correct_password_signs_in_and_shows_the_home_page(client, users):
    response = login(client, "canbo")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Xin chào, canbo" in client.get("/").get_data(as_text=True)


def test_username_is_not_case_sensitive(client, users):
    assert login(client, " CanBo ").status_code == 302
    assert client.get("/").status_code == 200


def test_empty_form_asks_for_both_fields_in_vietnamese(client):
    data = {"username": "", "password": "", "csrf_token": csrf_token(client)}
    html = client.post("/login", data=data).get_data(as_text=True)
    assert "Hãy nhập tên đăng nhập." in html and "Hãy nhập mật khẩu." in html


def test_wrong_password_is_refused_with_a_vietnamese_message(client, users):
    response = login(client, "canbo", WRONG)
    assert response.status_code == 200
    assert FAILURE in response.get_data(as_text=True)
    assert_sent_to_login(client.get("/"))


def test_unknown_user_and_wrong_password_get_the_same_answer(client, users):
    unknown = login(client, "khong.co.ai", WRONG)
    time.sleep(1.1)  # the CSRF tokens on the two pages differ too: they must be masked
    wrong = login(client, "canbo", WRONG)
    assert unknown.status_code == wrong.status_code == 200
    assert answer(unknown, "khong.co.ai") == answer(wrong, "canbo")
    body = wrong.get_data(as_text=True).lower()
    for hint in ("không tồn tại", "không có người dùng", "sai mật khẩu", "đã khoá", "bị khoá"):
        assert hint not in body


def test_disabled_user_cannot_sign_in_and_gets_the_same_answer(app, client, users):
    with app.app_context():
        db.session.get(User, users["staff"]).active = False
        db.session.commit()
    disabled = login(client, "canbo", PASSWORD)
    unknown = login(client, "khong.co.ai", WRONG)
    assert disabled.status_code == unknown.status_code == 200
    assert answer(disabled, "canbo") == answer(unknown, "khong.co.ai")
    assert_sent_to_login(client.get("/"))


def test_five_failures_lock_the_account_even_from_different_addresses(client, users):
    for i in range(5):
        assert attempt(client, "canbo", addr=f"10.0.1.{i}").status_code == 200
    response = attempt(client, "canbo", addr="10.0.1.99")
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)


def test_locked_account_refuses_even_the_right_password(client, users):
    for i in range(5):
        attempt(client, "canbo", addr=f"10.0.2.{i}")
    response = attempt(client, "canbo", PASSWORD, addr="10.0.2.99")
    assert response.status_code == 429
    assert_sent_to_login(client.get("/"))


def test_account_throttle_ignores_the_case_of_the_username(client, users):
    for i, name in enumerate(["canbo", "CanBo", "CANBO", "canBO", "Canbo"]):
        attempt(client, name, addr=f"10.0.3.{i}")
    assert attempt(client, "canbo", addr="10.0.3.99").status_code == 429


def test_account_throttle_does_not_lock_other_accounts(client, users):
    for i in range(6):
        attempt(client, "canbo", addr=f"10.0.4.{i}")
    response = attempt(client, "truongkhoa", PASSWORD, addr="10.0.4.0")
    assert response.status_code == 302


def test_many_usernames_from_one_address_are_throttled(app, client, users):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 10 minutes"
    for name in ("an", "binh", "chi"):
        assert attempt(client, name, addr="10.0.5.5").status_code == 200
    response = attempt(client, "dung", addr="10.0.5.5")
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)
    assert attempt(client, "dung", addr="10.0.5.6").status_code == 200


def test_successful_sign_ins_are_not_counted(app, users):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 10 minutes"
    for _ in range(6):
        assert attempt(app.test_client(), "canbo", PASSWORD, addr="10.0.6.6").status_code == 302
    assert attempt(app.test_client(), "canbo", WRONG, addr="10.0.6.6").status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "///evil.example",
        "/\t/evil.example",
        "http:/evil.example",
    ],
)
def test_next_to_another_site_is_ignored(client, users, target):
    response = attempt(client, "canbo", PASSWORD, next_=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_to_a_local_path_is_followed(client, users):
    response = attempt(client, "canbo", PASSWORD, next_="/documents?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/documents?x=1"


def test_sign_in_returns_to_the_page_that_asked_for_it(client, users):
    asked = client.get("/admin/users")
    assert asked.status_code == 302
    login_url = asked.headers["Location"]
    data = {"username": "quantri", "password": PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post(login_url, data=data)
    assert response.headers["Location"] == "/admin/users"
    assert client.get("/admin/users").status_code == 200


def test_session_cookie_changes_at_sign_in(client, users):
    client.get("/login")
    before = cookie_value(client)
    assert before
    assert login(client, "canbo").status_code == 302
    assert cookie_value(client) not in (None, before)


def test_cookie_captured_before_sign_in_does_not_carry_the_sign_in(app, client, users):
    client.get("/login")
    before = cookie_value(client)
    login(client, "canbo")
    assert client.get("/").status_code == 200
    assert_sent_to_login(client_with_cookie(app, before).get("/"))


def test_csrf_token_from_before_sign_in_is_refused_after_it(client, users):
    old_token = csrf_token(client)
    login(client, "canbo")
    response = client.post("/logout", data={"csrf_token": old_token})
    assert response.status_code == 400
    assert client.get("/").status_code == 200


def test_sign_out_ends_the_session_and_a_replayed_cookie_is_refused(app, login_as):
    client = login_as("staff")
    assert client.get("/").status_code == 200
    captured = cookie_value(client)
    response = post_form(client, "/logout", token_from="/")
    assert_sent_to_login(response)
    assert_sent_to_login(client.get("/"))
    assert_sent_to_login(client_with_cookie(app, captured).get("/"))


def test_sign_out_is_post_only(login_as):
    client = login_as("staff")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_sign_out_without_csrf_token_is_refused(login_as):
    client = login_as("staff")
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/").status_code == 200


def test_disabling_a_user_in_admin_ends_their_live_session_at_once(app, login_as, users):
    staff = login_as("staff")
    assert staff.get("/").status_code == 200
    admin = login_as("admin")
    data = {"full_name": "canbo", "email": "", "unit_id": unit_id(app, "KCNTT"), "roles": ["staff"]}
    response = post_form(admin, f"/admin/users/{users['staff']}", data)  # "active" left unticked
    assert response.status_code == 302
    assert_sent_to_login(staff.get("/"))
    with app.app_context():
        live = select(func.count()).where(
            LoginSession.user_id == users["staff"], LoginSession.ended_at.is_(None)
        )
        assert db.session.execute(live).scalar_one() == 0


def change_password(client, new="mat-khau-moi-2024"):
    data = {"current": PASSWORD, "new": new, "confirm": new}
    return post_form(client, "/profile", data)


def test_password_change_ends_other_sessions_but_keeps_the_current_one(login_as):
    here, elsewhere = login_as("staff"), login_as("staff")
    assert elsewhere.get("/").status_code == 200
    assert change_password(here).status_code == 302
    assert here.get("/").status_code == 200
    assert_sent_to_login(elsewhere.get("/"))


def test_after_a_password_change_only_the_new_password_signs_in(app, login_as):
    assert change_password(login_as("staff"), "mat-khau-moi-2024").status_code == 302
    assert login(app.test_client(), USERS["staff"][0]).status_code == 200
    assert login(app.test_client(), USERS["staff"][0], "mat-khau-moi-2024").status_code == 302


def test_password_change_with_a_wrong_current_password_changes_nothing(app, login_as):
    client = login_as("staff")
    data = {"current": WRONG, "new": "mat-khau-moi-2024", "confirm": "mat-khau-moi-2024"}
    response = post_form(client, "/profile", data)
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)
    assert login(app.test_client(), USERS["staff"][0]).status_code == 302
