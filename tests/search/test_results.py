"""Filters, facets, sorting, paging and snippets on both backends."""

import datetime

from intranet.search import FACETS, SearchQuery

from .conftest import keys, record


def _many(backend, count=25):
    backend.index(
        [
            record(
                f"document:{i}",
                f"Quyết định khen thưởng số {i}",
                f"khen thưởng đợt {i}",
                kind="QD" if i % 2 else "KH",
                year=2020 + i % 3,
                unit=("KCNTT", "KKT")[i % 2],
                status="published",
                date=datetime.date(2023, 1, 1) + datetime.timedelta(days=i),
            )
            for i in range(1, count + 1)
        ]
    )


def test_filters_by_value_and_list(backend):
    _many(backend)
    one = backend.search(SearchQuery(text="khen thưởng", filters={"year": 2021}, per_page=50))
    assert one.total == len(one.hits) == 9
    assert all(h.year == 2021 for h in one.hits)
    both = backend.search(SearchQuery(text="khen", filters={"year": ["2021", 2022], "kind": "QD"}))
    assert both.total == sum(1 for i in range(1, 26) if i % 3 in (1, 2) and i % 2)


def test_filter_by_type_unit_field_status(plan):
    assert keys(plan, "", filters={"type": "exemplar"}) == ["exemplar:5"]
    assert keys(plan, "giảng viên", filters={"field": "teaching", "status": "recognised"}) == [
        "exemplar:5"
    ]
    assert keys(plan, "giảng viên", filters={"unit": "KKT"}) == []


def test_date_range(backend):
    _many(backend)
    results = backend.search(
        SearchQuery(
            text="khen", filters={"date_from": datetime.date(2023, 1, 5), "date_to": "2023-01-07"}
        )
    )
    assert {h.key for h in results.hits} == {"document:4", "document:5", "document:6"}


def test_facet_counts_cover_all_results_not_the_page(backend):
    _many(backend)
    results = backend.search(SearchQuery(text="khen thưởng", per_page=5))
    assert results.total == 25 and len(results.hits) == 5
    assert set(results.facets) == set(FACETS)
    assert results.facets["unit"] == {"KCNTT": 12, "KKT": 13}
    assert results.facets["year"] == {2020: 8, 2021: 9, 2022: 8}
    assert results.facets["type"] == {"document": 25}
    assert results.facets["field"] == {}


def test_facets_follow_the_filters(backend):
    _many(backend)
    results = backend.search(SearchQuery(text="khen", filters={"unit": "KKT"}))
    assert results.facets["unit"] == {"KKT": 13}


def test_sort_by_date_newest_first(backend):
    _many(backend, 10)
    found = keys(backend, "khen thưởng", sort="date")
    assert found == [f"document:{i}" for i in range(10, 0, -1)]


def test_pagination_walks_every_hit_once(backend):
    _many(backend)
    seen = []
    for page in range(1, 5):
        results = backend.search(SearchQuery(text="khen", page=page, per_page=7, sort="date"))
        assert results.page == page and results.total == 25
        seen += [h.key for h in results.hits]
    assert len(seen) == len(set(seen)) == 25


def test_page_past_the_end_is_empty(backend):
    _many(backend, 3)
    results = backend.search(SearchQuery(text="khen", page=99))
    assert results.total == 3 and results.hits == []


def test_nonsense_paging_and_filters_are_tolerated(backend):
    _many(backend, 3)
    q = SearchQuery(
        text="khen",
        page="x",
        per_page=-4,
        sort="sideways",
        filters={"year": "abc", "unit": None, "date_from": "not a date", "zzz": 1},
    )
    assert backend.search(q).total == 3


def test_empty_query_gives_a_message(backend):
    _many(backend, 3)
    results = backend.search(SearchQuery(text="   "))
    assert results.total == 0 and results.hits == [] and results.message


def test_empty_text_with_filters_lists_newest_first(backend):
    _many(backend, 6)
    assert keys(backend, "", filters={"unit": "KKT"}) == ["document:5", "document:3", "document:1"]


def test_hit_carries_what_the_page_shows(plan):
    hit = plan.search(SearchQuery(text="36/KH-CĐBP")).hits[0]
    assert hit.key == "document:36" and hit.type == "document" and hit.url == "/document/36"
    assert hit.title == "Kế hoạch tuyên truyền gương điển hình tiên tiến"
    assert (hit.kind, hit.year, hit.unit, hit.status) == ("KH", 2023, "HCTC", "published")
    assert hit.date == datetime.date(2023, 4, 21) and hit.score > 0


def test_snippet_highlights_matches_with_and_without_diacritics(plan):
    hit = plan.search(SearchQuery(text="nguyen bich lien")).hits[0]
    assert "<mark>Nguyễn</mark> <mark>Bích</mark> <mark>Liên</mark>" in hit.snippet


def test_snippet_is_escaped(backend):
    backend.index(
        [
            record(
                "file:1",
                "<script>alert('t')</script>",
                'xin chào <script>alert("x")</script> & <b>đậm</b> chào',
            )
        ]
    )
    results = backend.search(SearchQuery(text="chào"))
    snippet = results.hits[0].snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;" in snippet
    assert snippet.count("<mark>") == 2 and "<mark>chào</mark>" in snippet
    assert results.hits[0].title == "<script>alert('t')</script>"  # plain text for the template


def test_snippet_without_body_match_shows_the_start(plan):
    hit = plan.search(SearchQuery(text="Nguyễn Văn An")).hits[0]
    assert hit.key == "exemplar:5"
    assert hit.snippet.startswith("Giảng viên") and "<mark>" not in hit.snippet
