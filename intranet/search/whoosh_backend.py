"""The Whoosh backend (pure Python): the card's choice, slower than Tantivy but dependency-free.

Syllables come from ``analysis`` through a Whoosh tokenizer, so both fields (exact and
folded) split text exactly as the query parser does.
"""

import os
import threading

from whoosh import fields, index, sorting, writing
from whoosh import query as wq
from whoosh.analysis import Filter, IDTokenizer, LowercaseFilter, RegexTokenizer
from whoosh.index import LockError

from .analysis import MAX_SYLLABLE, SYLLABLE_RE, code_forms, fold, syllables
from .base import (
    FACETS,
    IndexRecord,
    IndexUnavailable,
    SearchQuery,
    SearchResults,
    prepare,
)
from .plan import Plan, make_plan
from .query import Clause
from .ranking import (
    CODE_BOOST,
    EXACT_BOOST,
    LINK_BOOST,
    TITLE_BOOST,
    WHOLE_TITLE_BOOST,
    Bound,
    tiers,
)
from .results import empty_results, finish, make_hit
from .snippets import Highlighter

SCHEMA_VERSION = 2  # 2: the basis links ("link")
WRITE_TIMEOUT = 5.0  # seconds to wait for another writer before reporting the index locked


class SyllableFilter(Filter):
    """Drops noise-long tokens and, for the folded field, removes diacritics (đ → d)."""

    def __init__(self, folded: bool = False) -> None:
        self.folded = folded

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SyllableFilter) and other.folded == self.folded

    def __hash__(self) -> int:
        return hash(self.folded)

    def __call__(self, tokens):
        for token in tokens:
            if len(token.text) <= MAX_SYLLABLE:
                if self.folded:
                    token.text = fold(token.text)
                yield token


def _analyzer(folded: bool):
    return RegexTokenizer(SYLLABLE_RE.pattern) | LowercaseFilter() | SyllableFilter(folded)


def _schema() -> fields.Schema:
    exact, folded = _analyzer(False), _analyzer(True)
    facet = {name: fields.ID(stored=True, sortable=True) for name in FACETS}
    return fields.Schema(
        key=fields.ID(stored=True, unique=True, sortable=True),
        url=fields.STORED(),
        title=fields.TEXT(analyzer=exact),
        title_f=fields.TEXT(analyzer=folded, stored=True),
        body=fields.TEXT(analyzer=exact),
        body_f=fields.TEXT(analyzer=folded, stored=True),
        code=fields.KEYWORD(),
        link=fields.KEYWORD(),
        title_key=fields.TEXT(analyzer=IDTokenizer(), phrase=False),  # scored, one term
        acl=fields.KEYWORD(),
        date_ord=fields.NUMERIC(int, bits=32, stored=True, sortable=True),
        **facet,
    )


