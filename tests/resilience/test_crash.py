"""SIGKILL the server and the worker at points during uploads, restart, and run ``flask check``.

Whatever a client was told was saved is there, with its bytes; no row is left without its file;
every file left behind by the crash (a blob with no row, a temporary file) is reported by check.
"""

import hashlib
import http.client
import os
import threading
import time
import uuid

import pytest

from tests.resilience.crowd import Uploaders, create_document, text_file
from tests.resilience.figures import report
from tests.resilience.live import LOADERS

LARGE = 40 * 1024 * 1024


def content(tag: str, size: int = 3000) -> bytes:
    return text_file(f"Biên bản kiểm tra {tag}: hồ sơ được lưu nguyên vẹn sau sự cố.\n", size)


def multipart(token: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f"filename*=UTF-8''{name}\r\nContent-Type: text/plain\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), boundary


def raw_upload(client, document_id: int, name: str, data: bytes, halfway=None) -> int | None:
    """An upload over a plain connection; ``halfway`` (an Event) is set when half is sent.

    Returns the status, or None when the connection broke (the server was killed).
    """
    body, boundary = multipart(client.token, name, data)
    cookies = "; ".join(f"{c.name}={c.value}" for c in client.http.cookies)
    conn = http.client.HTTPConnection("127.0.0.1", client.live.port, timeout=180)
    try:
        conn.putrequest("POST", f"/documents/{document_id}/files")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(len(body)))
        conn.putheader("Accept", "application/json")
        conn.putheader("Cookie", cookies)
        conn.endheaders()
        half = len(body) // 2
        conn.send(body[:half])
        if halfway is not None:
            halfway.set()
            time.sleep(2)  # the kill comes now
        conn.send(body[half:])
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


def wait_until(predicate, timeout: float = 60, step: float = 0.002) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def blob_names(live) -> set[str]:
    names = set()
    for folder, _dirs, files in os.walk(live.uploads):
        if os.path.basename(folder) != "tmp":
            names.update(files)
    return names


@pytest.mark.slow
def test_sigkill_during_uploads_loses_nothing_acknowledged(make_live):
    live = make_live().start()
    secretariat = live.client(LOADERS[0])
    document_id = create_document(live, secretariat, "Thông báo về lưu trữ hồ sơ khi mất điện")
    clients = [live.client(LOADERS[i % len(LOADERS)]) for i in range(6)]
    acked: list[tuple[str, str]] = []
    findings = []

    def after_acks(uploaders):
        wait_until(lambda: len(uploaders.tally.acked) >= 25, timeout=120, step=0.01)

    senders: list[threading.Thread] = []

    def send_big(name: str, data: bytes, halfway=None) -> None:
        """A 40 MB upload on its own connection; acknowledged ones count like the others."""

        def run():
            if raw_upload(clients[0], document_id, name, data, halfway) == 200:
                acked.append((name, hashlib.sha256(data).hexdigest()))

        senders.append(threading.Thread(target=run, daemon=True))
        senders[-1].start()

    def mid_stream(uploaders):
        halfway = threading.Event()
        send_big("lon.txt", content("lớn-giữa-chừng", LARGE), halfway)
        assert halfway.wait(120)

    def during_blob_write(uploaders):
        before = blob_names(live)
        send_big("ghi.txt", content("lớn-đang-ghi", LARGE))
        seen = wait_until(lambda: live.temp_files() or blob_names(live) - before, timeout=120)
        return "temp file seen" if seen else "upload finished first"

    def new_blob_placed(uploaders):
        before = blob_names(live)
        seen = wait_until(lambda: blob_names(live) - before, timeout=120, step=0.0005)
        return "new blob seen" if seen else "no new blob"

    points = [
        ("after 25 acknowledged uploads", after_acks),
        ("mid-stream, half of a 40 MB body sent", mid_stream),
        ("while a 40 MB upload is written to the store", during_blob_write),
        ("the moment a new blob lands, before its row commits", new_blob_placed),
    ]
    for label, trigger in points:
        with Uploaders(clients[1:], document_id, tag=str(len(findings))) as uploaders:
            note = trigger(uploaders)
            live.kill()
        for sender in senders:
            sender.join(timeout=30)
        acked += uploaders.tally.acked
        temp_left = len(live.temp_files())
        live.start()
        code, output = live.check()
        known = {s for (s,) in live.rows("SELECT sha256 FROM stored_file")}
        missing = len(known - blob_names(live))
        strays = [
            os.path.join(folder, f)
            for folder, _d, files in os.walk(live.uploads)
            if os.path.basename(folder) != "tmp"
            for f in files
            if f not in known
        ]
        rows = live.file_rows()
        lost = [a for a in acked if a not in set(rows.values())]
        findings.append(
            {
                "point": label + (f" ({note})" if note else ""),
                "acked_so_far": len(acked),
                "rows_without_file": missing,
                "stray_blobs": len(strays),
                "temp_files": temp_left,
                "lost": len(lost),
                "server_errors": uploaders.tally.server_errors,
                "check_exit": code,
            }
        )
        assert "Thiếu tệp" not in output, output
        assert missing == 0
        assert not lost, lost[:5]
        assert uploaders.tally.server_errors == 0, uploaders.tally.errors
        for path in strays:
            assert str(path) in output, f"stray {path} not reported:\n{output}"
        for path in live.temp_files():
            assert str(path) in output, f"temporary file {path} not reported:\n{output}"

    # After the last restart the archive works as before and the worker catches up.
    ok = clients[0].upload(document_id, ("Sau sự cố.txt", content("sau-su-co")))
    assert ok.status_code == 200 and ok.json()["ok"], ok.text
    live.wait_for_worker()
    code, output = live.check()
    index_problems = [line for line in output.splitlines() if "chỉ mục" in line and "LỖI" in line]
    assert not index_problems, output
    for finding in findings:
        report("crash", **finding)
