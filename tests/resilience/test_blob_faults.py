"""A blob deleted and a blob damaged while downloads run on the real server (two workers): no
server error, the broken files are never served (every 200 carries the recorded bytes), each
fault is written to the audit trail once for all workers, shown on the administrator's check
result, and found by ``flask check``."""

import hashlib
import json
import os
import threading
import time
from collections import Counter

import pytest

from tests.resilience.crowd import create_document, text_file
from tests.resilience.figures import report
from tests.resilience.live import LOADERS

THREADS = 6


@pytest.mark.slow
def test_blobs_broken_during_a_download_burst(make_live):
    live = make_live().start(worker=False)
    secretariat = live.client(LOADERS[0])
    document_id = create_document(live, secretariat, "Thông báo tải về khi tệp hỏng")
    names = {"gone": "Sẽ mất.txt", "damaged": "Sẽ hỏng.txt", "sound": "Còn nguyên.txt"}
    for key, name in names.items():
        content = text_file(f"Tệp {key} của thử nghiệm tải về.\n", 200_000)
        assert secretariat.upload(document_id, (name, content)).json()["ok"]
    by_name = {name: (vid, sha) for vid, (name, sha) in live.file_rows().items()}
    files = {key: by_name[name] for key, name in names.items()}
    clients = [live.client(LOADERS[i % len(LOADERS)]) for i in range(THREADS)]
    statuses: dict[str, Counter] = {key: Counter() for key in files}
    served_wrong, server_errors = [], []
    stop = threading.Event()

    def download(client):
        while not stop.is_set():
            for key, (vid, sha) in files.items():
                response = client.get(f"/documents/files/v/{vid}/download")
                statuses[key][response.status_code] += 1
                if response.status_code >= 500:
                    server_errors.append(f"{key}: {response.status_code}")
                elif (
                    response.status_code == 200
                    and hashlib.sha256(response.content).hexdigest() != sha
                ):
                    served_wrong.append(key)

    threads = [threading.Thread(target=download, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    time.sleep(2)  # downloads under way
    for key, (_vid, sha) in files.items():
        blob = live.uploads / sha[:2] / sha[2:4] / sha
        if key == "gone":
            blob.unlink()
        elif key == "damaged":
            os.chmod(blob, 0o640)
            with blob.open("r+b") as fh:  # one byte changed in place, the size kept
                fh.seek(1000)
                fh.write(b"#")
    time.sleep(3)  # downloads of the broken files go on
    stop.set()
    for thread in threads:
        thread.join()

    faults = json.loads((live.instance / "file_faults.json").read_text(encoding="utf-8"))
    in_trail = live.rows("SELECT record_id, summary FROM audit_entry WHERE action = 'file_fault'")
    admin_page = (
        live.client("quantri").get("/admin/users").text if "quantri" in live.accounts else ""
    )
    code, output = live.check()
    report(
        "broken blobs during downloads",
        downloads={k: dict(sorted(v.items())) for k, v in statuses.items()},
        server_errors=len(server_errors),
        served_wrong=len(served_wrong),
        faults_noted={f["kind"]: f["count"] for f in faults},
        trail_entries=len(in_trail),
        check_exit=code,
    )
    assert not server_errors and not served_wrong
    assert statuses["gone"][410] and statuses["damaged"][410]
    assert set(statuses["sound"]) == {200}
    assert {f["kind"] for f in faults} == {"missing", "damaged"}
    assert len(in_trail) == 2  # once per fault, whichever worker met it first
    assert "Thiếu tệp khi tải về" in admin_page and "Tệp bị hỏng" in admin_page
    assert code == 1
    assert files["gone"][1] in output and files["damaged"][1] in output
