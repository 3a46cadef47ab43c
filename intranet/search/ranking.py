"""Ranking in tiers, shared by both backends: the weights, and the constants that order tiers.

Within a tier, records are ordered by relevance (BM25 with the boosts below). Tiers sit above
relevance: each tier adds a constant score larger than any relevance the whole query could give,
so a record of a higher tier always ranks above every record of a lower one, however often a
lower record repeats the folded word. From the lowest tier to the highest:

- ``link``: a code clause ("36/KH-CĐBP") names a document this record rests on or carries out
  (its basis links: a unit plan implementing the plan, a notice or decision citing it, a report
  on it). They rank right after the plan itself.
- ``own``: a code clause is the record's own number (the document and its files).
- ``exact``: the query carries diacritics and the record has every syllable of every word and
  phrase clause exactly as typed ("tiền" ranks a record with "tiền" above every record that only
  has "tiên" or "tiến").

A relevance score is a sum of BM25 term scores times boosts. A BM25 term score is at most
``idf × (k1 + 1)``, and idf is at most ``ln(1 + 2³¹)`` for any index a 32-bit document id can
address; a phrase scores at most the sum of its terms. So the bound of a query's relevance is
``MAX_TERM_SCORE × Σ boost × terms``, counted while the backend builds the query (:class:`Bound`).
"""

import math
from dataclasses import dataclass

# A title match outweighs a body match, a whole-code match outweighs both, a basis link sits
# between, and an exact-diacritic match adds to its folded twin (within a tier).
TITLE_BOOST, CODE_BOOST, LINK_BOOST, EXACT_BOOST = 3.0, 20.0, 10.0, 2.0
# The whole title is what was typed (a person's name finds the nomination before the papers
# that name the person).
WHOLE_TITLE_BOOST = 30.0

_K1 = 1.2
# Largest score of one term in one field, before boosts: Tantivy (float32) needs a tight bound,
# Whoosh (Python floats, idf = ln(N / (n + 1)) + 1) gets a far larger margin at no cost.
MAX_TERM_SCORE = {
    "tantivy": (_K1 + 1) * math.log(1 + 2**31),
    "whoosh": 1_000.0 * (_K1 + 1) * (math.log(2**31) + 1),
}


@dataclass
class Bound:
    """The largest relevance a query can give: ``Σ boost × terms`` of the scored parts."""

    weight: float = 0.0

    def add(self, boost: float, terms: int = 1) -> float:
        """Count a part scored with ``boost`` over ``terms`` terms; returns ``boost``."""
        self.weight += boost * max(terms, 1)
        return boost


@dataclass
class Tiers:
    """Constant scores of the tiers for one query, each above everything below it."""

    link: float
    own: float
    exact: float


def tiers(bound: Bound, backend: str, code_clauses: int) -> Tiers:
    """The tier constants for a query whose relevance is at most ``bound`` and that has
    ``code_clauses`` code clauses (each may add ``own`` and ``link`` once).

    Each gap is the bound plus a margin (1 and a relative 1e-4), so float32 rounding in
    Tantivy, about 6e-8 of the score, can never close it.
    """
    relevance = bound.weight * MAX_TERM_SCORE[backend]

    def above(highest: float) -> float:
        return highest * 1.0001 + 1.0

    link = above(relevance)
    own = above(link + relevance)
    exact = above(code_clauses * (own + link) + relevance)
    return Tiers(link=link, own=own, exact=exact)
