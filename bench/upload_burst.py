"""Upload burst (not a test): 200 uploads at once through the real app, then until all searchable.

    .venv/bin/python bench/upload_burst.py [--uploads 200] [--database sqlite|postgresql]

gunicorn (3 workers) and ``flask worker`` on a fresh instance (the demo loaded); 200 signed-in
clients each send one file (half text, half Word, each of distinct content) to a draft at the
same moment. Reported: the seconds from the first upload to the last answer, the seconds after
the last answer until every file's text is extracted and the outbox is empty (every file in the
index: target <= 10 s), files per second through the whole, and the index checked against the
records. Markdown on stdout.
"""

import argparse
import io
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_bench import drop, make_instance

from tests.resilience.crowd import Client, acknowledged, create_document
from tests.resilience.live import index_figures

WORDS = ("thi", "đua", "khen", "thưởng", "điển", "hình", "tiên", "tiến", "báo", "cáo", "tổng")


def content(k: int) -> tuple[str, bytes]:
    """File number k: a text file or a Word document, with a word of its own (burstk...)."""
    lines = [
        f"Báo cáo {' '.join(WORDS[(k + i) % len(WORDS)] for i in range(8))} mục {i}, tệp {k}."
        for i in range(40 + k % 60)
    ]
    lines.append(f"Từ khoá riêng: burst{k}xyz.")
    if k % 2:
        return f"Báo cáo {k}.txt", "\n".join(lines).encode()
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return f"Báo cáo {k}.docx", out.getvalue()


def left(live) -> int:
    return live.scalar("SELECT count(*) FROM search_outbox") + live.scalar(
        "SELECT count(*) FROM stored_file s WHERE NOT EXISTS "
        "(SELECT 1 FROM extracted_text e WHERE e.stored_file_id = s.id)"
    )


def burst(live, uploads: int) -> dict:
    secretariat = live.client("thuongtruc")
    document_id = create_document(live, secretariat, "Hồ sơ tải lên đồng loạt")
    files = [content(k) for k in range(uploads)]
    clients = []
    for _ in range(uploads):
        client = Client(live)
        client.login("thuongtruc", live.accounts["thuongtruc"])
        clients.append(client)
    live.wait_for_worker()
    start = threading.Barrier(uploads + 1)
    answered: list[float] = [0.0] * uploads
    ok = [False] * uploads

    def send(i: int) -> None:
        start.wait()
        try:
            response = clients[i].upload(document_id, files[i], timeout=300)
            ok[i] = acknowledged(response)
        finally:
            answered[i] = time.monotonic()

    threads = [threading.Thread(target=send, args=(i,), daemon=True) for i in range(uploads)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join(timeout=600)
    last = max(answered)
    while left(live):
        if time.monotonic() - last > 300:
            raise AssertionError("the worker did not catch up within 5 minutes")
        time.sleep(0.05)
    done = time.monotonic()
    figures = index_figures(live)
    return {
        "uploads": uploads,
        "acknowledged": sum(ok),
        "upload_seconds": last - began,
        "after_last": done - last,
        "total": done - began,
        "files_per_second": uploads / (done - began),
        "missing": figures["missing"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="upload-burst-") as folder:
        live, pg_name = make_instance(Path(folder), args.database, "bench_burst")
        try:
            live.start()
            result = burst(live, args.uploads)
        finally:
            drop(live, pg_name)
    load = os.getloadavg()
    print(f"\n## Upload burst ({args.database}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})\n")
    print(
        "| uploads | acknowledged | uploads took | searchable after the last | "
        "files/s (first upload → all searchable) | missing from the index |"
    )
    print("|---|---|---|---|---|---|")
    r = result
    print(
        f"| {r['uploads']} | {r['acknowledged']} | {r['upload_seconds']:.1f} s | "
        f"{r['after_last']:.1f} s | {r['files_per_second']:.1f} | {r['missing']} |"
    )
    if r["acknowledged"] != r["uploads"] or r["missing"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
