"""The ``flask --app intranet …`` commands. Each exits non-zero with a clear message on failure."""

import sys
import threading
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from intranet.accounts import services
from intranet.accounts.models import Role, User, UserRole
from intranet.documents.errors import DocumentError
from intranet.extensions import db

users = AppGroup("users", help="Quản lý người dùng.")
demo = AppGroup("demo", help="Dữ liệu minh hoạ.")


def _fail(message: str) -> None:
    raise click.ClickException(message)


@users.command("create")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Vai trò; lặp lại cho nhiều vai trò.",
)
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị, ví dụ HCTC.")
@click.option("--name", "full_name", help="Họ và tên (mặc định: tên đăng nhập).")
@click.option("--email", default=None)
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ đầu vào chuẩn.")
def users_create(username, roles, unit_code, full_name, email, password_stdin):
    """Tạo người dùng USERNAME."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            "Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu"
        )
    try:
        unit = services.unit_by_code(unit_code)
        user = services.create_user(username, full_name or username, unit, roles, password, email)
    except services.AccountError as exc:
        _fail(str(exc))
    click.echo(f"Đã tạo người dùng {user.username} ({unit.code}: {', '.join(sorted(roles))}).")


@users.command("list")
def users_list():
    """Liệt kê người dùng."""
    rows = db.session.execute(select(User).order_by(User.username)).scalars()
    for user in rows:
        state = "" if user.active else "  [đã khoá]"
        roles = ",".join(sorted(r.value for r in user.roles))
        click.echo(f"{user.username:<20} {user.unit.code:<8} {roles:<30} {user.full_name}{state}")


@users.command("token")
@click.argument("username")
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=90,
    show_default=True,
    help="Số ngày mã còn hiệu lực.",
)
@click.option("--name", "name", default="Dòng lệnh", show_default=True, help="Tên để nhận ra mã.")
def users_token(username, days, name):
    """Tạo mã truy cập API cho USERNAME và in ra một lần duy nhất."""
    from intranet.accounts import tokens

    user = db.session.execute(
        select(User).filter_by(username=services.normalize_username(username))
    ).scalar_one_or_none()
    if user is None:
        _fail(f"Không có người dùng {username}.")
    try:
        token, secret = tokens.create_token(user, name, days)
    except services.AccountError as exc:
        _fail(str(exc))
    click.echo(
        f"Mã truy cập của {user.username}, hết hạn {token.expires_at:%d/%m/%Y %H:%M} (UTC). "
        "Mã chỉ in ra lần này:",
        err=True,
    )
    click.echo(secret)


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu chưa có đơn vị nào.")
def demo_load(if_empty):
    """Nạp dữ liệu minh hoạ và in các tài khoản minh hoạ."""
    from intranet import demo as demo_data

    try:
        accounts = demo_data.load(only_if_empty=if_empty)
    except demo_data.DemoError as exc:
        _fail(str(exc))
    if accounts is None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu minh hoạ.")
    demo_data.print_accounts(current_app.instance_path)


@click.command("import")
@with_appcontext
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--user", "username", help="Người nhập (mặc định: thường trực thi đua đầu tiên).")
def import_archive(folder, username):
    """Nhập kho văn bản có sẵn: FOLDER/metadata.csv và các tệp nó liệt kê."""
    from intranet.documents import importer

    user = _importing_user(username)
    try:
        rows = importer.read_rows(folder)
    except DocumentError as exc:
        _fail(str(exc))
    report = importer.ImportReport()
    with click.progressbar(rows, label="Đang nhập", show_pos=True) as bar:
        for line, row in bar:
            importer.import_one(folder, line, row, user, report)
    for line, message in report.errors:
        click.echo(f"Dòng {line}: {message}", err=True)
    for line, value in report.unmapped:
        click.echo(
            f"Dòng {line}: không có đơn vị nào có mã hay tên “{value}” (cột issuer); "
            "văn bản đã nhập nhưng chưa gắn đơn vị ban hành.",
            err=True,
        )
    click.echo(
        f"Đã nhập {report.added} văn bản, bỏ qua {report.skipped} đã có, "
        f"{len(report.errors)} dòng lỗi."
        + (f" {len(report.unmapped)} dòng chưa gắn được đơn vị." if report.unmapped else "")
    )
    if report.errors:
        sys.exit(1)


def _importing_user(username: str | None) -> User:
    query = select(User).where(User.active.is_(True))
    if username:
        query = query.where(User.username == services.normalize_username(username))
    else:
        query = query.join(User.role_rows).where(UserRole.role == Role.SECRETARIAT)
    user = db.session.execute(query.order_by(User.id).limit(1)).scalar()
    if user is None:
        _fail("Không có người dùng để ghi là người nhập; hãy dùng --user TÊN_ĐĂNG_NHẬP.")
    return user


search_group = AppGroup("search", help="Chỉ mục tìm kiếm.")


@search_group.command("reindex")
def search_reindex():
    """Xây lại toàn bộ chỉ mục từ cơ sở dữ liệu."""
    from intranet.indexing import records, worker
    from intranet.search import IndexUnavailable

    try:
        worker.forget_failed_extractions()  # a rebuild is the moment to try them again
        while worker.extract_pending(limit=200):
            pass
        total = len(records.all_keys())
        with click.progressbar(length=total, label="Đang lập chỉ mục", show_pos=True) as bar:
            count = worker.reindex(progress=bar.update)
    except IndexUnavailable as exc:
        _fail(f"Không ghi được chỉ mục: {exc}")
    click.echo(f"Đã lập chỉ mục {count} hồ sơ.")


@click.command("check")
@with_appcontext
@click.option(
    "--repair",
    is_flag=True,
    help="Chuyển tệp không thuộc bản ghi nào và tệp tạm bị bỏ lại vào instance/quarantine/ "
    "(không xoá), rồi kiểm tra.",
)
def check_command(repair):
    """Kiểm tra tệp, mã băm, bản ghi, chỉ mục tìm kiếm và nhật ký hệ thống."""
    from intranet import checks

    if repair:
        _repair(checks)
    report = checks.run()
    for problem in report.problems:
        click.echo(f"LỖI: {problem}", err=True)
    for note in report.notes:
        click.echo(note)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


def _repair(checks) -> None:
    done = checks.repair()
    for source, dest in done.moved:
        click.echo(f"Đã chuyển vào khu cách ly: {source} → {dest}")
    for path in done.kept:
        click.echo(f"Để nguyên (mới ghi, có thể đang tải lên): {path}")
    if done.moved:
        click.echo(f"Đã chuyển {len(done.moved)} tệp vào {done.folder}; không xoá tệp nào.")
    else:
        click.echo("Không có tệp nào cần chuyển vào khu cách ly.")


@click.command("worker")
@with_appcontext
def worker_command():
    """Chạy tiến trình nền: trích xuất văn bản, cập nhật chỉ mục, việc định kỳ."""
    from intranet import tasks

    tasks.bind(current_app._get_current_object())
    click.echo("Tiến trình nền đang chạy (Ctrl+C để dừng).")
    tasks.index_pending.call_local()  # whatever was left while no worker ran
    follow = float(current_app.config.get("INDEX_FOLLOW_SECONDS") or 0)
    if follow > 0:  # several hosts: this one's index follows the shared log itself
        threading.Thread(target=tasks.follow_log, args=(follow,), daemon=True).start()
    # One worker thread: the index has a single writer. Polling at least every second keeps a
    # new upload searchable within a few seconds.
    tasks.huey.create_consumer(workers=1, periodic=True, max_delay=1.0).run()


@click.command("reminders")
@with_appcontext
def reminders_command():
    """Gửi nhắc việc hạn nộp báo cáo (chạy hằng ngày bởi tiến trình nền)."""
    from intranet.supervision import reminders

    click.echo(f"Đã tạo {reminders.send_due()} nhắc việc mới.")


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(target):
    """Sao lưu CSDL, tệp và cấu hình vào TARGET (.tar.gz), khi ứng dụng vẫn chạy."""
    from intranet import backup

    try:
        manifest = backup.create(target)
    except (backup.BackupError, OSError) as exc:
        _fail(f"Sao lưu thất bại: {exc}")
    click.echo(f"Đã sao lưu {manifest['files']} tệp và CSDL ({manifest['database']}) vào {target}.")
    if manifest["missing"]:
        click.echo(f"CẢNH BÁO: thiếu {len(manifest['missing'])} tệp; hãy chạy check.", err=True)
        sys.exit(1)


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(source):
    """Khôi phục bản sao lưu SOURCE vào bản cài đặt trống, rồi lập lại chỉ mục."""
    from intranet import backup
    from intranet.indexing import worker
    from intranet.search import IndexUnavailable

    try:
        manifest = backup.restore(source)
    except (backup.BackupError, OSError, ValueError) as exc:
        _fail(f"Khôi phục thất bại: {exc}")
    try:
        worker.forget_hosts()  # every other app host rebuilds its index too
        count = worker.reindex()
    except IndexUnavailable as exc:
        _fail(f"Đã khôi phục dữ liệu nhưng chưa lập được chỉ mục: {exc}")
    click.echo(f"Đã khôi phục {manifest['files']} tệp; đã lập chỉ mục {count} hồ sơ.")
    click.echo(RESTORED_KEY[manifest["secret_key"]])


RESTORED_KEY = {
    "installed": "Đã cài khoá bí mật của bản sao lưu vào instance/secret_key: các phiên đăng "
    "nhập cũ vẫn dùng được sau khi khởi động lại ứng dụng.",
    "same": "Khoá bí mật ở đây đã là khoá của bản sao lưu: các phiên đăng nhập cũ vẫn dùng được.",
    "absent": "CẢNH BÁO: bản sao lưu không chứa khoá bí mật đang dùng (nơi sao lưu đặt khoá bằng "
    "INTRANET_SECRET_KEY hoặc instance/config.py). Hãy đặt cùng khoá đó ở đây; nếu không, "
    "mọi người phải đăng nhập lại. Mã truy cập API không phụ thuộc khoá này.",
}


def register(app) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(reminders_command)
    app.cli.add_command(search_group)
    app.cli.add_command(check_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(import_archive)
    app.cli.add_command(users)
    app.cli.add_command(demo)
