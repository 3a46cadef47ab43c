"""Index upkeep: upsert, delete, clear, keys, a second process, and an unusable folder."""

import shutil

import pytest

from intranet.search import IndexUnavailable, SearchQuery, open_backend, search

from .conftest import keys, record


def test_upsert_replaces_by_key(backend):
    backend.index([record("document:1", "Bản cũ", "nội dung cũ")])
    backend.index([record("document:1", "Bản mới", "nội dung mới")])
    assert keys(backend, "nội dung") == ["document:1"]
    assert keys(backend, "cũ") == []
    assert backend.keys() == {"document:1"}


def test_upsert_within_one_batch_keeps_the_last(backend):
    backend.index([record("document:1", "một", "một"), record("document:1", "hai", "hai")])
    assert backend.keys() == {"document:1"}
    assert keys(backend, "hai") == ["document:1"]


def test_delete_removes_and_ignores_unknown_keys(backend):
    backend.index([record(f"file:{i}", "tệp", "nội dung tệp") for i in range(3)])
    backend.delete(["file:1", "file:99"])
    assert backend.keys() == {"file:0", "file:2"}
    assert sorted(keys(backend, "tệp")) == ["file:0", "file:2"]
    backend.delete([])


def test_clear_empties_the_index(backend):
    backend.index([record("file:1", "tệp", "tệp")])
    backend.clear()
    assert backend.keys() == set()
    assert backend.search(SearchQuery(text="tệp")).total == 0


def test_a_second_instance_sees_new_commits(backend, tmp_path):
    reader = open_backend(backend.name, str(tmp_path / "index"))
    try:
        assert reader.search(SearchQuery(text="khen")).total == 0
        backend.index([record("file:1", "khen thưởng", "khen thưởng")])
        assert reader.search(SearchQuery(text="khen")).total == 1
        backend.delete(["file:1"])
        assert reader.search(SearchQuery(text="khen")).total == 0
    finally:
        reader.close()


def test_index_survives_reopening(tmp_path, backend):
    backend.index([record("file:1", "khen thưởng", "khen thưởng")])
    backend.close()
    again = open_backend(backend.name, str(tmp_path / "index"))
    assert again.keys() == {"file:1"}
    again.close()


def test_folder_that_is_a_file_is_unavailable(tmp_path):
    path = tmp_path / "not-a-folder"
    path.write_text("x")
    for name in ("whoosh", "tantivy"):
        with pytest.raises(IndexUnavailable):
            open_backend(name, str(path))


def test_unknown_backend_name(tmp_path):
    with pytest.raises(ValueError, match="unknown search backend"):
        open_backend("lucene", str(tmp_path))


def test_folder_removed_after_opening_is_unavailable(backend, tmp_path):
    backend.index([record("file:1", "khen thưởng", "khen thưởng")])
    shutil.rmtree(tmp_path / "index")
    with pytest.raises(IndexUnavailable):
        backend.search(SearchQuery(text="khen"))
    with pytest.raises(IndexUnavailable):
        backend.index([record("file:2", "a", "b")])
    with pytest.raises(IndexUnavailable):
        backend.keys()
    degraded = search(backend, SearchQuery(text="khen"))
    assert degraded.degraded and degraded.message and degraded.total == 0


def test_locked_index_is_unavailable_for_writes_only(backend, tmp_path, monkeypatch):
    backend.index([record("file:1", "khen thưởng", "khen thưởng")])
    other = open_backend(backend.name, str(tmp_path / "index"))
    with _write_lock(other, monkeypatch):
        with pytest.raises(IndexUnavailable):
            backend.index([record("file:2", "a", "b")])
        assert backend.search(SearchQuery(text="khen")).total == 1
    backend.index([record("file:2", "a", "b")])
    other.close()


class _write_lock:
    """Hold the index's writer lock the way a second writing process would."""

    def __init__(self, holder, monkeypatch):
        self.holder, self.held = holder, None
        if holder.name == "whoosh":
            import intranet.search.whoosh_backend as module

            monkeypatch.setattr(module, "WRITE_TIMEOUT", 0.1)

    def __enter__(self):
        if self.holder.name == "whoosh":
            self.held = self.holder._ix.writer()
        else:
            self.held = self.holder._index.writer(15_000_000, 1)
        return self

    def __exit__(self, *exc):
        if self.holder.name == "whoosh":
            self.held.cancel()
        else:
            self.held.rollback()
            self.held.wait_merging_threads()


def test_odd_values_are_indexed_not_refused(backend):
    import datetime

    backend.index(
        [
            record(
                "file:1", "tệp", "nội dung", year="không rõ", date=datetime.datetime(2024, 5, 6, 7)
            ),
            record("file:2", "tệp", "nội dung", year="2023", date=None, unit=5, acl=[]),
        ]
    )
    hits = backend.search(SearchQuery(text="nội dung", sort="date")).hits
    assert [(h.key, h.year, h.date) for h in hits] == [
        ("file:1", None, datetime.date(2024, 5, 6)),
        ("file:2", 2023, None),
    ]
    assert backend.search(SearchQuery(text="nội dung", reader=["all"])).total == 1
