"""The admin pages: only the admin enters; users and units are managed with clear errors."""

import pytest
from sqlalchemy import func, select

from intranet.accounts import services
from intranet.accounts.models import Role, Unit, User
from intranet.extensions import db
from tests.conftest import login, post_form, unit_id

NON_ADMINS = ("staff", "unit_head", "secretariat", "inspector", "leader")
PAGES = (
    "/admin/",
    "/admin/users",
    "/admin/users/new",
    "/admin/users/{user}",
    "/admin/units",
    "/admin/units/new",
    "/admin/units/{unit}",
)


def page(app, users, template: str) -> str:
    return template.format(user=users["staff"], unit=unit_id(app, "KCNTT"))


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def new_user_form(app, **changes) -> dict:
    data = {
        "username": "nguyen.van.a",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.edu.vn",
        "unit_id": unit_id(app, "KKT"),
        "roles": ["staff", "unit_head"],
        "active": "y",
        "password": "mat-khau-ban-dau",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("template", PAGES)
@pytest.mark.parametrize("role", NON_ADMINS)
def test_admin_pages_are_forbidden_to_other_roles(app, users, login_as, role, template):
    response = login_as(role).get(page(app, users, template))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.get_data(as_text=True)


@pytest.mark.parametrize("template", PAGES)
def test_admin_pages_send_anonymous_visitors_to_sign_in(app, client, users, template):
    response = client.get(page(app, users, template))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_non_admin_cannot_create_a_user_by_posting_the_form(app, login_as):
    staff = login_as("secretariat")
    response = post_form(staff, "/admin/users/new", new_user_form(app), token_from="/")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.execute(select(User).filter_by(username="nguyen.van.a")).first() is None


def test_admin_sees_every_user_with_unit_and_role(login_as):
    html = login_as("admin").get("/admin/users").get_data(as_text=True)
    for username in ("quantri", "canbo", "truongkhoa", "canbo.kt"):
        assert username in html
    assert "Trưởng đơn vị" in html and "KCNTT" in html


def test_admin_creates_a_user_who_can_then_sign_in(app, login_as):
    response = post_form(login_as("admin"), "/admin/users/new", new_user_form(app))
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users"
    with app.app_context():
        user = db.session.execute(select(User).filter_by(username="nguyen.van.a")).scalar_one()
        assert user.full_name == "Nguyễn Văn An"
        assert user.unit.code == "KKT"
        assert user.roles == {Role.STAFF, Role.UNIT_HEAD}
    client = app.test_client()
    assert login(client, "nguyen.van.a", "mat-khau-ban-dau").status_code == 302
    assert "Nguyễn Văn An" in client.get("/").get_data(as_text=True)


def test_removed_role_applies_to_the_very_next_request(app, users, login_as):
    with app.app_context():
        unit = db.session.execute(select(Unit).filter_by(code="HCTC")).scalar_one()
        second = services.create_user("quantri2", "Quản Trị Hai", unit, ["admin"], "mat-khau-qt2")
        second_id = second.id
    other_admin = app.test_client()
    assert login(other_admin, "quantri2", "mat-khau-qt2").status_code == 302
    assert other_admin.get("/admin/users").status_code == 200
    data = {"full_name": "Quản Trị Hai", "unit_id": unit_id(app, "HCTC"), "roles": ["staff"]}
    data["active"] = "y"
    assert post_form(login_as("admin"), f"/admin/users/{second_id}", data).status_code == 302
    assert other_admin.get("/admin/users").status_code == 403
    home = other_admin.get("/").get_data(as_text=True)
    assert 'href="/admin/"' not in home


def test_admin_edits_a_users_roles_and_unit(app, users, login_as):
    data = {"full_name": "Cán Bộ Mới", "unit_id": unit_id(app, "KKT"), "active": "y"}
    data["roles"] = ["staff", "inspector"]
    response = post_form(login_as("admin"), f"/admin/users/{users['staff']}", data)
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, users["staff"])
        assert (user.full_name, user.unit.code) == ("Cán Bộ Mới", "KKT")
        assert user.roles == {Role.STAFF, Role.INSPECTOR}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "canbo"}, "Tên đăng nhập canbo đã có người dùng."),
        ({"username": "CanBo"}, "Tên đăng nhập canbo đã có người dùng."),
        ({"username": "Nguyễn Văn A"}, "Tên đăng nhập chỉ gồm chữ thường không dấu"),
        ({"password": "ngan"}, "Mật khẩu phải có ít nhất 8 ký tự."),
        ({"roles": []}, "Hãy chọn ít nhất một vai trò."),
    ],
    ids=["duplicate", "duplicate-other-case", "bad-username", "short-password", "no-role"],
)
def test_bad_new_user_is_refused_with_a_clear_message(app, login_as, changes, message):
    users_before = count(app, User)
    data = new_user_form(app, **changes)
    response = post_form(login_as("admin"), "/admin/users/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert count(app, User) == users_before
    assert 'value="Nguyễn Văn An"' in html  # the form keeps what was typed
    assert 'value="an@example.edu.vn"' in html


def test_admin_creates_a_unit(app, login_as):
    data = {"code": "knn", "name": "Khoa Ngoại ngữ", "active": "y"}
    response = post_form(login_as("admin"), "/admin/units/new", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/units"
    with app.app_context():
        unit = db.session.execute(select(Unit).filter_by(code="KNN")).scalar_one()
        assert unit.name == "Khoa Ngoại ngữ" and unit.active


def test_admin_renames_a_unit(app, login_as):
    kkt = unit_id(app, "KKT")
    data = {"code": "KKT", "name": "Khoa Kinh tế – Du lịch"}  # "active" unticked
    assert post_form(login_as("admin"), f"/admin/units/{kkt}", data).status_code == 302
    with app.app_context():
        unit = db.session.get(Unit, kkt)
        assert (unit.name, unit.active) == ("Khoa Kinh tế – Du lịch", False)


def test_duplicate_unit_code_is_refused_and_nothing_stored(app, login_as):
    units_before = count(app, Unit)
    data = {"code": "KCNTT", "name": "Khoa Công nghệ mới", "active": "y"}
    response = post_form(login_as("admin"), "/admin/units/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mã đơn vị KCNTT đã có." in html
    assert 'value="Khoa Công nghệ mới"' in html
    assert count(app, Unit) == units_before


def test_renaming_a_unit_to_a_taken_code_changes_nothing(app, login_as):
    kkt = unit_id(app, "KKT")
    data = {"code": "KCNTT", "name": "Khoa Kinh tế đổi tên", "active": "y"}
    response = post_form(login_as("admin"), f"/admin/units/{kkt}", data)
    assert response.status_code == 200
    assert "Mã đơn vị KCNTT đã có." in response.get_data(as_text=True)
    with app.app_context():
        unit = db.session.get(Unit, kkt)
        assert (unit.code, unit.name) == ("KKT", "Khoa Kinh tế")


def test_bad_unit_code_is_refused_with_a_clear_message(app, login_as):
    units_before = count(app, Unit)
    data = {"code": "Khoa Mới!", "name": "Khoa Mới", "active": "y"}
    response = post_form(login_as("admin"), "/admin/units/new", data)
    assert response.status_code == 200
    assert "Mã đơn vị chỉ gồm chữ in hoa không dấu" in response.get_data(as_text=True)
    assert count(app, Unit) == units_before


def test_too_long_unit_name_is_refused_in_vietnamese(app, login_as):
    units_before = count(app, Unit)
    data = {"code": "KMOI", "name": "Khoa " * 50, "active": "y"}
    response = post_form(login_as("admin"), "/admin/units/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tối đa 200 ký tự." in html
    assert "cannot be longer" not in html
    assert count(app, Unit) == units_before


def test_missing_admin_record_is_a_vietnamese_404(login_as):
    response = login_as("admin").get("/admin/users/99999")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)
