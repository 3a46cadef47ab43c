"""Authentication: Bearer tokens (profile page, CLI, expiry, revocation, disabled user) and the
browser session (with the CSRF header for changes)."""

import re
from datetime import timedelta

from sqlalchemy import select

from intranet import clock
from intranet.accounts import services
from intranet.accounts.models import ApiToken, User
from intranet.extensions import db
from tests.api.conftest import ApiClient, assert_problem
from tests.conftest import USERS, csrf_token, post_form


def _token_row(app, secret: str) -> ApiToken:
    with app.app_context():
        row = db.session.execute(
            select(ApiToken).filter_by(token_hash=ApiToken.hash_secret(secret))
        ).scalar_one()
        db.session.expunge(row)
        return row


def test_anonymous_call_gets_401_problem_with_bearer_challenge(anon):
    response = anon.get("/api/v1/me")
    body = assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization" in body["detail"]


def test_anonymous_gets_401_on_every_kind_of_endpoint(anon):
    for method, path in [
        ("GET", "/api/v1/documents"),
        ("POST", "/api/v1/documents"),
        ("GET", "/api/v1/exemplars/1"),
        ("POST", "/api/v1/exemplars/1/steps/submit"),
        ("GET", "/api/v1/evidence/1/download"),
        ("GET", "/api/v1/search?q=x"),
        ("GET", "/api/v1/reports"),
        ("GET", "/api/v1/inspections"),
        ("GET", "/api/v1/decisions"),
    ]:
        assert_problem(anon.open(method, path, json={}), 401)


def test_bearer_token_authenticates_as_its_user(api):
    body = api("staff").get("/api/v1/me").get_json()
    assert body["username"] == USERS["staff"][0]
    assert body["auth"] == "token"
    assert body["unit"]["code"] == "KCNTT"
    assert body["roles"] == ["staff"]


def test_token_is_stored_hashed_and_last_use_recorded(app, api):
    client = api("staff")
    row = _token_row(app, client.token)
    assert row.token_hash == ApiToken.hash_secret(client.token) != client.token
    assert row.last_used_at is None
    client.get("/api/v1/me")
    assert _token_row(app, client.token).last_used_at is not None


