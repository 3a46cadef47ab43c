"""Demo data built from plan 36/KH-CĐBP: the college's units and one account per role."""

import os
import secrets
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from intranet.accounts import services
from intranet.accounts.models import Role, Unit
from intranet.council import demo as council_demo
from intranet.documents import demo as documents_demo
from intranet.emulation import demo as emulation_demo
from intranet.exemplars import demo as exemplars_demo
from intranet.extensions import db
from intranet.propagation import demo as propagation_demo
from intranet.supervision import demo as supervision_demo

UNITS = (
    ("BGH", "Ban Giám hiệu"),
    ("HCTC", "Phòng Hành chính – Tổ chức"),
    ("DT", "Phòng Đào tạo"),
    ("KHTC", "Phòng Kế hoạch – Tài chính"),
    ("KCNTT", "Khoa Công nghệ thông tin"),
    ("KKT", "Khoa Kinh tế"),
    ("KCKDL", "Khoa Cơ khí – Động lực"),
    ("KDDT", "Khoa Điện – Điện tử"),
    ("DTN", "Đoàn Thanh niên"),
    ("CDT", "Công đoàn Trường"),
    ("HDTDKT", "Hội đồng Thi đua – Khen thưởng"),
)

# username, full name, unit, roles
ACCOUNTS = (
    ("quantri", "Lê Văn Quản", "HCTC", (Role.ADMIN,)),
    ("thuongtruc", "Trần Thị Thu Hà", "HCTC", (Role.SECRETARIAT, Role.STAFF)),
    ("lanhdao", "Nguyễn Bích Liên", "BGH", (Role.LEADER, Role.STAFF)),
    ("kiemtra", "Phạm Quốc Dũng", "HDTDKT", (Role.INSPECTOR, Role.STAFF)),
    ("truongkhoa", "Đặng Minh Đức", "KCNTT", (Role.UNIT_HEAD, Role.STAFF)),
    ("canbo", "Võ Thị Ngọc Ánh", "KCNTT", (Role.STAFF,)),
    ("canbo.kt", "Huỳnh Văn Đạt", "KKT", (Role.STAFF,)),
)

ACCOUNTS_FILE = "demo_accounts.txt"


class DemoError(RuntimeError):
    pass


def load(only_if_empty: bool = False) -> list[tuple[str, str]] | None:
    """Add the units and accounts; returns (username, password) pairs, None when skipped."""
    has_units = db.session.execute(select(Unit.id).limit(1)).first() is not None
    if has_units:
        if only_if_empty:
            return None
        raise DemoError("Cơ sở dữ liệu đã có dữ liệu; dữ liệu minh hoạ chỉ nạp vào CSDL trống.")
    units = {code: services.save_unit(None, code, name) for code, name in UNITS}
    accounts, users = [], {}
    for username, full_name, unit_code, roles in ACCOUNTS:
        password = secrets.token_urlsafe(9)
        users[username] = services.create_user(
            username, full_name, units[unit_code], roles, password
        )
        accounts.append((username, password))
    documents_demo.load(units, users["thuongtruc"])
    exemplars_demo.load(units, users)
    propagation_demo.load(units, users)
    supervision_demo.load(units, users)
    emulation_demo.load(units, users)
    council_demo.load(units, users)  # after the emulation year: its registrations
    _save_accounts(Path(current_app.instance_path), accounts)
    db.session.commit()
    return accounts


def _save_accounts(instance: Path, accounts) -> None:
    """Kept in instance/ (mode 600) so that `make run` can show them again."""
    path = instance / ACCOUNTS_FILE
    lines = [f"{u:<12} {p}" for u, p in accounts]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def print_accounts(instance_path: str) -> None:
    path = Path(instance_path) / ACCOUNTS_FILE
    if not path.exists():
        return
    roles = {u: ", ".join(r.label for r in roles) for u, _n, _c, roles in ACCOUNTS}
    click.echo("Tài khoản minh hoạ (tên đăng nhập, mật khẩu, vai trò):")
    for line in path.read_text(encoding="utf-8").splitlines():
        username = line.split()[0]
        click.echo(f"  {line}   {roles.get(username, '')}")
