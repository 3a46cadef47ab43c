"""Permissions live in the query: a restricted record never leaks to a reader without a token."""

import pytest

from intranet.search import SearchQuery

from .conftest import record

SECRET = "bíchthủymậtkhẩu"  # a word found only in the restricted record
OUTSIDER = ["all", "unit:KKT", "role:staff", "user:7"]
INSIDER = ["all", "unit:KCNTT", "role:staff", "user:12"]


@pytest.fixture
def archive(backend):
    backend.index(
        [
            record(
                "evidence:1",
                f"Minh chứng {SECRET}",
                f"Chứng minh nhân dân {SECRET} số 0123",
                type="evidence",
                unit="KCNTT",
                year=2024,
                status="pending",
                kind="certificate",
                field="research",
                acl=["unit:KCNTT", "user:12"],
            ),
            record(
                "document:1",
                "Kế hoạch thi đua",
                "Kế hoạch thi đua năm 2024 của trường",
                unit="HCTC",
                year=2023,
                status="published",
                kind="KH",
                acl=["all"],
            ),
            record(
                "document:2",
                "Báo cáo thi đua",
                "Báo cáo thi đua của khoa kinh tế",
                unit="KKT",
                year=2023,
                status="published",
                kind="BC",
                acl=["unit:KKT"],
            ),
        ]
    )
    return backend


def _leaks(results) -> bool:
    text = repr(results).lower()
    return (
        SECRET in text
        or "evidence" in text
        or "pending" in text
        or "research" in text
        or "certificate" in text
        or 2024 in results.facets["year"]
    )


@pytest.mark.parametrize("text", [SECRET, "minh chứng", "chung minh nhan dan", "0123", ""])
def test_outsider_learns_nothing_of_the_restricted_record(archive, text):
    results = archive.search(SearchQuery(text=text or "-zzzz", reader=OUTSIDER))
    assert "evidence:1" not in [h.key for h in results.hits]
    assert not _leaks(results)


def test_outsider_totals_and_facets_count_only_visible_records(archive):
    results = archive.search(SearchQuery(text="thi đua", reader=OUTSIDER))
    assert results.total == 2
    assert results.facets["unit"] == {"HCTC": 1, "KKT": 1}
    assert results.facets["type"] == {"document": 2}
    public = archive.search(SearchQuery(text="thi đua", reader=["all"]))
    assert public.total == 1 and public.facets["unit"] == {"HCTC": 1}


def test_outsider_with_filters_sees_nothing_restricted(archive):
    results = archive.search(SearchQuery(text="", filters={"type": "evidence"}, reader=OUTSIDER))
    assert results.total == 0 and results.hits == [] and results.facets["type"] == {}


def test_empty_reader_sees_nothing(archive):
    results = archive.search(SearchQuery(text="thi đua", reader=[]))
    assert results.total == 0 and results.hits == []


def test_insider_finds_it_with_snippet_and_facets(archive):
    results = archive.search(SearchQuery(text=SECRET, reader=INSIDER))
    assert [h.key for h in results.hits] == ["evidence:1"]
    assert f"<mark>{SECRET}</mark>" in results.hits[0].snippet
    assert results.total == 1 and results.facets["status"] == {"pending": 1}


def test_reader_none_sees_everything(archive):
    assert archive.search(SearchQuery(text=SECRET, reader=None)).total == 1
    assert archive.search(SearchQuery(text="-zzzz")).total == 3


def test_a_new_acl_applies_to_the_next_search(archive):
    assert archive.search(SearchQuery(text=SECRET, reader=OUTSIDER)).total == 0
    archive.index([record("evidence:1", "Minh chứng", SECRET, acl=["unit:KKT"])])
    assert archive.search(SearchQuery(text=SECRET, reader=OUTSIDER)).total == 1
    assert archive.search(SearchQuery(text=SECRET, reader=INSIDER)).total == 0
