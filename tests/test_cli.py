"""The `flask --app intranet …` commands: users and demo data; failures exit non-zero."""

import re

from sqlalchemy import func, select

from intranet import demo
from intranet.accounts.models import Role, Unit, User
from intranet.extensions import db
from tests.conftest import login

NEW_PASSWORD = "mat-khau-dong-lenh"
DEMO_CODES = {"BGH", "HCTC", "DT", "KHTC", "KCNTT", "KKT", "KCKDL", "KDDT", "DTN", "CDT", "HDTDKT"}


def create(runner, *args, password=NEW_PASSWORD):
    base = ["users", "create", "nguyen.van.b", "--role", "staff", "--unit", "KKT"]
    return runner.invoke(args=[*base, *args, "--password-stdin"], input=password + "\n")


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_users_create_reads_the_password_from_stdin(app, runner, users):
    result = create(runner, "--role", "unit_head", "--name", "Nguyễn Văn Bình")
    assert result.exit_code == 0, result.output
    assert "nguyen.van.b" in result.output
    with app.app_context():
        user = db.session.execute(select(User).filter_by(username="nguyen.van.b")).scalar_one()
        assert (user.full_name, user.unit.code) == ("Nguyễn Văn Bình", "KKT")
        assert user.roles == {Role.STAFF, Role.UNIT_HEAD}
    assert login(app.test_client(), "nguyen.van.b", NEW_PASSWORD).status_code == 302


def test_users_create_asks_for_the_password_twice(app, runner, users):
    args = ["users", "create", "tran.thi.c", "--role", "staff", "--unit", "KCNTT"]
    result = runner.invoke(args=args, input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "tran.thi.c", NEW_PASSWORD).status_code == 302


def test_users_create_with_an_unknown_unit_fails_clearly(app, runner, users):
    before = count(app, User)
    args = ["users", "create", "le.van.d", "--role", "staff", "--unit", "XYZ"]
    result = runner.invoke(args=[*args, "--password-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code != 0
    assert "Không có đơn vị mã XYZ" in result.output
    assert count(app, User) == before


def test_users_create_with_a_taken_name_fails_clearly(app, runner, users):
    before = count(app, User)
    args = ["users", "create", "CanBo", "--role", "staff", "--unit", "KKT"]
    result = runner.invoke(args=[*args, "--password-stdin"], input=NEW_PASSWORD + "\n")
    assert result.exit_code != 0
    assert "Tên đăng nhập canbo đã có người dùng." in result.output
    assert count(app, User) == before


def test_users_create_with_a_short_password_fails_clearly(app, runner, users):
    result = create(runner, password="ngan")
    assert result.exit_code != 0
    assert "Mật khẩu phải có ít nhất 8 ký tự." in result.output
    with app.app_context():
        assert db.session.execute(select(User).filter_by(username="nguyen.van.b")).first() is None


def test_users_create_with_an_unknown_role_fails(app, runner, users):
    result = create(runner, "--role", "superuser")
    assert result.exit_code != 0
    assert "superuser" in result.output
    with app.app_context():
        assert db.session.execute(select(User).filter_by(username="nguyen.van.b")).first() is None


def test_users_list_shows_every_user_with_unit_and_roles(app, runner, users):
    with app.app_context():
        db.session.get(User, users["other_staff"]).active = False
        db.session.commit()
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert set(lines) == {
        "quantri",
        "thuongtruc",
        "lanhdao",
        "kiemtra",
        "truongkhoa",
        "canbo",
        "canbo.kt",
    }
    assert "HCTC" in lines["quantri"] and "admin" in lines["quantri"]
    assert "KCNTT" in lines["truongkhoa"] and "staff,unit_head" in lines["truongkhoa"]
    assert "đã khoá" in lines["canbo.kt"] and "đã khoá" not in lines["canbo"]


def test_demo_load_creates_the_colleges_units(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        units = dict(db.session.execute(select(Unit.code, Unit.name)).all())
    assert set(units) == DEMO_CODES
    assert units["BGH"] == "Ban Giám hiệu"
    assert units["HCTC"] == "Phòng Hành chính – Tổ chức"
    assert units["HDTDKT"] == "Hội đồng Thi đua – Khen thưởng"


def test_demo_load_creates_one_account_per_role(app, runner):
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        held = {role for user in db.session.execute(select(User)).scalars() for role in user.roles}
    assert held == set(Role)


def test_demo_load_prints_accounts_that_sign_in(app, runner):
    result = runner.invoke(args=["demo", "load"])
    printed = dict(re.findall(r"^\s+(\S+)\s+(\S+)\s{2,}", result.output, re.MULTILINE))
    assert set(printed) == {username for username, *_ in demo.ACCOUNTS}
    for username, password in printed.items():
        client = app.test_client()
        assert login(client, username, password).status_code == 302, username
        assert client.get("/").status_code == 200


def test_demo_accounts_see_the_navigation_of_their_role(app, runner):
    result = runner.invoke(args=["demo", "load"])
    printed = dict(re.findall(r"^\s+(\S+)\s+(\S+)\s{2,}", result.output, re.MULTILINE))
    for username, _name, _unit, roles in demo.ACCOUNTS:
        client = app.test_client()
        login(client, username, printed[username])
        page = client.get("/").get_data(as_text=True)
        assert ('href="/admin/"' in page) == (Role.ADMIN in roles), username


def test_second_demo_load_is_refused(app, runner):
    runner.invoke(args=["demo", "load"])
    users_before = count(app, User)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "đã có dữ liệu" in result.output
    assert count(app, User) == users_before and count(app, Unit) == len(DEMO_CODES)


def test_demo_load_if_empty_skips_quietly_when_data_exists(app, runner):
    runner.invoke(args=["demo", "load"])
    users_before = count(app, User)
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0
    assert "không nạp lại" in result.output
    assert count(app, User) == users_before and count(app, Unit) == len(DEMO_CODES)


def test_demo_load_if_empty_loads_an_empty_database(app, runner):
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0
    assert count(app, Unit) == len(DEMO_CODES)
