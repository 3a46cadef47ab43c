"""The file store: content-addressed blobs, atomic writes, checksums, hostile uploads."""

import io
import os
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intranet import storage
from intranet.extensions import db
from intranet.storage import StorageError, StoredFile
from tests.storage.helpers import MINI_PDF, png_bytes, sample


def upload_folder(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])


def files_under(folder: Path) -> list[Path]:
    """Files under ``folder``, the test's SQLite database and its -wal/-shm files aside."""
    if not folder.exists():
        return []
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("test.sqlite3")
    )


def row_count() -> int:
    return db.session.execute(select(func.count()).select_from(StoredFile)).scalar_one()


def test_save_stores_blob_by_hash_and_returns_uncommitted_row(app):
    data = sample("ke-hoach-36-KH-CDBP.pdf").read_bytes()
    with app.app_context():
        stored, name = storage.save(io.BytesIO(data), "Kế hoạch 36.pdf")
        assert stored in db.session and name == "Kế hoạch 36.pdf"
        path = storage.path_for(stored)
        assert path == upload_folder(app).resolve() / stored.sha256[:2] / stored.sha256[2:4] / (
            stored.sha256
        )
        assert path.read_bytes() == data
        assert (stored.size, stored.type_code, stored.mime_type) == (
            len(data),
            "pdf",
            "application/pdf",
        )
        db.session.commit()
        assert storage.verify(stored)
        assert files_under(upload_folder(app) / "tmp") == []
    with app.app_context():
        assert row_count() == 1


def test_blob_is_read_only_once_written(app):
    with app.app_context():
        stored, _name = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        assert storage.path_for(stored).stat().st_mode & 0o222 == 0


def test_vietnamese_name_in_nfd_is_kept_exactly_in_nfc(app):
    name = unicodedata.normalize("NFD", "Quyết định khen thưởng 2024.pdf")
    with app.app_context():
        _stored, kept = storage.save(io.BytesIO(MINI_PDF), name)
    assert kept == "Quyết định khen thưởng 2024.pdf"
    assert kept == unicodedata.normalize("NFC", kept)


def test_same_content_saved_twice_gives_one_blob_and_one_row(app):
    with app.app_context():
        first, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        second, _ = storage.save(io.BytesIO(MINI_PDF), "b.pdf")
        again, _ = storage.save(io.BytesIO(MINI_PDF), "c.pdf")  # same transaction, too
        db.session.commit()
        assert first.id == second.id == again.id
        assert row_count() == 1
    root = upload_folder(app)
    blobs = [p for p in files_under(root) if p.relative_to(root).parts[0] != "tmp"]
    assert len(blobs) == 1


def test_checksum_is_recorded_and_verify_detects_a_changed_byte(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(png_bytes(8, 8)), "anh.png")
        db.session.commit()
        assert len(stored.sha256) == 64 and storage.verify(stored)
        path = storage.path_for(stored)
        data = bytearray(path.read_bytes())
        data[-20] ^= 0x01  # same size, one bit changed
        path.chmod(0o640)
        path.write_bytes(bytes(data))
        assert not storage.verify(stored)


