"""The worker's nightly backup: made when due, verified by reading it back, rotated by days, weeks
and months, and its outcome shown on the administrator's page."""

import gzip
import hashlib
import io
import json
import tarfile
from datetime import date, datetime
from pathlib import Path

import pytest

from intranet import backup, backup_schedule, health
from intranet.accounts.models import User
from intranet.extensions import db
from tests import factories
from tests.conftest import TEST_DATABASE_URL

DAY = date(2025, 6, 15)


@pytest.fixture
def nightly(app, users, tmp_path):
    """Scheduled backups into tmp/backups on a frozen day, due from midnight; one stored file."""
    folder = tmp_path / "backups"
    app.config.update(BACKUP_FOLDER=str(folder), BACKUP_HOUR=0, TODAY=DAY, BACKUP_KEEP="7d,4w,6m")
    with app.app_context():
        author = db.session.get(User, users["secretariat"])
        factories.document(author, attachments=[("ke-hoach.pdf", factories.MINI_PDF)])
    return folder


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- the nightly job ---------------------------------------------------------------------------


def test_the_nightly_job_writes_a_verified_backup_and_records_its_status(app, nightly):
    with app.app_context():
        status = backup_schedule.run_if_due()
        kept = health.read_backup()
    assert status == kept
    assert status["ok"] and status["result"] == "ok"
    name = status["file"]
    assert name.startswith("intranet-20250615-") and name.endswith(".tar.gz")
    archive = nightly / name
    assert archive.stat().st_size == status["size"] > 0
    assert archive.stat().st_mode & 0o077 == 0  # it holds the secret key and password hashes
    assert status["at"].startswith("2025-06-15T") and status["at"].endswith("+07:00")
    assert status["files"] == 1
    assert hidden(nightly) == []
    with app.app_context():
        manifest = backup_schedule.verify(archive)
    assert manifest["files"] == 1
    with tarfile.open(archive) as tar:
        blob = next(m for m in tar.getmembers() if m.name.startswith("files/"))
        assert hashlib.sha256(tar.extractfile(blob).read()).hexdigest() == blob.name[6:]


def test_one_backup_a_day_after_the_configured_hour(app, nightly):
    with app.app_context():
        app.config["BACKUP_HOUR"] = 24  # not yet: no hour is past it
        assert backup_schedule.run_if_due() is None
        app.config["BACKUP_HOUR"] = 0
        assert backup_schedule.run_if_due()["ok"]
        assert backup_schedule.run_if_due() is None  # done today
        app.config["TODAY"] = date(2025, 6, 16)
        assert backup_schedule.run_if_due()["file"].startswith("intranet-20250616-")
    assert len(backup_schedule.archives(nightly)) == 2


def test_scheduled_backups_are_on_by_default_into_instance_backups(app):
    from intranet.config import Defaults

    assert Defaults.BACKUP_ENABLED is True and Defaults.BACKUP_HOUR == 2
    assert Path(app.config["BACKUP_FOLDER"]) == Path(app.instance_path) / "backups"


def test_switched_off_no_backup_is_made(app, nightly):
    app.config["BACKUP_ENABLED"] = False
    with app.app_context():
        assert backup_schedule.run_if_due() is None
    assert not nightly.exists()


def test_one_backup_at_a_time(app, nightly):
    with app.app_context():
        with backup_schedule.lock():
            assert backup_schedule.run() is None  # another holds the lock: skipped
        assert health.read_backup() is None
        assert backup_schedule.run()["ok"]


# -- rotation ----------------------------------------------------------------------------------

# Backups at 02:00 on these days (and two on 14 June); 15 June 2025 is a Sunday.
DAYS = [
    "2024-11-30",
    "2024-12-20",
    "2025-01-05",
    "2025-01-31",
    "2025-02-14",
    "2025-03-01",
    "2025-04-10",
    "2025-04-30",
    "2025-05-20",
    "2025-05-31",
    "2025-06-01",
    "2025-06-02",
    "2025-06-08",
    "2025-06-09",
    "2025-06-10",
    "2025-06-11",
    "2025-06-12",
    "2025-06-13",
    "2025-06-14",
    "2025-06-15",
]
KEPT = {
    # 7d: the last seven days that have a backup
    "2025-06-15 02:00",
    "2025-06-14 23:00",
    "2025-06-13 02:00",
    "2025-06-12 02:00",
    "2025-06-11 02:00",
    "2025-06-10 02:00",
    "2025-06-09 02:00",
    # 4w: the newest of weeks 24 (15 June), 23 (8 June), 22 (1 June), 21 (20 May)
    "2025-06-08 02:00",
    "2025-06-01 02:00",
    "2025-05-20 02:00",
    # 6m: the newest of June, May, April, March, February, January
    "2025-05-31 02:00",
    "2025-04-30 02:00",
    "2025-03-01 02:00",
    "2025-02-14 02:00",
    "2025-01-31 02:00",
}


