"""50 clients × 20 uploads at once against gunicorn with two workers and the worker beside it.

Names and contents repeat among the uploads on purpose (the same file sent by many people, many
files under one name). Afterwards: one row per acknowledged upload, one blob per distinct
content, every hash right (``flask check``), no server error, and the index holds every record.
"""

import hashlib
import io
from collections import Counter

import pytest
from sqlalchemy import insert, select

from tests.resilience.crowd import Tally, create_document, run_crowd
from tests.resilience.figures import report
from tests.resilience.live import LOADERS, index_figures

CLIENTS = 50
UPLOADS = 20
DISTINCT = 40
NAMES = (
    "Báo cáo tổng kết.txt",
    "Minh chứng.txt",
    "Danh sách điển hình.txt",
    "bao-cao.txt",
    "Tờ trình khen thưởng.txt",
)


def content(k: int) -> bytes:
    """Distinct content number k: a few KB of Vietnamese text with a word of its own."""
    line = f"Báo cáo thành tích thi đua năm 2024, mục {k}: từ khoá taitai{k}xyz.\n"
    return (line * (20 + 37 * k)).encode()


def plan(client: int, j: int) -> tuple[str, int]:
    """The (name, content number) of a client's j-th upload: repeats across clients."""
    k = (client * 7 + j * 3) % DISTINCT
    return NAMES[(k + client) % len(NAMES)], k


def _counts(live) -> dict[str, int]:
    """Rows of the tables uploads write (not the resized photos the worker may store meanwhile)."""
    counts = {t: live.count(t) for t in ("document_file", "file_version")}
    counts["stored_file"] = live.upload_blobs()
    return counts


@pytest.mark.slow
def test_fifty_clients_twenty_uploads_each(make_live):
    live = make_live().start()
    secretariat = live.client(LOADERS[0])
    document_id = create_document(live, secretariat, "Thông báo tiếp nhận minh chứng đợt tải thử")
    before = _counts(live)
    clients = [live.client(LOADERS[i % len(LOADERS)]) for i in range(CLIENTS)]
    tally = Tally()

    def work(i: int) -> None:
        for j in range(UPLOADS):
            name, k = plan(i, j)
            data = content(k)
            sha = hashlib.sha256(data).hexdigest()
            try:
                response = clients[i].upload(document_id, (name, data))
            except Exception as exc:
                tally.add(name, sha, error=exc)
            else:
                tally.add(name, sha, response)

    run_crowd(CLIENTS, work)
    live.wait_for_worker()

    rows = live.rows(
        "SELECT v.original_name, s.sha256 FROM file_version v "
        "JOIN document_file f ON f.id = v.file_id JOIN stored_file s ON s.id = v.stored_file_id "
        "WHERE f.document_id = :d",
        d=document_id,
    )
    after = _counts(live)
    stored = {sha for (sha,) in live.rows("SELECT sha256 FROM stored_file")}
    blobs = [p for p in live.blobs() if p.parent.name != "tmp"]
    code, output = live.check()
    index = index_figures(live)
    distinct = {sha for _name, sha in tally.acked}
    report(
        "load",
        clients=CLIENTS,
        uploads_sent=tally.sent,
        acknowledged=len(tally.acked),
        rows_found=len(rows),
        distinct_contents=len(distinct),
        new_blobs=after["stored_file"] - before["stored_file"],
        blobs_on_disk=len(blobs),
        server_errors=tally.server_errors,
        statuses=dict(tally.statuses),
        index_entries=index["entries"],
        index_records=index["records"],
        check_exit=code,
    )
    assert tally.sent == CLIENTS * UPLOADS
    assert tally.server_errors == 0, tally.errors
    assert len(tally.acked) == tally.sent, tally.errors
    # Nothing lost, nothing doubled: each acknowledged upload is one row, with its name and bytes.
    assert Counter(rows) == Counter(tally.acked)
    assert after["document_file"] - before["document_file"] == len(tally.acked)
    assert after["file_version"] - before["file_version"] == len(tally.acked)
    # One blob per distinct content, and one row per blob.
    assert after["stored_file"] - before["stored_file"] == len(distinct) == DISTINCT
    assert distinct <= stored
    assert len(blobs) == len(stored)
    assert not live.temp_files()
    assert code == 0, output
    assert index["entries"] == index["records"] and index["missing"] == 0
    # The worker indexed the uploads: a word of one content finds its files.
    assert "taitai13xyz" in secretariat.search("taitai13xyz")


def test_the_same_new_content_saved_by_two_requests_at_once(app, monkeypatch):
    """What the load test once met (a 500, UNIQUE constraint failed: stored_file.sha256): another
    request commits the same new bytes between this one's look-up and its insert."""
    from intranet import storage
    from intranet.clock import now as utcnow
    from intranet.extensions import db
    from intranet.storage import files as store

    data = "Hai người cùng tải lên một tệp giống hệt nhau.\n".encode()
    sha = hashlib.sha256(data).hexdigest()
    real_place = store._place

    def place_while_another_commits(tmp, path, size):
        placed = real_place(tmp, path, size)
        row = {"sha256": sha, "size": size, "mime_type": "text/plain", "type_code": "txt"}
        with db.engine.begin() as other:  # the other request, on its own connection
            other.execute(insert(storage.StoredFile.__table__).values(**row, created_at=utcnow()))
        return placed

    monkeypatch.setattr(store, "_place", place_while_another_commits)
    with app.app_context():
        stored, name = storage.save(io.BytesIO(data), "Tệp chung.txt")
        db.session.commit()
        rows = db.session.execute(select(storage.StoredFile).filter_by(sha256=sha)).scalars().all()
        assert [r.id for r in rows] == [stored.id] and name == "Tệp chung.txt"
        assert storage.verify(stored)
