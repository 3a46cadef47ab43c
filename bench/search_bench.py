"""Search benchmark (not a test): indexing rate, index size, query latency and memory per backend.

    .venv/bin/python bench/search_bench.py --sizes 10000 100000 --backends tantivy whoosh

Each (backend, size) runs in its own process. Queries are the fixed mix of
``corpus.Corpus.queries`` (terms, phrases, with and without diacritics, codes, filters,
exclusions), each as a reader with restricted rights, top 10 with snippets and facets, through
the reader's long-lived backend (``search.shared_backend``) as the search page asks it.

The same process builds a raw Tantivy index of the same texts (title and body, Tantivy's default
tokenizer, no permissions, facets nor snippets) and runs the same query texts on it, interleaved
batch by batch and query by query with ours, so that load on the machine falls on both alike:
the ratio columns compare them. Wall and CPU time (the process's, all threads) are both given.
The table is printed and written to bench/results.md.
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


class RawTantivy:
    """Plain Tantivy on the same texts: what the engine costs without our analysis and rules."""

    def __init__(self, folder: str) -> None:
        import tantivy

        self.tantivy = tantivy
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("key", stored=True, tokenizer_name="raw")
        sb.add_text_field("title", stored=True)
        sb.add_text_field("body")
        self.schema = sb.build()
        self.index = tantivy.Index(self.schema, path=folder)
        self.index.config_reader(reload_policy="manual")

    def add(self, records: list) -> None:
        """One commit per batch, as ours, with the same writer heap and threads."""
        writer = self.index.writer(256_000_000, 2)
        for r in records:
            writer.add_document(
                self.tantivy.Document(key=r.key, title=r.title, body=r.body or r.title)
            )
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def search(self, text: str) -> int:
        """Top 10 by BM25 with their stored fields, and the count of matches."""
        query, _errors = self.index.parse_query_lenient(text, ["title", "body"])
        searcher = self.index.searcher()
        found = searcher.search(query, 10, count=True)
        for _score, address in found.hits:
            searcher.doc(address).to_dict()
        return found.count


def _timed(work) -> tuple[float, float]:
    """Wall and CPU seconds of ``work()``."""
    t0, c0 = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - t0, time.process_time() - c0


def run_one(backend_name: str, size: int, batch: int, seed: int, queries: int) -> dict:
    """Build an index of ``size`` records with one backend and raw Tantivy, time the query mix."""
    from corpus import Corpus

    from intranet.search import shared_backend

    folder = tempfile.mkdtemp(prefix=f"bench-{backend_name}-")
    raw_folder = tempfile.mkdtemp(prefix="bench-raw-")
    try:
        backend = shared_backend(backend_name, folder)
        raw = RawTantivy(raw_folder)
        corpus = Corpus(seed)
        indexing = generating = indexing_cpu = raw_indexing = raw_cpu = 0.0
        words = 0
        for start in range(0, size, batch):
            t0 = time.perf_counter()
            records = [corpus.record(n) for n in range(start, min(start + batch, size))]
            generating += time.perf_counter() - t0
            wall, cpu_s = _timed(lambda r=records: backend.index(r))
            indexing, indexing_cpu = indexing + wall, indexing_cpu + cpu_s
            wall, cpu_s = _timed(lambda r=records: raw.add(r))
            raw_indexing, raw_cpu = raw_indexing + wall, raw_cpu + cpu_s
            words += sum(r.body.count(" ") + 1 for r in records)
        mix = corpus.queries(queries)
        for q in mix[:20]:  # warm the caches the way a running server has them
            shared_backend(backend_name, folder).search(q)
            raw.search(q.text)
        latencies, cpu, totals, raw_wall, raw_q_cpu = [], [], [], [], []
        for q in mix:
            t0, c0 = time.perf_counter(), time.process_time()
            results = shared_backend(backend_name, folder).search(q)
            latencies.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            totals.append(results.total)
            wall, cpu_s = _timed(lambda t=q.text: raw.search(t))
            raw_wall.append(wall * 1000)
            raw_q_cpu.append(cpu_s * 1000)
        backend.close()
        p50, cpu_p50 = statistics.median(latencies), statistics.median(cpu)
        raw_p50, raw_cpu_p50 = statistics.median(raw_wall), statistics.median(raw_q_cpu)
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
            "raw_rate": round(size / raw_indexing),
            "raw_cpu_s": round(raw_cpu, 1),
            "rate_ratio": round(size / indexing / (size / raw_indexing), 2),
            "raw_p50": round(raw_p50, 2),
            "raw_p95": round(_percentile(raw_wall, 0.95), 2),
            "raw_cpu_p50": round(raw_cpu_p50, 2),
            "x_p50": round(p50 / raw_p50, 1),
            "x_cpu_p50": round(cpu_p50 / raw_cpu_p50, 1),
            "mean_hits": round(statistics.mean(totals)),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load": round(os.getloadavg()[0], 1),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(raw_folder, ignore_errors=True)


COLUMNS = [  # heading, key, format
    ("backend", "backend", "{}"),
    ("records", "records", "{:,}"),
    ("records/s", "rate", "{:,}"),
    ("raw records/s", "raw_rate", "{:,}"),
    ("rate ÷ raw", "rate_ratio", "{}"),
    ("index CPU s", "cpu_s", "{}"),
    ("raw index CPU s", "raw_cpu_s", "{}"),
    ("index MB", "size_mb", "{}"),
    ("p50 ms", "p50", "{}"),
    ("p95 ms", "p95", "{}"),
    ("p99 ms", "p99", "{}"),
    ("CPU p50 ms", "cpu_p50", "{}"),
    ("CPU p95 ms", "cpu_p95", "{}"),
    ("raw p50 / p95 ms", "raw_p50", "{}"),
    ("raw CPU p50 ms", "raw_cpu_p50", "{}"),
    ("p50 × raw", "x_p50", "{}"),
    ("CPU p50 × raw", "x_cpu_p50", "{}"),
    ("mean total", "mean_hits", "{:,}"),
    ("peak RSS MB", "peak_mb", "{:,}"),
    ("load 1 min", "load", "{}"),
]


def _table(rows: list[dict], notes: list[str]) -> str:
    lines = ["| " + " | ".join(h for h, _, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        cells = [f.format(r[k]) for _, k, f in COLUMNS]
        cells[[k for _, k, _ in COLUMNS].index("raw_p50")] = f"{r['raw_p50']} / {r['raw_p95']}"
        lines.append("| " + " | ".join(cells) + " |")
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
    load_before = f"{os.getloadavg()[0]:.1f}"
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
    notes.append(
        "raw: plain Tantivy on the same records in the same process, interleaved with ours "
        "(each batch indexed by both, each query asked of both): title and body with Tantivy's "
        "default tokenizer and positions, the query text through its lenient query parser, top "
        "10 with stored fields and the count; no permissions, facets, snippets, folding nor "
        "tiers. × raw: our figure divided by raw Tantivy's."
    )
    table = _table(rows, notes)
    table += f"- 1-minute load before the run {load_before}, after {os.getloadavg()[0]:.1f}.\n"
    print(table)
    Path(args.out).write_text("# Search benchmark\n\n" + table, encoding="utf-8")


if __name__ == "__main__":
    main()
