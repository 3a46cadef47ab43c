"""The pool of long-lived extraction children: many files per child, caps kept for each file,
a child replaced after N files and after any fault, a dead child never losing a file."""

import os
import signal

import pytest

from intranet.extraction import extract, pool, runner


@pytest.fixture
def small_pool(monkeypatch):
    """``extract`` on a pool of its own: one child, replaced after 3 files."""
    mine = pool.Pool(size=1, max_files=3)
    monkeypatch.setattr(runner, "POOL", mine)
    yield mine
    mine.close()


def child_pid(mine: pool.Pool) -> int | None:
    return mine._idle[0].proc.pid if mine._idle else None


def test_one_child_reads_file_after_file_then_is_replaced(small_pool, sample):
    text = sample("ke-hoach-36-KH-CDBP.txt")
    results = [extract(text, "txt") for _ in range(3)]
    assert {r.status for r in results} == {"ok"}
    assert small_pool.started == 1
    assert child_pid(small_pool) is None  # its third file was its last
    assert extract(text, "txt").status == "ok"
    assert small_pool.started == 2


def test_other_types_in_the_same_child(small_pool, sample):
    for name, type_code in [
        ("ke-hoach-36-KH-CDBP.docx", "docx"),
        ("ke-hoach-36-KH-CDBP.pdf", "pdf"),
    ]:
        result = extract(sample(name), type_code)
        assert result.status == "ok", result
        assert "Bình Phước" in result.text
    assert small_pool.started == 1


def test_a_damaged_file_retires_its_child(small_pool, sample, tmp_path):
    extract(sample("ke-hoach-36-KH-CDBP.txt"), "txt")
    first = child_pid(small_pool)
    garbage = tmp_path / "hong.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    assert extract(garbage, "pdf").status == "failed"
    assert child_pid(small_pool) is None
    assert extract(sample("ke-hoach-36-KH-CDBP.txt"), "txt").status == "ok"
    assert child_pid(small_pool) not in (None, first)


def test_a_timeout_kills_the_child_and_the_next_file_is_read(small_pool, sample):
    result = extract(sample("ke-hoach-36-KH-CDBP-scan.pdf"), "pdf", timeout=0.01)
    assert result.status == "timeout"
    assert child_pid(small_pool) is None
    assert extract(sample("ke-hoach-36-KH-CDBP.txt"), "txt").status == "ok"


def test_a_child_killed_while_idle_is_replaced_without_losing_the_file(small_pool, sample):
    extract(sample("ke-hoach-36-KH-CDBP.txt"), "txt")
    child = small_pool._idle[0]
    os.kill(child.proc.pid, signal.SIGKILL)
    child.proc.wait(timeout=5)
    result = extract(sample("ke-hoach-36-KH-CDBP.docx"), "docx")
    assert result.status == "ok"
    assert small_pool.started == 2


def test_the_memory_cap_is_set_again_for_each_file(small_pool, sample):
    # A child that read a file under a large cap still refuses one under a tiny cap, and then
    # (a new child) reads the next file under a normal one.
    assert extract(sample("ke-hoach-36-KH-CDBP.pdf"), "pdf").status == "ok"
    tiny = extract(sample("ke-hoach-36-KH-CDBP.pdf"), "pdf", memory_mb=8)
    assert (tiny.status, tiny.text) == ("failed", "")
    assert extract(sample("ke-hoach-36-KH-CDBP.pdf"), "pdf").status == "ok"


def test_two_threads_share_the_pool(monkeypatch, sample):
    from concurrent.futures import ThreadPoolExecutor

    mine = pool.Pool(size=2, max_files=100)
    monkeypatch.setattr(runner, "POOL", mine)
    try:
        with ThreadPoolExecutor(4) as threads:
            results = list(
                threads.map(lambda _: extract(sample("ke-hoach-36-KH-CDBP.txt"), "txt"), range(12))
            )
        assert {r.status for r in results} == {"ok"}
        assert mine.started <= 2
    finally:
        mine.close()


def test_many_files_read_at_once_come_back_in_order(monkeypatch, sample, tmp_path):
    from intranet.extraction import extract_many

    mine = pool.Pool(size=2, max_files=100)
    monkeypatch.setattr(runner, "POOL", mine)
    files = []
    for k in range(6):
        path = tmp_path / f"{k}.txt"
        path.write_text(f"Tệp số {k}: từ khoá riêng tep{k}xyz.")
        files.append((path, "txt"))
    files.insert(3, (tmp_path / "missing.txt", "txt"))
    try:
        results = list(extract_many(files))
    finally:
        mine.close()
    assert [r.status for r in results] == ["ok"] * 3 + ["failed"] + ["ok"] * 3
    assert [r.text.split()[-1] for r in results if r.status == "ok"] == [
        f"tep{k}xyz." for k in range(6)
    ]
