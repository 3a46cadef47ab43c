"""Judged search quality (not a test): nDCG@10 and MRR of the judged query set per backend.

    .venv/bin/python bench/judged.py [--backends tantivy whoosh] [--verbose]

The corpus, the queries and their judgements are tests/search/judged/ (the tests run the same
set and fail the build when a must-come-first record is not first). MRR counts the rank of the
first record of each query's top grade.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from tests.search.judged.queries import QUERIES
    from tests.search.judged.scoring import K, run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", default=["tantivy", "whoosh"])
    parser.add_argument("--verbose", action="store_true", help="every query's scores")
    args = parser.parse_args()
    musts = sum(1 for q in QUERIES if q.first)
    print(f"Judged set: {len(QUERIES)} queries ({musts} with records that must come first)\n")
    print(f"| backend | nDCG@{K} | MRR | must-first passed |")
    print("|---|---|---|---|")
    failed = False
    reports = []
    for name in args.backends:
        with tempfile.TemporaryDirectory(prefix=f"judged-{name}-") as folder:
            report = run(name, folder)
        reports.append(report)
        passed = musts - len(report.failures)
        print(f"| {name} | {report.ndcg:.3f} | {report.mrr:.3f} | {passed}/{musts} |")
        failed |= bool(report.failures)
    for report in reports:
        for q, missing, top in report.failures:
            print(f"\n{report.backend}: {q!r} misses {missing} at the top: {top}")
        if args.verbose:
            print(f"\n{report.backend}:")
            for q, ndcg, rr, _, top in report.per_query:
                print(f"  {ndcg:.2f} {rr:.2f}  {q}  {top[:5]}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
