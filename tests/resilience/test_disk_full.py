"""The upload folder fills up during an upload (a 2 MB tmpfs): a clear message in Vietnamese, no
row, no partial file, and normal work once there is space again."""

import errno
import hashlib
import io
import subprocess
from pathlib import Path

import pytest

from tests.conftest import csrf_token
from tests.resilience.crowd import create_document, text_file
from tests.resilience.figures import report
from tests.resilience.live import LOADERS

MESSAGE = "Không đủ dung lượng lưu trữ"


def content(tag: str, size: int) -> bytes:
    return text_file(
        f"Hồ sơ minh chứng {tag}: bản chụp giấy khen, bằng khen và quyết định.\n", size
    )


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs to hold the uploads; unmounted at the end. Skipped where mount is refused."""
    folder = tmp_path / "uploads-on-tmpfs"
    folder.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:  # no mount command at all
        pytest.skip(f"cannot mount a small tmpfs for uploads: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs for uploads (needs root): {done.stderr.strip()}")
    yield folder
    if subprocess.run(["umount", str(folder)], capture_output=True, check=False).returncode:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def resize(folder, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


@pytest.mark.slow
def test_full_disk_refuses_the_upload_cleanly_and_recovers(small_disk, make_live):
    live = make_live(upload_folder=small_disk).start(worker=False)
    client = live.client(LOADERS[0])
    document_id = create_document(live, client, "Thông báo nộp hồ sơ khi đĩa đầy")
    small = content("nhỏ", 20_000)
    assert client.upload(document_id, ("Hồ sơ nhỏ.txt", small)).json()["ok"]
    rows_before = live.count("file_version"), live.upload_blobs()
    big = content("lớn", 3 * 1024 * 1024)
    big_sha = hashlib.sha256(big).hexdigest()

    # Through the page's script (JSON) and as a plain form post (redirect and a flash message).
    answer = client.upload(document_id, ("Hồ sơ lớn.txt", big))
    form = client.upload(document_id, ("Hồ sơ lớn.txt", big), headers={})
    page = client.get(form.headers.get("Location", f"/documents/{document_id}"))
    report(
        "disk full",
        json_status=answer.status_code,
        form_status=form.status_code,
        message=answer.json().get("message") if answer.status_code < 500 else answer.text[:80],
    )
    assert answer.status_code in (413, 422, 507), answer.text[:500]
    assert MESSAGE in answer.json()["message"]
    assert form.status_code == 302
    assert MESSAGE in page.text
    assert (live.count("file_version"), live.upload_blobs()) == rows_before
    assert not live.temp_files()
    assert big_sha not in {p.name for p in live.blobs()}

    # Space comes back: the same upload goes through, and the archive checks clean.
    resize(small_disk, "16m")
    again = client.upload(document_id, ("Hồ sơ lớn.txt", big))
    assert again.status_code == 200 and again.json()["ok"], again.text[:500]
    assert live.count("file_version") == rows_before[0] + 1
    live.start_worker()
    live.wait_for_worker()
    code, output = live.check()
    assert code == 0, output


def test_a_full_disk_is_a_message_also_where_mount_is_refused(app, users, login_as, monkeypatch):
    """The same refusal without a real small disk: the write fails with ENOSPC half-way."""
    from datetime import date

    from intranet.accounts.models import User
    from intranet.documents import services
    from intranet.extensions import db
    from intranet.storage import files as store

    with app.app_context():
        secretariat = db.session.get(User, users["secretariat"])
        document = services.save_document(
            None,
            services.DocumentData(
                kind="TB", number_symbol="96/TB-CĐBP", issued_on=date(2024, 5, 2), summary="Đĩa"
            ),
            secretariat,
        )
        document_id = document.id
    real_copy = store._copy

    def copy_until_full(stream, out, limit_mb):
        out.write(stream.read(1000))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "_copy", copy_until_full)
    client = login_as("secretariat")
    token = csrf_token(client, f"/documents/{document_id}")
    data = {"csrf_token": token, "files": (io.BytesIO(content("đầy", 5000)), "Hồ sơ.txt")}
    answer = client.post(
        f"/documents/{document_id}/files", data=data, headers={"Accept": "application/json"}
    )
    assert answer.status_code == 422
    assert MESSAGE in answer.get_json()["message"]
    monkeypatch.setattr(store, "_copy", real_copy)
    uploads = Path(app.config["UPLOAD_FOLDER"])
    assert not [p for p in uploads.rglob("*") if p.is_file()]  # no partial file, no blob
    with app.app_context():
        assert not db.session.get(services.Document, document_id).files