def synthetic() -> list[datetime]:
    stamps = [datetime.fromisoformat(f"{d} 02:00") for d in DAYS]
    return [*stamps, datetime(2025, 6, 14, 23, 0)]


def test_rotation_keeps_the_newest_of_each_day_week_and_month():
    kept = backup_schedule.to_keep(synthetic(), "7d,4w,6m")
    assert {f"{s:%Y-%m-%d %H:%M}" for s in kept} == KEPT


def test_rotation_always_keeps_the_newest_and_reads_each_rule():
    stamps = synthetic()
    assert backup_schedule.to_keep(stamps, "0d") == {max(stamps)}
    assert backup_schedule.to_keep(stamps, "2y") == {max(stamps), datetime(2024, 12, 20, 2)}
    with pytest.raises(ValueError, match="BACKUP_KEEP"):
        backup_schedule.parse_policy("7 ngày")


def test_rotation_on_disk_deletes_only_the_backups_the_policy_drops(tmp_path):
    for stamp in synthetic():
        (tmp_path / f"intranet-{stamp:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"x")
    (tmp_path / "intranet-20250615-020000-1.tar.gz").write_bytes(b"x")  # a second that second
    (tmp_path / "sao-luu-tay.tar.gz").write_bytes(b"x")  # made by hand: not ours to delete
    oldest = "intranet-20241130-020000.tar.gz"
    removed = backup_schedule.rotate(tmp_path, "7d,4w,6m", protect={oldest})
    left = sorted(p.name for p in tmp_path.iterdir())
    expected = {f"intranet-{datetime.fromisoformat(s):%Y%m%d-%H%M%S}.tar.gz" for s in KEPT}
    expected -= {"intranet-20250615-020000.tar.gz"}  # its later twin is the day's newest
    expected |= {
        "intranet-20250615-020000-1.tar.gz",
        oldest,
        "sao-luu-tay.tar.gz",
    }
    assert left == sorted(expected)
    assert "intranet-20250615-020000.tar.gz" in removed and len(removed) == 23 - len(expected)


def test_the_nightly_job_rotates_the_folder(app, nightly):
    nightly.mkdir()
    for stamp in synthetic():
        (nightly / f"intranet-{stamp:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"x")
    app.config.update(TODAY=date(2025, 6, 16), BACKUP_KEEP="2d")
    with app.app_context():
        status = backup_schedule.run_if_due()
    assert status["ok"]
    assert sorted(backup_schedule.archives(nightly)) == [
        "intranet-20250615-020000.tar.gz",
        status["file"],
    ]
    assert len(status["removed"]) == len(DAYS)  # 21 old ones, two kept: the 15th's and today's


# -- verification ------------------------------------------------------------------------------


def make_backup(app, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    with app.app_context():
        backup.create(folder / "good.tar.gz")
    return folder / "good.tar.gz"


def test_a_byte_flipped_in_the_archive_is_detected(app, nightly):
    archive = make_backup(app, nightly)
    with app.app_context():
        backup_schedule.verify(archive)
        data = bytearray(archive.read_bytes())
        for where in (len(data) // 3, len(data) // 2, len(data) - 12):
            flipped = bytearray(data)
            flipped[where] ^= 0x40
            archive.write_bytes(flipped)
            with pytest.raises(backup.BackupError):
                backup_schedule.verify(archive)
        archive.write_bytes(data[: len(data) // 2])  # cut short
        with pytest.raises(backup.BackupError, match="Không đọc lại được"):
            backup_schedule.verify(archive)


def rewrite(archive: Path, change) -> None:
    """Re-pack the archive (a clean gzip stream) with one member's bytes changed."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_file_whose_bytes_no_longer_match_its_hash_is_detected(app, nightly):
    archive = make_backup(app, nightly)

    def damage(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("files/") else data

    rewrite(archive, damage)
    with app.app_context(), pytest.raises(backup.BackupError, match="mã băm không khớp"):
        backup_schedule.verify(archive)


def test_a_file_missing_from_the_archive_is_detected(app, nightly):
    archive = make_backup(app, nightly)

    def manifest_says_two(name, data):
        if name != "manifest.json":
            return data
        return json.dumps(json.loads(data) | {"files": 2}).encode()

    rewrite(archive, manifest_says_two)
    with app.app_context(), pytest.raises(backup.BackupError, match="manifest ghi 2"):
        backup_schedule.verify(archive)


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="the SQLite copy's integrity check")
def test_a_damaged_database_copy_is_detected(app, nightly):
    archive = make_backup(app, nightly)

    def damage(name, data):
        if name != "database.sqlite3":
            return data
        page = 4096 * 3  # a page of a table, not the header
        return data[:page] + b"\xff" * 512 + data[page + 512 :]

    rewrite(archive, damage)
    with app.app_context(), pytest.raises(backup.BackupError):
        backup_schedule.verify(archive)


def test_a_backup_damaged_on_its_way_to_disk_is_reported_and_leaves_no_file(
    app, nightly, monkeypatch
):
    with app.app_context():
        good = backup_schedule.run()
    real_create = backup.create

    def create_then_flip(target):
        manifest = real_create(target)
        data = bytearray(Path(target).read_bytes())
        data[len(data) // 2] ^= 0x10
        Path(target).write_bytes(data)
        return manifest

    monkeypatch.setattr(backup, "create", create_then_flip)
    app.config["TODAY"] = date(2025, 6, 16)
    with app.app_context():
        status = backup_schedule.run_if_due()
        assert backup_schedule.run_if_due() is None  # not tried again every minute
    assert not status["ok"] and status["result"] == "failed"
    assert "Không đọc lại được" in status["message"] or "mã băm" in status["message"]
    assert status["file"] is None
    assert status["last_good"]["file"] == good["file"]
    assert sorted(p.name for p in nightly.iterdir()) == [good["file"]]  # no partial file


def test_a_failed_backup_leaves_no_file_when_the_folder_cannot_hold_it(app, nightly):
    nightly.write_text("a file where the folder should be")
    with app.app_context():
        status = backup_schedule.run()
    assert status["result"] == "failed" and status["message"]
    assert nightly.read_text() == "a file where the folder should be"


# -- the administrator's page ------------------------------------------------------------------


def admin_page(login_as) -> str:
    page = login_as("admin").get("/admin/users")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_the_admin_page_shows_the_last_backups_date_size_and_result(app, nightly, login_as):
    assert "Chưa có bản sao lưu tự động nào" in admin_page(login_as)
    with app.app_context():
        status = backup_schedule.run()
    html = admin_page(login_as)
    assert 'id="backup-status"' in html and "alert-success" in html
    assert "Sao lưu tự động gần nhất" in html and "thành công" in html
    assert status["file"] in html
    assert "15/06/2025" in html  # its date, in Việt Nam time
    size = status["size"]
    assert f"{size / 1000:.1f} kB" in html or f"{size} Bytes" in html


def test_the_admin_page_shows_a_failed_backup_and_the_last_good_one(
    app, nightly, login_as, monkeypatch
):
    with app.app_context():
        good = backup_schedule.run()

    def fail(target):
        raise backup.BackupError("pg_dump thất bại: đĩa đầy")

    monkeypatch.setattr(backup, "create", fail)
    app.config["TODAY"] = date(2025, 6, 16)
    with app.app_context():
        backup_schedule.run_if_due()
    html = admin_page(login_as)
    assert "alert-danger" in html and "thất bại" in html and "đĩa đầy" in html
    assert "Bản sao lưu tốt gần nhất" in html and good["file"] in html


def test_the_admin_page_says_when_scheduled_backups_are_off(app, users, login_as):
    app.config["BACKUP_ENABLED"] = False
    assert "Sao lưu tự động đang tắt" in admin_page(login_as)


def test_a_late_backup_is_flagged(app, nightly, login_as):
    with app.app_context():
        backup_schedule.run()
    app.config["TODAY"] = date(2025, 6, 18)  # the worker has not run for three nights
    html = admin_page(login_as)
    assert "Đã hơn 36 giờ chưa có bản sao lưu mới" in html


def test_gzip_is_the_stream_read_back():
    # The verification reads the gzip stream to its end: what a byte flip is caught by.
    data = gzip.compress(b"x" * 10000)
    broken = bytearray(data)
    broken[-6] ^= 1  # the CRC
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress(bytes(broken))
