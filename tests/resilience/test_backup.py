"""`flask backup` while uploads continue, `flask restore` into a fresh instance, and compare."""

import hashlib
import time

import pytest

from tests.resilience.crowd import Uploaders, create_document, text_file
from tests.resilience.figures import report
from tests.resilience.live import LOADERS

RECORDS = {
    "document": "SELECT id, symbol, summary, status, audience_all FROM document ORDER BY id",
    "exemplar": "SELECT id, name, stage FROM exemplar ORDER BY id",
    "evidence": "SELECT e.id, e.original_name, s.sha256 FROM evidence e "
    "JOIN stored_file s ON s.id = e.stored_file_id ORDER BY e.id",
    "user": 'SELECT id, username, password_hash FROM "user" ORDER BY id',
}


@pytest.mark.slow
def test_backup_during_uploads_restores_the_same_records_and_hashes(make_live, empty_live):
    live = make_live().start()
    secretariat = live.client(LOADERS[0])
    document_id = create_document(live, secretariat, "Thông báo sao lưu khi đang tải lên")
    for n in range(5):
        data = text_file(f"Hồ sơ trước sao lưu {n}.\n", 4000 + n)
        assert secretariat.upload(document_id, (f"Trước sao lưu {n}.txt", data)).json()["ok"]
    clients = [live.client(LOADERS[i % len(LOADERS)]) for i in range(4)]
    archive = live.root / "sao-luu.tar.gz"

    with Uploaders(clients, document_id, tag="saoluu") as uploaders:
        time.sleep(2)  # uploads are under way
        acked_before = list(uploaders.tally.acked)
        started = time.monotonic()
        done = live.flask("backup", str(archive))
        backup_seconds = time.monotonic() - started
        acked_during = len(uploaders.tally.acked) - len(acked_before)
        time.sleep(1)
    source_files = live.file_rows()
    source = {name: live.rows(sql) for name, sql in RECORDS.items()}

    target = empty_live()
    restored = target.flask("restore", str(archive))
    target_files = target.file_rows()
    target_records = {name: target.rows(sql) for name, sql in RECORDS.items()}
    code, output = target.check()
    blobs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in target.blobs()}
    report(
        "backup",
        uploads_sent=uploaders.tally.sent,
        acked_before_backup=len(acked_before),
        acked_during_backup=acked_during,
        backup_seconds=round(backup_seconds, 1),
        files_in_source=len(source_files),
        files_in_backup=len(target_files),
        blobs_restored=len(blobs),
        server_errors=uploaders.tally.server_errors,
        check_exit=code,
    )
    assert "Đã sao lưu" in done.stdout and "Đã khôi phục" in restored.stdout
    assert uploaders.tally.server_errors == 0, uploaders.tally.errors
    # Everything acknowledged before the backup began is in it, as it was.
    assert set(acked_before) <= set(target_files.values())
    assert all(source_files[vid] == row for vid, row in target_files.items())
    # The records present at backup time: documents, nominations, evidence and accounts alike.
    assert target_records == source
    # Every restored file has its bytes, named by their hash; the restored archive checks clean.
    assert {sha for _name, sha in target_files.values()} <= set(blobs)
    assert all(name == digest for name, digest in blobs.items())
    assert code == 0, output

    # The restored instance serves: the same accounts sign in, and a file comes back byte for byte.
    target.accounts = dict(live.accounts)
    target.start(worker=False)
    reader = target.client(LOADERS[1])
    vid, (_name, sha) = next(iter(sorted(target_files.items(), reverse=True)))
    body = reader.get(f"/documents/files/v/{vid}/download")
    assert body.status_code == 200
    assert hashlib.sha256(body.content).hexdigest() == sha