def test_missing_blob_is_reported_and_fails_verification(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        storage.path_for(stored).unlink()
        assert not storage.verify(stored)
        assert storage.missing_blobs() == [stored]


def test_stray_blobs_lists_files_without_a_row_and_ignores_tmp(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        db.session.commit()
        root = storage.upload_root()
        stray = root / "ab" / "cd" / ("abcd" + "0" * 60)
        stray.parent.mkdir(parents=True)
        stray.write_bytes(b"left behind")
        (root / "tmp" / "upload-in-progress").write_bytes(b"partial")
        assert storage.stray_blobs() == [stray]
        assert storage.missing_blobs() == []
        assert storage.path_for(stored) not in storage.stray_blobs()


def test_open_blob_reads_the_stored_bytes(app):
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(MINI_PDF), "a.pdf")
        with storage.open_blob(stored) as fh:
            assert fh.read() == MINI_PDF


@pytest.mark.parametrize(
    ("hostile", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\x.pdf", "x.pdf"),
        ("C:\\Users\\canbo\\Desktop\\Kế hoạch.pdf", "Kế hoạch.pdf"),
        ("Kế\x00 hoạch\r\n\x1b[31m.pdf", "Kế hoạch[31m.pdf"),
        ("báo cáo\u202efdp.exe", "báo cáofdp.exe"),  # the right-to-left override is dropped
        ("  Tờ trình.pdf  ", "Tờ trình.pdf"),
    ],
)
def test_hostile_name_is_reduced_to_a_safe_display_name(app, hostile, kept):
    with app.app_context():
        assert storage.clean_name(hostile) == kept


def test_thousand_character_name_is_shortened_keeping_its_extension(app):
    with app.app_context():
        kept = storage.clean_name("ệ" * 1000 + ".pdf")
    assert len(kept) == 255 and kept.endswith("ệ.pdf")


@pytest.mark.parametrize("hostile", ["", None, ".", "..", "....", " . . ", "a/", "../", "\x00\x01"])
def test_name_of_nothing_but_dots_or_separators_is_refused(app, hostile):
    with app.app_context(), pytest.raises(StorageError) as caught:
        storage.clean_name(hostile)
    assert caught.value.message == "Tên tệp không hợp lệ."


@pytest.mark.parametrize(
    "hostile",
    [
        "../../etc/passwd.pdf",
        "..\\..\\x.pdf",
        "{outside}/tuyet-doi.pdf",  # an absolute path
        "a\x07b\x1f.pdf",
        "ổ" * 1000 + ".pdf",
    ],
)
def test_hostile_name_writes_nothing_outside_the_upload_folder(app, tmp_path, hostile):
    outside = tmp_path / "outside"
    hostile = hostile.replace("{outside}", str(outside))
    before = set(files_under(tmp_path))
    with app.app_context():
        _stored, kept = storage.save(io.BytesIO(MINI_PDF), hostile)
        db.session.commit()
        assert "/" not in kept and "\\" not in kept and len(kept) <= 255
    new = set(files_under(tmp_path)) - before
    assert new and all(upload_folder(app) in p.parents for p in new)
    assert not (tmp_path.parent / "etc" / "passwd.pdf").exists()
    assert not outside.exists()


@pytest.mark.parametrize(
    "hostile", ["a\r\nSet-Cookie: x=1.pdf", "tên\rtệp.pdf", "tên\ntệp.pdf", "tệp\x00ẩn.pdf"]
)
def test_name_with_a_line_break_or_nul_is_refused_and_leaves_nothing(app, hostile):
    with app.app_context(), pytest.raises(StorageError) as caught:
        storage.save(io.BytesIO(MINI_PDF), hostile)
    assert caught.value.message == (
        "Tên tệp chứa ký tự xuống dòng hoặc ký tự NUL; hãy đổi tên tệp rồi gửi lại."
    )
    assert files_under(upload_folder(app)) == []


def test_empty_file_is_refused_and_leaves_nothing(app):
    with app.app_context(), pytest.raises(StorageError) as caught:
        storage.save(io.BytesIO(b""), "rỗng.pdf")
    assert caught.value.message == "Tệp rỗng: hãy chọn một tệp có nội dung."
    assert files_under(upload_folder(app)) == []


class EndlessStream:
    """A stream that never ends; counts what was read from it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 1 << 16 if size is None or size < 0 else size
        self.read_bytes += size
        return b"a" * size


def test_file_over_the_limit_is_refused_as_soon_as_it_is_exceeded(app):
    app.config["MAX_UPLOAD_MB"] = 1
    stream = EndlessStream()
    with app.app_context(), pytest.raises(StorageError) as caught:
        storage.save(stream, "lớn.txt")
    assert caught.value.message == "Tệp vượt quá dung lượng cho phép (1 MB)."
    assert stream.read_bytes <= 3 * 1024 * 1024  # stopped reading at once
    assert files_under(upload_folder(app)) == []
    with app.app_context():
        assert row_count() == 0


def test_file_of_exactly_the_limit_is_accepted(app):
    app.config["MAX_UPLOAD_MB"] = 1
    with app.app_context():
        stored, _ = storage.save(io.BytesIO(b"a" * (1024 * 1024)), "vừa đủ.txt")
        assert stored.size == 1024 * 1024


def test_refused_content_leaves_no_blob_row_or_temp(app):
    with app.app_context():
        with pytest.raises(StorageError):
            storage.save(io.BytesIO(png_bytes()), "giả.pdf")
        assert row_count() == 0
    assert files_under(upload_folder(app)) == []


def test_temp_files_live_under_the_upload_folder(app, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append(Path(src))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    with app.app_context():
        storage.save(io.BytesIO(MINI_PDF), "a.pdf")
    assert seen and seen[0].parent == upload_folder(app).resolve() / "tmp"
