"""`flask check --repair` and the daily job tidy what a crash leaves in the upload folder: stray
blobs and abandoned temporary uploads go to instance/quarantine/<date-time>/ (never deleted), what
may be an upload in progress stays, and the next check is clean."""

import hashlib
import json
import os
import time
from datetime import date
from pathlib import Path

import pytest
from flask_login import login_user

from intranet import tasks
from intranet.accounts.models import User
from intranet.extensions import db
from tests import factories
from tests.factories import MINI_PDF

HOUR = 3600
DAY = 24 * HOUR


def aged(path: Path, seconds: int) -> Path:
    """Date the file ``seconds`` ago, as a crash that long ago would have left it."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))
    return path


@pytest.fixture
def uploads(app) -> Path:
    root = Path(app.config["UPLOAD_FOLDER"])
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    return root


def stray_blob(uploads: Path, content: bytes) -> Path:
    """Bytes placed under their hash with no row: a blob whose transaction never committed."""
    digest = hashlib.sha256(content).hexdigest()
    path = uploads / digest[:2] / digest[2:4] / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def temp_file(uploads: Path, name: str, content: bytes) -> Path:
    path = uploads / "tmp" / name
    path.write_bytes(content)
    return path


def quarantined(app) -> dict[str, bytes]:
    """{path under its quarantine folder: bytes} of every file in instance/quarantine/."""
    base = Path(app.instance_path) / "quarantine"
    if not base.exists():
        return {}
    return {
        "/".join(p.relative_to(base).parts[1:]): p.read_bytes()  # parts[0]: the date-time
        for p in base.rglob("*")
        if p.is_file()
    }


def check(app, runner, *args):
    with app.app_context():
        return runner.invoke(args=["check", *args])


@pytest.fixture
def stored_document(app, users):
    """A document with an attached file: a blob that a row names, never to be moved."""
    with app.test_request_context("/"):
        author = db.session.get(User, users["secretariat"])
        login_user(author)
        factories.document(
            author,
            "7/KH-CĐBP",
            kind="KH",
            issued_on=date(2024, 3, 1),
            summary="Kế hoạch",
            attachments=[("ke-hoach.pdf", MINI_PDF)],
        )
    digest = hashlib.sha256(MINI_PDF).hexdigest()
    return Path(app.config["UPLOAD_FOLDER"]) / digest[:2] / digest[2:4] / digest


def test_check_repair_moves_strays_and_old_temporaries_keeps_fresh_ones_and_lists_them(
    app, runner, uploads, stored_document
):
    stray = aged(stray_blob(uploads, b"bytes of a rolled-back upload"), 2 * HOUR)
    odd = uploads / "ghi-chu.txt"  # not even named by a hash
    odd.write_bytes(b"x")
    aged(odd, 2 * HOUR)
    old_tmp = aged(temp_file(uploads, "upload-cu", b"half an upload, cut by a crash"), 2 * DAY)
    fresh_tmp = temp_file(uploads, "upload-dang-chay", b"an upload being written now")
    assert check(app, runner).exit_code == 1  # the strays are problems

    result = check(app, runner, "--repair")
    assert result.exit_code == 0, result.output
    out = result.output
    for path in (stray, odd, old_tmp):
        assert not path.exists()
        assert f"Đã chuyển vào khu cách ly: {path} → " in out
    assert fresh_tmp.exists()
    assert f"Để nguyên (mới ghi, có thể đang tải lên): {fresh_tmp}" in out
    assert "Đã chuyển 3 tệp vào " in out and "không xoá tệp nào" in out
    assert quarantined(app) == {
        str(stray.relative_to(uploads)): b"bytes of a rolled-back upload",
        "ghi-chu.txt": b"x",
        "tmp/upload-cu": b"half an upload, cut by a crash",
    }
    assert stored_document.read_bytes() == MINI_PDF  # a blob a row names stays

    again = check(app, runner)
    assert again.exit_code == 0, again.output
    assert "LỖI" not in again.output
    assert str(fresh_tmp) in again.output  # still noted as an upload in progress

    nothing = check(app, runner, "--repair")
    assert "Không có tệp nào cần chuyển vào khu cách ly." in nothing.output
    assert len(list((Path(app.instance_path) / "quarantine").iterdir())) == 1


def test_check_repair_leaves_a_stray_blob_written_moments_ago(app, runner, uploads):
    # An upload places its blob before its row is committed: it looks stray for that moment.
    fresh = stray_blob(uploads, b"an upload about to commit its row")
    result = check(app, runner, "--repair")
    assert fresh.exists()
    assert f"Để nguyên (mới ghi, có thể đang tải lên): {fresh}" in result.output
    assert quarantined(app) == {}


def test_the_daily_job_moves_temporary_files_older_than_a_day_only(app, uploads):
    stale = aged(temp_file(uploads, "upload-hom-qua", b"left by yesterday's crash"), DAY + HOUR)
    recent = aged(temp_file(uploads, "upload-sang-nay", b"maybe a slow upload"), 2 * HOUR)
    stray = aged(stray_blob(uploads, b"a stray: check --repair's business"), 2 * DAY)
    tasks.bind(app)
    tasks.daily.call_local()
    assert not stale.exists()
    assert recent.exists() and stray.exists()
    assert quarantined(app) == {"tmp/upload-hom-qua": b"left by yesterday's crash"}
    kept = json.loads((Path(app.instance_path) / "last_check.json").read_text(encoding="utf-8"))
    assert kept["quarantined"] == [str(stale)]