def test_unknown_or_malformed_token_gets_401_invalid_token(app):
    for header in ("Bearer itk_nope", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer x" * 50):
        response = app.test_client().get("/api/v1/me", headers={"Authorization": header})
        body = assert_problem(response, 401)
        assert body["type"].endswith("#problem-invalid-token")
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_expired_token_gets_401(app, api):
    client = api("staff")
    with app.app_context():
        row = db.session.execute(
            select(ApiToken).filter_by(token_hash=ApiToken.hash_secret(client.token))
        ).scalar_one()
        row.expires_at = clock.now() - timedelta(seconds=1)
        db.session.commit()
    assert_problem(client.get("/api/v1/me"), 401)


def test_revoked_token_gets_401_at_once(app, api, login_as):
    client = api("staff")
    assert client.get("/api/v1/me").status_code == 200
    row = _token_row(app, client.token)
    session = login_as("staff")
    response = post_form(session, f"/profile/tokens/{row.id}/revoke", token_from="/profile")
    assert response.status_code == 302
    assert_problem(client.get("/api/v1/me"), 401)


def test_disabled_users_tokens_stop_working_at_once(app, users, api):
    client = api("staff")
    assert client.get("/api/v1/me").status_code == 200
    with app.app_context():
        user = db.session.get(User, users["staff"])
        services.update_user(
            user, full_name=user.full_name, unit=user.unit, roles=user.roles, active=False
        )
    assert_problem(client.get("/api/v1/me"), 401)


def test_user_cannot_revoke_anothers_token(app, api, login_as):
    row = _token_row(app, api("staff").token)
    other = login_as("other_staff")
    response = post_form(other, f"/profile/tokens/{row.id}/revoke", token_from="/profile")
    assert response.status_code == 404
    assert _token_row(app, api("staff").token).revoked_at is None


def test_profile_page_creates_a_token_shown_once(app, login_as):
    client = login_as("unit_head")
    response = post_form(
        client, "/profile/tokens", {"name": "Tập lệnh báo cáo", "days": "30"}, token_from="/profile"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    secret = re.search(r'value="(itk_[^"]+)"', page).group(1)
    assert "Tập lệnh báo cáo" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert ApiClient(app.test_client(), token=secret).get("/api/v1/me").status_code == 200
    again = client.get("/profile").get_data(as_text=True)
    assert secret not in again and "Tập lệnh báo cáo" in again
    row = _token_row(app, secret)
    assert timedelta(days=29) < row.expires_at - row.created_at <= timedelta(days=30)


def test_profile_refuses_a_token_without_name_or_with_too_long_life(login_as):
    client = login_as("staff")
    for data in ({"name": "", "days": "30"}, {"name": "x", "days": "1000"}):
        response = post_form(client, "/profile/tokens", data, token_from="/profile")
        assert response.status_code == 422
        assert "itk_" not in response.get_data(as_text=True)


def test_cli_prints_a_token_once(app, users, runner):
    result = runner.invoke(
        args=["users", "token", USERS["inspector"][0], "--days", "7", "--name", "Đồng bộ"]
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    assert secret.startswith("itk_")
    row = _token_row(app, secret)
    assert row.name == "Đồng bộ"
    assert timedelta(days=6) < row.expires_at - row.created_at <= timedelta(days=7)
    me = ApiClient(app.test_client(), token=secret).get("/api/v1/me").get_json()
    assert me["username"] == USERS["inspector"][0]


def test_cli_fails_clearly_for_unknown_user_or_bad_days(users, runner):
    result = runner.invoke(args=["users", "token", "khongco"])
    assert result.exit_code != 0 and "khongco" in result.output
    result = runner.invoke(args=["users", "token", USERS["staff"][0], "--days", "0"])
    assert result.exit_code != 0


def test_session_reads_without_csrf(session_api):
    client = session_api("staff", with_csrf=False)
    body = client.get("/api/v1/me").get_json()
    assert body["auth"] == "session"


def test_session_write_without_csrf_header_is_refused(session_api, make_document):
    document_id = make_document(publish=True)
    client = session_api("staff", with_csrf=False)
    body = assert_problem(client.post(f"/api/v1/documents/{document_id}/read"), 400)
    assert body["type"].endswith("#problem-csrf")
    assert "X-CSRFToken" in body["detail"]


def test_session_write_with_csrf_header_is_accepted(session_api, make_document):
    document_id = make_document(publish=True)
    client = session_api("staff")
    assert client.post(f"/api/v1/documents/{document_id}/read").status_code == 204


def test_session_write_with_wrong_csrf_token_is_refused(login_as, make_document):
    document_id = make_document(publish=True)
    client = ApiClient(login_as("staff"), csrf="faux")
    assert_problem(client.post(f"/api/v1/documents/{document_id}/read"), 400)


def test_token_write_needs_no_csrf(api, make_document):
    document_id = make_document(publish=True)
    assert api("staff").post(f"/api/v1/documents/{document_id}/read").status_code == 204


def test_bearer_header_wins_over_a_session_cookie(app, login_as, token_for):
    client = login_as("secretariat")
    client = ApiClient(client, token=token_for("staff"))
    body = client.get("/api/v1/me").get_json()
    assert body["username"] == USERS["staff"][0] and body["auth"] == "token"
    bad = ApiClient(login_as("secretariat"), token="itk_sai")
    assert_problem(bad.get("/api/v1/me"), 401)


def test_token_request_sets_no_session_cookie(api):
    response = api("staff").get("/api/v1/me")
    assert "Set-Cookie" not in response.headers


def test_csrf_token_of_profile_page_is_the_one_the_api_wants(login_as):
    client = login_as("staff")
    token = csrf_token(client, "/profile")
    response = client.post("/api/v1/exemplars", json={}, headers={"X-CSRFToken": token})
    assert response.status_code == 422  # past the CSRF check, stopped by the body's rules