class WhooshBackend:
    """An index in ``folder/whoosh-v1``; one writer at a time, the searcher refreshed per search."""

    name = "whoosh"

    def __init__(self, folder: str) -> None:
        self.path = os.path.join(folder, f"whoosh-v{SCHEMA_VERSION}")
        self._lock = threading.Lock()
        self._searcher_obj = None
        self._generation = -1
        try:
            os.makedirs(self.path, exist_ok=True)
            if index.exists_in(self.path):
                self._ix = index.open_dir(self.path)
            else:
                self._ix = index.create_in(self.path, _schema())
        except Exception as exc:  # Whoosh raises many kinds (OSError, pickle, its own)
            raise IndexUnavailable(f"cannot open the search index in {self.path}: {exc}") from exc

    # -- upkeep ---------------------------------------------------------------------------

    def _check(self) -> None:
        if not index.exists_in(self.path):
            raise IndexUnavailable(f"the search index in {self.path} is gone")

    def _searcher(self):
        """The searcher on the latest commit (refresh is cheap when nothing changed)."""
        self._check()
        try:
            # Whoosh's own refresh() misses commits that only delete: compare generations.
            generation = self._ix.latest_generation()
            if self._searcher_obj is None or generation != self._generation:
                if self._searcher_obj is not None:
                    self._searcher_obj.close()
                self._searcher_obj = self._ix.searcher()
                self._generation = generation
        except Exception as exc:
            self._searcher_obj = None
            raise IndexUnavailable(f"cannot read the search index: {exc}") from exc
        return self._searcher_obj

    def _write(self, work, mergetype=None) -> None:
        """Run ``work(writer)`` in one commit; a busy lock or broken folder is IndexUnavailable."""
        self._check()
        try:
            writer = self._ix.writer(timeout=WRITE_TIMEOUT)
        except LockError as exc:
            raise IndexUnavailable("the search index is locked by another writer") from exc
        except OSError as exc:
            raise IndexUnavailable(f"cannot write the search index: {exc}") from exc
        try:
            if work is not None:
                work(writer)
            writer.commit(mergetype=mergetype) if mergetype else writer.commit()
        except OSError as exc:
            writer.cancel()
            raise IndexUnavailable(f"cannot write the search index: {exc}") from exc
        except BaseException:
            writer.cancel()
            raise

    @staticmethod
    def _fields(record: IndexRecord) -> dict:
        p = prepare(record)
        doc = {
            "key": p.key,
            "url": p.url,
            "title": p.title,
            "title_f": p.title,
            "body": p.body,
            "body_f": p.body,
            "code": " ".join(p.codes),
            "link": " ".join(p.links),
            "title_key": p.title_key,
            "acl": " ".join(p.acl),
            "date_ord": p.date_ord,
        }
        for name in FACETS:
            value = getattr(p, name)
            if value is not None:
                doc[name] = str(value)
        return doc

    def apply(self, records: list[IndexRecord], gone: list[str]) -> None:
        """Add or replace ``records`` by key and remove the keys ``gone``, in one commit."""
        docs = [self._fields(r) for r in records]

        def work(writer) -> None:
            for doc in docs:
                writer.update_document(**doc)
            for key in gone:
                writer.delete_by_term("key", str(key))

        if docs or gone:
            self._write(work)
        if docs:
            with self._lock:
                self._searcher()

    def index(self, records: list[IndexRecord]) -> None:
        """Add or replace these records by key, in one commit."""
        self.apply(records, [])

    def delete(self, keys: list[str]) -> None:
        """Remove these keys, in one commit."""
        self.apply([], keys)

    def clear(self) -> None:
        """Remove every record."""
        self._write(None, mergetype=writing.CLEAR)

    def keys(self) -> set[str]:
        """Every live key, read from the key column (deleted documents skipped)."""
        with self._lock:
            reader = self._searcher().reader()
            if reader.doc_count() == 0:  # an empty index has no column to read
                return set()
            column = reader.column_reader("key")
            return {column[docnum] for docnum in reader.all_doc_ids()}

    def close(self) -> None:
        """Close the searcher and the index."""
        with self._lock:
            if self._searcher_obj is not None:
                self._searcher_obj.close()
                self._searcher_obj = None
            self._ix.close()

    # -- queries --------------------------------------------------------------------------

    @staticmethod
    def _match(field: str, words: list[str], boost: float):
        if not words:
            return None
        if len(words) == 1:
            return wq.Term(field, words[0], boost=boost)
        return wq.Phrase(field, words, boost=boost)

    @staticmethod
    def _codes(field: str, clause: Clause, boost: float = 1.0):
        """The clause's whole code, in every written form, in the ``code`` or ``link`` field."""
        return wq.Or([wq.Term(field, f, boost=boost) for f in code_forms(clause.code or "")])

    def _clause(self, clause: Clause, exact: bool, bound: Bound | None = None):
        """Folded body, title, code and link matches, plus (with ``exact``) the exact twins;
        each scored part is counted in ``bound``."""
        bound = bound or Bound()
        folded = [fold(w) for w in clause.words]
        parts = [
            self._match("body_f", folded, bound.add(1.0, len(folded))),
            self._match("title_f", folded, bound.add(TITLE_BOOST, len(folded))),
        ]
        if clause.kind == "code" and clause.code:
            forms = code_forms(clause.code)
            for form in forms[1:]:  # a citation written the other way ("5/KH-KKT")
                words = syllables(form)
                parts.append(self._match("body_f", words, bound.add(1.0, len(words))))
            parts.append(self._codes("code", clause, bound.add(CODE_BOOST, len(forms))))
            parts.append(self._codes("link", clause, bound.add(LINK_BOOST, len(forms))))
        elif len(folded) == 1:
            parts.append(wq.Term("code", folded[0], boost=bound.add(TITLE_BOOST)))
        if exact:
            words = list(clause.words)
            parts.append(self._match("body", words, bound.add(EXACT_BOOST, len(words))))
            title_boost = bound.add(TITLE_BOOST * EXACT_BOOST, len(words))
            parts.append(self._match("title", words, title_boost))
        return wq.Or([p for p in parts if p is not None])

    def _tiers(self, plan: Plan, bound: Bound):
        """Constant scores that put the tiers above relevance (see ``ranking``), or None."""
        codes = [c for c in plan.parsed.positive if c.kind == "code" and c.code]
        subs = []
        whole = plan.parsed.whole_title
        if whole:  # a relevance part, counted in the bound before the tiers are set
            subs.append(wq.Term("title_key", whole, boost=bound.add(WHOLE_TITLE_BOOST)))
        levels = tiers(bound, self.name, len(codes))
        for clause in codes:
            subs.append(wq.ConstantScoreQuery(self._codes("code", clause), levels.own))
            subs.append(wq.ConstantScoreQuery(self._codes("link", clause), levels.link))
        words = dict.fromkeys(w for c in plan.parsed.exact_clauses for w in c.words)
        if words:
            every = wq.And([wq.Or([wq.Term("body", w), wq.Term("title", w)]) for w in words])
            subs.append(wq.ConstantScoreQuery(every, levels.exact))
        return wq.Or(subs) if subs else None

    @staticmethod
    def _filter(plan: Plan):
        subs = [
            wq.Or([wq.Term(name, str(v)) for v in values]) for name, values in plan.filters.items()
        ]
        if plan.date_from is not None or plan.date_to is not None:
            subs.append(wq.NumericRange("date_ord", plan.date_from or 1, plan.date_to or 10**7))
        if plan.reader is not None:
            subs.append(wq.Or([wq.Term("acl", token) for token in plan.reader]))
        return wq.And(subs) if subs else None

    def _query(self, plan: Plan):
        exact = plan.parsed.accented
        bound = Bound()
        positive = [self._clause(c, exact, bound) for c in plan.parsed.positive]
        query = wq.And(positive) if positive else wq.Every()
        ranked = self._tiers(plan, bound) if positive else None
        if ranked is not None:
            query = wq.AndMaybe(query, ranked)
        negative = [self._clause(c, exact=False) for c in plan.parsed.negative]
        if negative:
            query = wq.AndNot(query, wq.Or(negative))
        filt = self._filter(plan)
        # Require: the filter (and the reader's ACL) decides what matches, never the score.
        return wq.Require(query, filt) if filt is not None else query

    def search(self, q: SearchQuery) -> SearchResults:
        """Run one search; the reader's ACL is part of the query behind every figure."""
        plan = make_plan(q)
        if plan.parsed.empty and not plan.has_filters:
            return empty_results(plan)
        if plan.reader == []:
            return finish(plan, 0, [], {})
        groups = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACETS}
        groups = groups if q.facets else None
        sortedby = None
        if plan.sort == "date" or plan.match_all:
            sortedby = sorting.FieldFacet("date_ord", reverse=True)
        with self._lock:
            searcher = self._searcher()
            results = searcher.search(
                self._query(plan),
                limit=plan.offset + plan.per_page,
                groupedby=groups,
                sortedby=sortedby,
            )
            facets = {name: results.groups(name) for name in FACETS} if groups else {}
            if groups:
                facets["year"] = {int(k): v for k, v in facets["year"].items() if k}
            highlighter = Highlighter.for_query(plan.parsed)
            page = results[plan.offset : plan.offset + plan.per_page]
            hits = [make_hit(hit.fields().get, hit.score, highlighter) for hit in page]
            total = len(results)
        return finish(plan, total, hits, facets)
