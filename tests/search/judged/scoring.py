"""Scoring a ranking against the judgements: nDCG@10, MRR, and the must-come-first check.

from tests.search.judged.scoring import run
report = run("tantivy", folder)   # indexes the corpus, runs every judged query
report.ndcg, report.mrr, report.failures
"""

import math
from dataclasses import dataclass, field

from intranet.search import SearchQuery, open_backend

from .corpus import records
from .queries import QUERIES, Judged

K = 10


def dcg(gains: list[int]) -> float:
    """Discounted cumulative gain with graded gains 2^g - 1."""
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    """nDCG@k of ``ranked`` keys; 1.0 when nothing is relevant and nothing is returned."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 1.0 if not ranked else 0.0
    return dcg([grades.get(key, 0) for key in ranked[:k]]) / ideal


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    """1 / the rank of the first record of the query's top grade (0 when none is returned)."""
    best = max(grades.values(), default=0)
    for i, key in enumerate(ranked, 1):
        if best and grades.get(key, 0) == best:
            return 1.0 / i
    return 0.0


def first_missing(ranked: list[str], judged: Judged) -> list[str]:
    """The must-come-first records that are not in the top len(first) places."""
    top = set(ranked[: len(judged.first)])
    return [key for key in judged.first if key not in top]


@dataclass
class Report:
    backend: str
    per_query: list[tuple[str, float, float, list[str], list[str]]] = field(default_factory=list)

    @property
    def ndcg(self) -> float:
        return sum(q[1] for q in self.per_query) / len(self.per_query)

    @property
    def mrr(self) -> float:
        return sum(q[2] for q in self.per_query) / len(self.per_query)

    @property
    def failures(self) -> list[tuple[str, list[str], list[str]]]:
        """(query, missing must-first keys, the top of the ranking) for each failed query."""
        return [(q, missing, top) for q, _, _, missing, top in self.per_query if missing]


def index(backend_name: str, folder: str):
    """A backend in ``folder`` holding the judged corpus."""
    backend = open_backend(backend_name, folder)
    backend.index(records())
    return backend


def evaluate(backend, name: str | None = None) -> Report:
    """Run every judged query (as a reader who sees everything), top 20, and score it."""
    report = Report(name or backend.name)
    for judged in QUERIES:
        hits = backend.search(SearchQuery(text=judged.q, per_page=20, **judged.options)).hits
        ranked = [h.key for h in hits]
        report.per_query.append(
            (
                judged.q,
                ndcg(ranked, judged.grades),
                reciprocal_rank(ranked, judged.grades),
                first_missing(ranked, judged),
                ranked[:K],
            )
        )
    return report


def run(backend_name: str, folder: str) -> Report:
    """Index the corpus with ``backend_name`` in ``folder`` and evaluate every judged query."""
    backend = index(backend_name, folder)
    try:
        return evaluate(backend)
    finally:
        backend.close()
