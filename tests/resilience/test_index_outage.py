"""The search index unavailable while people upload: locked by another writer, then replaced by
a file. Uploads succeed, the search page says it is degraded, and the index catches up."""

import shutil

import pytest

from tests.resilience.crowd import Tally, create_document, run_crowd, text_file
from tests.resilience.figures import report
from tests.resilience.live import DEGRADED, LOADERS, index_figures


def upload_words(clients, document_id: int, prefix: str, per_client: int) -> Tally:
    """Each client uploads files carrying words of their own: f"{prefix}{client}x{n}"."""
    tally = Tally()

    def work(i: int) -> None:
        for n in range(per_client):
            word = f"{prefix}{i}x{n}"
            data = text_file(f"Quyết định khen thưởng {word} cho tập thể lao động.\n", 1500)
            response = clients[i].upload(document_id, (f"Quyết định {word}.txt", data))
            tally.add(word, "", response)

    run_crowd(len(clients), work)
    return tally


def lock_index(live):
    """Hold the index's writer lock from this process, as a stuck second writer would."""
    tantivy = pytest.importorskip("tantivy")
    folder = next(live.index.glob("tantivy-v*"))
    return tantivy.Index.open(str(folder)).writer(15_000_000, 1)


@pytest.mark.slow
def test_uploads_go_on_while_the_index_is_unavailable_and_it_catches_up(make_live):
    live = make_live().start()
    secretariat = live.client(LOADERS[0])
    document_id = create_document(live, secretariat, "Thông báo khi chỉ mục gián đoạn")
    clients = [live.client(LOADERS[i % len(LOADERS)]) for i in range(4)]
    live.wait_for_worker()

    # 1. Locked: another process holds the writer. Search still reads the old index.
    writer = lock_index(live)
    locked = upload_words(clients, document_id, "khoachimuc", 5)
    pending_while_locked = live.count("search_outbox")
    page_locked = secretariat.search("khoachimuc0x0")
    code_locked, out_locked = live.check()
    writer.wait_merging_threads()  # the lock goes with the writer

    # 2. Gone: the index folder deleted and a file put in its place.
    shutil.rmtree(live.index)
    live.index.write_text("không phải thư mục chỉ mục")
    gone = upload_words(clients, document_id, "matchimuc", 5)
    page_gone = secretariat.search("matchimuc0x0")
    export = secretariat.get(
        "/search/export.csv", params={"q": "matchimuc0x0"}, allow_redirects=False
    )
    code_gone, out_gone = live.check()

    # 3. Back: the file removed; the next change wakes the worker, which rebuilds everything.
    live.index.unlink()
    after = upload_words(clients[:1], document_id, "trolai", 1)
    live.wait_for_worker()
    figures = index_figures(live)
    found = secretariat.search("matchimuc3x4")
    code, output = live.check()
    report(
        "index outage",
        uploads_while_locked=locked.sent,
        acked_while_locked=len(locked.acked),
        outbox_while_locked=pending_while_locked,
        uploads_while_gone=gone.sent,
        acked_while_gone=len(gone.acked),
        server_errors=locked.server_errors + gone.server_errors + after.server_errors,
        check_exit_while_gone=code_gone,
        index_entries_after=figures["entries"],
        records_after=figures["records"],
    )
    assert len(locked.acked) == locked.sent and len(gone.acked) == gone.sent
    assert after.acked and not locked.server_errors and not gone.server_errors
    assert pending_while_locked > 0  # nothing written, nothing lost: queued
    assert DEGRADED not in page_locked
    assert code_locked == 0, out_locked  # waiting changes are a note, not a fault
    assert DEGRADED in page_gone
    assert export.status_code == 302  # an export says degraded rather than give an empty file
    assert code_gone != 0 and "Traceback" not in out_gone
    assert figures["entries"] == figures["records"] and figures["missing"] == 0
    assert "matchimuc3x4" in found and "khoachimuc2x3" in secretariat.search("khoachimuc2x3")
    assert code == 0, output
