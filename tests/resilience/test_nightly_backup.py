"""Scheduled backups on a real instance: nights of backups with the clock frozen on each, the last
one made by ``flask worker`` itself, rotation of the folder, then ``flask restore`` of the newest
into a fresh instance: every stored file's hash and every table's row count as they were."""

import hashlib
import json
import subprocess
import sys
import time

import pytest
from sqlalchemy import inspect

from tests.resilience.crowd import text_file
from tests.resilience.figures import report
from tests.resilience.live import LOADERS, ROOT, tail

# Nights run by the job function (the clock frozen on each), then 15 June by the worker.
NIGHTS = [
    "2025-03-01",
    "2025-04-01",
    "2025-05-01",
    "2025-05-20",
    "2025-06-01",
    "2025-06-08",
    "2025-06-12",
    "2025-06-13",
    "2025-06-14",
]
KEEP = "3d,2w,3m"
# 3d: the 15th, 14th, 13th; 2w: the newest of the week of the 15th and of the week of the 8th;
# 3m: the newest of June, May (the 20th) and April (the 1st).
KEPT_DAYS = ["20250401", "20250520", "20250608", "20250613", "20250614", "20250615"]
REMOVED_DAYS = ["20250301", "20250501", "20250601", "20250612"]

RUN_NIGHTS = """
import json, sys
from datetime import date
from intranet import backup_schedule, create_app

app = create_app()
done = []
with app.app_context():
    for day in sys.argv[1:]:
        app.config.update(TODAY=date.fromisoformat(day), BACKUP_ENABLED=True)
        done.append(backup_schedule.run_if_due())
print(json.dumps(done))
"""


def run_nights(live, nights: list[str]) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-c", RUN_NIGHTS, *nights],
        cwd=ROOT,
        env=live.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def draft_document(client) -> int:
    """A draft made through the form (a draft's files may still change)."""
    data = {
        "kind": "TB",
        "number_symbol": "88/TB-CĐBP",
        "issued_on": "2025-06-14",
        "summary": "Thông báo trước bản sao lưu đêm",
        "issued_place": "Bình Phước",
        "issuer_name": "Trường Cao đẳng Bình Phước",
        "unit_id": "0",
        "audience_all": "all",
        "relation": "",
    }
    response = client.post("/documents/new", data=data)
    assert response.status_code == 302, response.text[:3000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def wait_for_backup(live, day: str, timeout: float = 240) -> dict:
    """Until the worker records a backup made on ``day`` (its tick runs every minute)."""
    path = live.instance / "last_backup.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            status = {}
        if status.get("at", "").startswith(day):
            return status
        if live.worker.poll() is not None:
            raise AssertionError(f"the worker exited:\n{tail(live.root / 'worker.log')}")
        time.sleep(1)
    raise AssertionError(f"no backup on {day}:\n{tail(live.root / 'worker.log')}")


def counts(live) -> dict[str, int]:
    tables = inspect(live.engine).get_table_names()
    return {table: live.count(table) for table in sorted(tables)}


@pytest.mark.slow
def test_nightly_backups_rotate_and_the_newest_restores_every_file_and_record(
    make_live, empty_live
):
    live = make_live()
    folder = live.root / "backups"
    live.env.update(
        INTRANET_BACKUP_FOLDER=str(folder), INTRANET_BACKUP_KEEP=KEEP, INTRANET_BACKUP_HOUR="0"
    )
    started = time.monotonic()
    earlier = run_nights(live, NIGHTS)
    nights_seconds = time.monotonic() - started
    assert all(s and s["ok"] for s in earlier), earlier

    # A file uploaded since the last night: only the worker's backup holds it.
    live.start()
    secretariat = live.client(LOADERS[0])
    document_id = draft_document(secretariat)
    late_file = text_file("Tệp tải lên sau đêm 14/6.\n", 6000)
    answer = secretariat.upload(document_id, ("Sau dem 14.txt", late_file))
    assert answer.status_code == 200 and answer.json()["ok"], answer.text[:2000]
    live.wait_for_worker()
    live._signal(live.worker, 15)  # the worker again, now with scheduled backups on
    live.env.update(INTRANET_BACKUP_ENABLED="1", INTRANET_TODAY="2025-06-15")
    started = time.monotonic()
    live.start_worker()
    status = wait_for_backup(live, "2025-06-15")
    worker_seconds = time.monotonic() - started
    live.stop()

    assert status["ok"] and status["result"] == "ok", status
    assert status["file"].startswith("intranet-20250615-")
    left = sorted(p.name for p in folder.iterdir())
    assert [name[9:17] for name in left] == KEPT_DAYS, left  # nothing else: no temporary file
    removed = [name for s in [*earlier, status] for name in s.get("removed", [])]
    assert sorted(name[9:17] for name in removed) == REMOVED_DAYS
    newest = folder / left[-1]
    assert newest.name == status["file"] and newest.stat().st_size == status["size"]

    source_files = live.file_rows()
    source_counts = counts(live)
    assert hashlib.sha256(late_file).hexdigest() in {sha for _n, sha in source_files.values()}

    target = empty_live()
    restored = target.flask("restore", str(newest))
    assert "Đã khôi phục" in restored.stdout
    blobs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in target.blobs()}
    code, output = target.check()
    report(
        "nightly backup",
        nights=len(NIGHTS) + 1,
        kept=len(left),
        removed=len(removed),
        newest_bytes=status["size"],
        files_in_newest=status["files"],
        job_seconds_per_night=round(nights_seconds / len(NIGHTS), 1),
        worker_seconds=round(worker_seconds, 1),
        blobs_restored=len(blobs),
        check_exit=code,
    )
    assert target.file_rows() == source_files
    stored = {sha for (sha,) in target.rows("SELECT sha256 FROM stored_file")}
    assert stored == set(blobs) and all(name == digest for name, digest in blobs.items())
    assert counts(target) == source_counts
    assert code == 0, output
