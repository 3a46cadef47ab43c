"""The Tantivy backend (Rust): tokenising, matching, scoring and faceting run outside Python.

Syllables are analysed by registered analyzers that mirror ``analysis``: ``vi_exact`` (lower
case) and ``vi_fold`` (lower case, ASCII folding, which maps đ → d). Query words go through the
same analyzers, so the index and the query always agree. The body fields (which also hold the
title, the codes and the linked codes) decide whether a record matches; title, code, link and
exact-diacritic fields only add to its score, and the tiers of ``ranking`` order it. Body
phrases are matched through folded syllable pairs (``analysis.bigrams``): a phrase of two
syllables exactly, a longer one as all its adjacent pairs, without reading positions in every
record.
"""

import contextlib
import os
import threading

import tantivy
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from .analysis import bigrams, code_forms, pair_text, syllables
from .base import (
    FACETS,
    MAX_WINDOW,
    Hit,
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

SCHEMA_VERSION = 3  # 2: the basis links ("link"); 3: the excerpt (body_f no longer stored)
EXCERPT_CHARS = 50_000  # the stored text snippets are cut from: about 15 pages of a PDF
WRITER_HEAP = 256_000_000  # bytes shared by the writer threads: fewer, larger segments
SMALL_HEAP, BULK = 32_000_000, 500  # a batch under BULK records gets a small heap, one thread
TEXT_FIELDS = {
    "title": "vi_exact",
    "title_f": "vi_fold",
    "body": "vi_exact",
    "body_f": "vi_fold",
    "body_bi": "vi_pair",
}
RAW_FIELDS = (
    *("key", "type", "kind", "unit", "field", "status", "url"),
    *("code", "link", "title_key", "acl"),
)


def _analyzer(folded: bool, tokenizer: Tokenizer | None = None) -> tantivy.TextAnalyzer:
    builder = TextAnalyzerBuilder(tokenizer or Tokenizer.simple()).filter(Filter.remove_long(80))
    if tokenizer is None:  # pairs arrive lower-cased from analysis.bigrams
        builder = builder.filter(Filter.lowercase())
    return (builder.filter(Filter.ascii_fold()) if folded else builder).build()


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in RAW_FIELDS:
        stored = name not in ("code", "link", "title_key", "acl")
        fast = name in FACETS or name == "key"
        sb.add_text_field(name, stored=stored, fast=fast, tokenizer_name="raw")
    for name, analyzer in TEXT_FIELDS.items():
        # Only the title is stored (title_f); snippets come from the excerpt.
        # Body phrases use the pair field, so body fields keep no positions (smaller, faster);
        # the pair field keeps no frequencies either: it only says whether a pair is present.
        option = {"body_bi": "basic"}.get(name, "freq" if name.startswith("body") else "position")
        sb.add_text_field(
            name, stored=name == "title_f", tokenizer_name=analyzer, index_option=option
        )
    # The start of the text, stored only (UTF-8): a hit reads and scans at most this much for
    # its snippet, however long the file (a 500-page PDF's 2 MB would cost 40 ms a hit).
    sb.add_bytes_field("excerpt", stored=True, indexed=False)
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    sb.add_integer_field("date_ord", stored=True, indexed=True, fast=True)
    return sb.build()


class TantivyBackend:
    """An index in ``folder/tantivy-v1``; one writer at a time, readers reload on new commits."""

    name = "tantivy"

    def __init__(self, folder: str, writer_heap: int = WRITER_HEAP) -> None:
        self.path = os.path.join(folder, f"tantivy-v{SCHEMA_VERSION}")
        self.writer_heap = writer_heap
        self._lock = threading.Lock()
        self._exact, self._fold = _analyzer(False), _analyzer(True)
        self._pair = _analyzer(True, Tokenizer.whitespace())  # "điển_hình" -> "dien_hinh"
        self._schema = _schema()
        try:
            os.makedirs(self.path, exist_ok=True)
            self._index = tantivy.Index(self._schema, path=self.path, reuse=True)
            self._index.register_tokenizer("vi_exact", self._exact)
            self._index.register_tokenizer("vi_fold", self._fold)
            self._index.register_tokenizer("vi_pair", self._pair)
            self._index.config_reader(reload_policy="manual")
        except (OSError, ValueError) as exc:
            raise IndexUnavailable(f"cannot open the search index in {self.path}: {exc}") from exc
        self._seen = self._meta_stamp()

    # -- upkeep ---------------------------------------------------------------------------

    def _meta_stamp(self) -> tuple[int, int, int]:
        """Identity of meta.json, which every commit (of any process) replaces."""
        try:
            st = os.stat(os.path.join(self.path, "meta.json"))
        except OSError as exc:
            raise IndexUnavailable(f"the search index in {self.path} is gone: {exc}") from exc
        return st.st_ino, st.st_mtime_ns, st.st_size

    def _searcher(self) -> tantivy.Searcher:
        """A searcher on the latest commit, reloading only when meta.json changed."""
        stamp = self._meta_stamp()
        with self._lock:
            if stamp != self._seen:
                try:
                    self._index.reload()
                except ValueError as exc:
                    raise IndexUnavailable(f"cannot reload the search index: {exc}") from exc
                self._seen = stamp
            return self._index.searcher()

    def _write(self, work, bulk: bool = False) -> None:
        """Run ``work(writer)`` in one commit; the writer (and its lock) lives only for it.

        Holding no writer between calls lets another process (``search reindex``) write, and
        a small change (the worker's usual one) gets a small heap and one thread.
        """
        self._meta_stamp()
        heap, threads = (self.writer_heap, 2) if bulk else (SMALL_HEAP, 1)
        try:
            writer = self._index.writer(heap, min(os.cpu_count() or 1, threads))
        except ValueError as exc:
            raise IndexUnavailable(f"the search index is locked or read-only: {exc}") from exc
        try:
            work(writer)
            writer.commit()
        except (OSError, ValueError) as exc:
            raise IndexUnavailable(f"cannot write the search index: {exc}") from exc
        finally:
            # Wait for merges and release the lock; an uncommitted batch is dropped. An error
            # here adds nothing to the one raised above.
            with contextlib.suppress(OSError, ValueError):
                writer.wait_merging_threads()
        self._searcher()

    def _document(self, record: IndexRecord) -> tantivy.Document:
        p = prepare(record)
        doc = tantivy.Document()
        for name in ("key", "type", "url", "kind", "unit", "field", "status"):
            value = getattr(p, name)
            if value:
                doc.add_text(name, value)
        for name, values in (("code", p.codes), ("link", p.links), ("acl", p.acl)):
            for value in values:
                doc.add_text(name, value)
        if p.title_key:
            doc.add_text("title_key", p.title_key)
        doc.add_text("title", p.title)
        doc.add_text("title_f", p.title)
        # The body fields also hold the title, the codes and the linked codes, so that one body
        # field decides whether a record matches (a cheap lookup); the title and code fields
        # only rank. The engine folds; Python cuts the pairs of syllables (Tantivy's Python
        # binding has no shingle filter, and a regex pass to let its tokenizer cut them cost
        # more in Python and in the engine together than the pairs themselves).
        pairs = []
        for text in (p.body, p.title, *p.code_names, *p.links):
            if text:
                doc.add_text("body", text)
                doc.add_text("body_f", text)
                pairs.append(pair_text(text))
        doc.add_text("body_bi", " ".join(filter(None, pairs)))
        doc.add_bytes("excerpt", (p.body or p.title)[:EXCERPT_CHARS].encode())
        if p.year is not None:
            doc.add_integer("year", p.year)
        doc.add_integer("date_ord", p.date_ord)
        return doc

    def apply(self, records: list[IndexRecord], gone: list[str]) -> None:
        """Add or replace ``records`` by key and remove the keys ``gone``, in one commit."""

        def work(writer: tantivy.IndexWriter) -> None:
            # Documents are built while the writer's threads index the previous ones.
            for record in records:
                writer.delete_documents_by_term("key", str(record.key))
                writer.add_document(self._document(record))
            for key in gone:
                writer.delete_documents_by_term("key", str(key))

        if records or gone:
            self._write(work, bulk=len(records) >= BULK)

    def index(self, records: list[IndexRecord]) -> None:
        """Add or replace these records by key, in one commit."""
        self.apply(records, [])

    def delete(self, keys: list[str]) -> None:
        """Remove these keys, in one commit."""
        self.apply([], keys)

    def clear(self) -> None:
        """Remove every record."""
        self._write(lambda w: w.delete_all_documents())

    def keys(self) -> set[str]:
        """Every live key, read from the term dictionary filtered by live documents."""
        searcher = self._searcher()
        return {term for term, _ in searcher.terms_with_prefix("key", "", Query.all_query())}

    def close(self) -> None:
        """Drop the index handle; the writer is never kept open between writes."""
        self._index = None  # type: ignore[assignment]

    # -- queries --------------------------------------------------------------------------

    def _words(self, words: tuple[str, ...], folded: bool) -> list[str]:
        analyzer = self._fold if folded else self._exact
        return [t for w in words for t in analyzer.analyze(w)]

    def _match(self, field: str, words: list[str]) -> Query | None:
        if not words:
            return None
        if len(words) == 1:
            return Query.term_query(self._schema, field, words[0])
        return Query.phrase_query(self._schema, field, words)

    def _pairs(self, words: tuple[str, ...] | list[str]) -> tuple[Query | None, int]:
        """The folded body match of some words: a term, or every adjacent pair (bigram terms)."""
        pairs = bigrams(" ".join(words))
        if not pairs:
            terms = self._words(tuple(words), folded=True)
            return self._match("body_f", terms), len(terms)
        folded = dict.fromkeys(t for p in pairs for t in self._pair.analyze(p))
        terms = [Query.term_query(self._schema, "body_bi", p) for p in folded]
        return Query.boolean_query([(Occur.Must, q) for q in terms]), len(terms)

    def _body(self, clause: Clause) -> tuple[Query | None, int]:
        """The folded body match and its number of terms; a code in any written form."""
        forms = code_forms(clause.code) if clause.kind == "code" and clause.code else []
        if len(forms) < 2:
            return self._pairs(clause.words)
        matches = [self._pairs(syllables(form)) for form in forms]
        should = [(Occur.Should, q) for q, _ in matches if q is not None]
        return Query.boolean_query(should), sum(n for _, n in matches)

    def _codes(self, field: str, clause: Clause) -> Query:
        """The clause's whole code, in every written form, in the ``code`` or ``link`` field."""
        terms = [Query.term_query(self._schema, field, f) for f in code_forms(clause.code or "")]
        return Query.boolean_query([(Occur.Should, q) for q in terms])

    def _clause(self, clause: Clause, exact: bool, bound: Bound | None = None) -> Query | None:
        """The body match decides; title, code, link and (with ``exact``) exact twins add to
        the score, each counted in ``bound``. Without ``bound``: the match alone, unscored."""
        body, terms = self._body(clause)
        if body is None or bound is None:
            return body
        bound.add(1.0, terms)
        folded = self._words(clause.words, folded=True)
        boosts = [(self._match("title_f", folded), bound.add(TITLE_BOOST, len(folded)))]
        if clause.kind == "code" and clause.code:
            forms = len(code_forms(clause.code))
            boosts.append((self._codes("code", clause), bound.add(CODE_BOOST, forms)))
            boosts.append((self._codes("link", clause), bound.add(LINK_BOOST, forms)))
        elif len(folded) == 1:
            code = Query.term_query(self._schema, "code", folded[0])
            boosts.append((code, bound.add(TITLE_BOOST)))
        if exact:
            words = self._words(clause.words, folded=False)
            for w in words:
                boosts.append((Query.term_query(self._schema, "body", w), bound.add(EXACT_BOOST)))
            title = self._match("title", words)
            boosts.append((title, bound.add(TITLE_BOOST * EXACT_BOOST, len(words))))
        should = [(Occur.Should, Query.boost_query(q, b)) for q, b in boosts if q]
        return Query.boolean_query([(Occur.Must, body), *should])

    def _tiers(self, plan: Plan, bound: Bound) -> list[tuple[Occur, Query]]:
        """Constant scores that put the tiers above relevance (see ``ranking``)."""
        codes = [c for c in plan.parsed.positive if c.kind == "code" and c.code]
        subs = []
        whole = plan.parsed.whole_title
        if whole:  # a relevance part, counted in the bound before the tiers are set
            title = Query.term_query(self._schema, "title_key", whole)
            subs.append(Query.boost_query(title, bound.add(WHOLE_TITLE_BOOST)))
        levels = tiers(bound, self.name, len(codes))
        for clause in codes:
            subs.append(Query.const_score_query(self._codes("code", clause), levels.own))
            subs.append(Query.const_score_query(self._codes("link", clause), levels.link))
        words = dict.fromkeys(
            w for c in plan.parsed.exact_clauses for w in self._words(c.words, folded=False)
        )
        if words:
            every = [(Occur.Must, Query.term_query(self._schema, "body", w)) for w in words]
            subs.append(Query.const_score_query(Query.boolean_query(every), levels.exact))
        return [(Occur.Should, q) for q in subs]

    def _filter(self, plan: Plan) -> Query | None:
        subs = []
        for name, values in plan.filters.items():
            subs.append(Query.term_set_query(self._schema, name, values))
        if plan.date_from is not None or plan.date_to is not None:
            subs.append(
                Query.range_query(
                    self._schema,
                    "date_ord",
                    tantivy.FieldType.Integer,
                    plan.date_from or 1,
                    plan.date_to or 10**7,
                )
            )
        if plan.reader is not None:
            subs.append(Query.term_set_query(self._schema, "acl", plan.reader))
        if not subs:
            return None
        # Constant zero score: filters decide what matches, never the order.
        return Query.const_score_query(Query.boolean_query([(Occur.Must, q) for q in subs]), 0.0)

    def _query(self, plan: Plan, scoring: bool = True) -> Query:
        """The whole search as one query; without ``scoring``, the same documents, cheaper.

        Title, code, link, exact-diacritic clauses and the tiers only add to the score of
        documents that the body fields match anyway, so counting, faceting and sorting by date
        leave them out.
        """
        exact = plan.parsed.accented
        bound = Bound() if scoring else None
        subs = []
        for clause in plan.parsed.positive:
            q = self._clause(clause, exact, bound)
            subs.append((Occur.Must, q if q else Query.empty_query()))
        if not subs:
            subs.append((Occur.Must, Query.all_query()))
        elif bound is not None:
            subs += self._tiers(plan, bound)
        for clause in plan.parsed.negative:
            q = self._clause(clause, exact=False)
            if q:
                subs.append((Occur.MustNot, q))
        filt = self._filter(plan)
        if filt:
            subs.append((Occur.Must, filt))
        return Query.boolean_query(subs)

    def search(self, q: SearchQuery) -> SearchResults:
        """Run one search; the reader's ACL is part of the query behind every figure."""
        plan = make_plan(q)
        if plan.parsed.empty and not plan.has_filters:
            return empty_results(plan)
        if plan.reader == []:
            return finish(plan, 0, [], {})
        searcher = self._searcher()
        matching = self._query(plan, scoring=False)
        limit = min(plan.per_page, MAX_WINDOW - plan.offset)
        ranked = matching if plan.sort == "date" or plan.match_all else self._query(plan)
        order = (
            {"order_by_field": "date_ord", "order": tantivy.Order.Desc}
            if ranked is matching
            else {}
        )
        # Without facets (suggestions) the total is counted in the same pass as the page.
        found = searcher.search(ranked, limit, count=not q.facets, offset=plan.offset, **order)
        if not q.facets:
            return finish(plan, found.count, self._hits(plan, searcher, found.hits), {})
        # One pass counts and facets the matching documents: every record has a type, so the
        # type buckets add up to the total.
        aggs = {name: {"terms": {"field": name, "size": 500}} for name in FACETS}
        counted = searcher.aggregate(matching, aggs)
        facets = {
            name: {b["key"]: b["doc_count"] for b in counted[name]["buckets"]} for name in FACETS
        }
        total = sum(facets["type"].values()) + int(counted["type"].get("sum_other_doc_count", 0))
        return finish(plan, total, self._hits(plan, searcher, found.hits), facets)

    @staticmethod
    def _hits(plan: Plan, searcher: tantivy.Searcher, found: list) -> list[Hit]:
        highlighter = Highlighter.for_query(plan.parsed)
        hits = []
        for score, address in found:
            stored = searcher.doc(address).to_dict()
            excerpt = (stored.get("excerpt") or [b""])[0]
            stored["body_f"] = [bytes(excerpt).decode("utf-8", "replace")]
            hits.append(
                make_hit(lambda name, s=stored: (s.get(name) or [None])[0], score, highlighter)
            )
        return hits
