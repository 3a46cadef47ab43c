"""Search benchmark (not a test): indexing rate, index size, query latency and memory per backend.

    .venv/bin/python bench/search_bench.py --sizes 10000 100000 --backends tantivy whoosh

Each (backend, size) runs in its own process, so peak memory is that backend's alone. Queries
are the fixed mix of ``corpus.Corpus.queries`` (terms, phrases, with and without diacritics,
codes, filters, exclusions), each as a reader with restricted rights, top 10 with snippets and
facets. The table is printed and written to bench/results.md.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _size_of(folder: str) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(round(share * (len(ordered) - 1)), len(ordered) - 1)]


def run_one(backend_name: str, size: int, batch: int, seed: int, queries: int) -> dict:
    """Build an index of ``size`` records with one backend and time the query mix."""
    from corpus import Corpus

    from intranet.search import open_backend

    folder = tempfile.mkdtemp(prefix=f"bench-{backend_name}-")
    try:
        backend = open_backend(backend_name, folder)
        corpus = Corpus(seed)
        indexing = generating = indexing_cpu = 0.0
        words = 0
        for start in range(0, size, batch):
            t0 = time.perf_counter()
            records = [corpus.record(n) for n in range(start, min(start + batch, size))]
            t1, c1 = time.perf_counter(), time.process_time()
            backend.index(records)
            indexing += time.perf_counter() - t1
            indexing_cpu += time.process_time() - c1
            generating += t1 - t0
            words += sum(r.body.count(" ") + 1 for r in records)
        mix = corpus.queries(queries)
        for q in mix[:20]:  # warm the caches the way a running server has them
            backend.search(q)
        latencies, cpu, totals = [], [], []
        for q in mix:
            t0, c0 = time.perf_counter(), time.process_time()
            results = backend.search(q)
            latencies.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            totals.append(results.total)
        backend.close()
        return {
            "backend": backend_name,
            "records": size,
            "words": words,
            "index_s": round(indexing, 1),
            "generate_s": round(generating, 1),
            "rate": round(size / indexing),
            "size_mb": round(_size_of(folder) / 1e6, 1),
            "p50": round(statistics.median(latencies), 2),
            "p95": round(_percentile(latencies, 0.95), 2),
            "p99": round(_percentile(latencies, 0.99), 2),
            "cpu_s": round(indexing_cpu, 1),
            "cpu_p50": round(statistics.median(cpu), 2),
            "cpu_p95": round(_percentile(cpu, 0.95), 2),
            "mean_hits": round(statistics.mean(totals)),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load": round(os.getloadavg()[0], 1),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


COLUMNS = [  # heading, key, format
    ("backend", "backend", "{}"),
    ("records", "records", "{:,}"),
    ("words", "words", "{:,}"),
    ("index s", "index_s", "{}"),
    ("records/s", "rate", "{:,}"),
    ("index CPU s", "cpu_s", "{}"),
    ("index MB", "size_mb", "{}"),
    ("p50 ms", "p50", "{}"),
    ("p95 ms", "p95", "{}"),
    ("p99 ms", "p99", "{}"),
    ("CPU p50 ms", "cpu_p50", "{}"),
    ("CPU p95 ms", "cpu_p95", "{}"),
    ("mean total", "mean_hits", "{:,}"),
    ("peak RSS MB", "peak_mb", "{:,}"),
    ("load 1 min", "load", "{}"),
]


def _table(rows: list[dict], notes: list[str]) -> str:
    lines = ["| " + " | ".join(h for h, _, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(f.format(r[k]) for _, k, f in COLUMNS) + " |")
    cpu = platform.processor() or platform.machine()
    lines += [
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}.",
    ] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run every (backend, size) in a child process and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["tantivy", "whoosh"])
    parser.add_argument(
        "--whoosh-max",
        type=int,
        default=10_000,
        help="skip Whoosh above this size (pure Python: 100k takes hours)",
    )
    parser.add_argument("--batch", type=int, default=5_000, help="records per index() call")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=36)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--child", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_one(args.child[0], int(args.child[1]), args.batch, args.seed, args.queries)
        print(json.dumps(result))
        return
    rows, notes = [], []
    for size in args.sizes:
        for name in args.backends:
            if name == "whoosh" and size > args.whoosh_max:
                notes.append(f"Whoosh not run at {size:,} records (over --whoosh-max).")
                continue
            print(f"… {name}, {size:,} records", file=sys.stderr, flush=True)
            out = subprocess.run(  # noqa: S603 - our own script, fixed arguments
                [
                    sys.executable,
                    __file__,
                    "--child",
                    name,
                    str(size),
                    "--batch",
                    str(args.batch),
                    "--queries",
                    str(args.queries),
                    "--seed",
                    str(args.seed),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(_table(rows[-1:], []).splitlines()[2], file=sys.stderr, flush=True)
    notes.append(
        "CPU columns: the process's CPU time (all threads) for the same work; on a machine shared "
        "with other jobs (see the load column) they show what an idle machine would take."
    )
    notes.append(
        f"{args.queries} queries as a restricted reader, top 10 with snippets and facets; "
        "latency after a 20-query warm-up; indexing time excludes generating the text."
    )
    table = _table(rows, notes)
    print(table)
    Path(args.out).write_text("# Search benchmark\n\n" + table, encoding="utf-8")


if __name__ == "__main__":
    main()
