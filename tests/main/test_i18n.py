"""A Vietnamese interface by default; English chosen by each visitor and kept on the user."""

from datetime import date, datetime

from flask_babel import force_locale

from intranet.accounts.models import User
from intranet.extensions import db
from intranet.main.filters import long_date, short_date
from tests.conftest import USERS, login, post_form


def html(response) -> str:
    return response.get_data(as_text=True)


def switch_language(client, locale, back_to="/login"):
    data = {"locale": locale, "next": back_to}
    return post_form(client, "/language", data, token_from=back_to)


def test_sign_in_page_is_vietnamese_by_default(client):
    page = html(client.get("/login"))
    assert '<html lang="vi">' in page
    assert "<title>Đăng nhập" in page
    assert "Tên đăng nhập" in page and "Mật khẩu" in page


def test_browser_asking_for_english_still_gets_vietnamese(client):
    page = html(client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}))
    assert '<html lang="vi">' in page


def test_anonymous_visitor_can_switch_to_english(client):
    response = switch_language(client, "en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    page = html(client.get("/login"))
    assert '<html lang="en">' in page
    # English text from intranet/translations/en/LC_MESSAGES/messages.po.
    assert "<title>Sign in" in page
    assert "Username" in page and "Password" in page
    assert "Đăng nhập" not in page


def test_anonymous_visitor_can_switch_back_to_vietnamese(client):
    switch_language(client, "en")
    switch_language(client, "vi")
    assert '<html lang="vi">' in html(client.get("/login"))


def test_unknown_language_is_ignored(client):
    response = switch_language(client, "fr")
    assert response.status_code == 302
    assert '<html lang="vi">' in html(client.get("/login"))


def test_language_switch_only_returns_to_local_pages(client):
    data = {"locale": "en", "next": "//evil.example"}
    response = post_form(client, "/language", data, token_from="/login")
    assert response.headers["Location"] == "/"


def test_signed_in_users_choice_is_stored_on_the_user(app, login_as, users):
    client = login_as("staff")
    assert switch_language(client, "en", back_to="/").status_code == 302
    page = html(client.get("/"))
    assert '<html lang="en">' in page
    assert "Hello, canbo" in page  # English text from messages.po
    with app.app_context():
        assert db.session.get(User, users["staff"]).locale == "en"


def test_users_english_is_kept_after_signing_out_and_in_again(app, login_as):
    client = login_as("staff")
    switch_language(client, "en", back_to="/")
    post_form(client, "/logout", token_from="/")
    again = app.test_client()  # another computer: nothing in its session
    assert login(again, USERS["staff"][0]).status_code == 302
    page = html(again.get("/"))
    assert '<html lang="en">' in page
    assert "Sign out" in page  # English text from messages.po


def test_one_users_english_does_not_change_another_users_language(app, login_as):
    switch_language(login_as("staff"), "en", back_to="/")
    assert '<html lang="vi">' in html(login_as("unit_head").get("/"))


def test_short_date_is_day_month_year(app):
    with app.test_request_context():
        assert short_date(date(2023, 4, 21)) == "21/04/2023"
        assert short_date(datetime(2023, 4, 21, 9, 30)) == "21/04/2023"
        assert short_date(None) == ""


def test_long_date_is_the_administrative_date_line(app):
    with app.test_request_context():
        assert long_date(date(2023, 4, 21)) == "ngày 21 tháng 4 năm 2023"
        assert long_date(date(2024, 12, 5)) == "ngày 05 tháng 12 năm 2024"  # Nghị định 30/2020


def test_date_filters_follow_the_english_locale(app):
    with app.test_request_context(), force_locale("en"):
        assert long_date(date(2023, 4, 21)) == "April 21, 2023"
        assert short_date(date(2023, 4, 21)) == "Apr 21, 2023"


def test_date_filters_work_in_templates(app):
    with app.test_request_context():
        rendered = app.jinja_env.from_string("{{ d|short_date }} – {{ d|long_date }}").render(
            d=date(2023, 4, 21)
        )
    assert rendered == "21/04/2023 – ngày 21 tháng 4 năm 2023"


def test_not_found_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay")
    page = html(response)
    assert response.status_code == 404
    assert '<html lang="vi">' in page
    assert "Không tìm thấy" in page and "Về trang chủ" in page


def test_forbidden_page_is_vietnamese(login_as):
    response = login_as("staff").get("/admin/units")
    page = html(response)
    assert response.status_code == 403
    assert '<html lang="vi">' in page
    assert "Không có quyền truy cập" in page
    assert "Tài khoản của bạn không có quyền xem trang này" in page


def test_error_page_follows_the_users_english(login_as):
    client = login_as("staff")
    switch_language(client, "en", back_to="/")
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert '<html lang="en">' in html(response)
    assert "Not found" in html(response)  # English text from messages.po


def test_server_error_page_is_vietnamese(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        raise RuntimeError("hỏng")

    app.add_url_rule("/thu-loi", view_func=broken)
    response = client.get("/thu-loi")
    page = html(response)
    assert response.status_code == 500
    assert '<html lang="vi">' in page
    assert "Lỗi hệ thống" in page and "hỏng" not in page
