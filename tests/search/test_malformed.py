"""Any query text gives results or a clear message on both backends, never an exception."""

import pytest

from intranet.search import SearchQuery

from .conftest import record
from .test_query import NASTY


@pytest.fixture
def filled(backend):
    backend.index(
        [
            record(
                "document:1",
                "Kế hoạch 36/KH-CĐBP",
                "điển hình tiên tiến AND OR NOT a b c",
                codes=["36/KH-CĐBP"],
                year=2023,
            ),
            record("file:2", "title", "x " * 50 + "script alert 1 drop table", acl=["unit:1"]),
        ]
    )
    return backend


@pytest.mark.parametrize("text", NASTY)
def test_nasty_text_never_raises(filled, text):
    results = filled.search(SearchQuery(text=text, reader=["all"]))
    assert results.total >= 0 and not results.degraded
    assert results.total > 0 or results.hits == []
    if results.total == 0 and not results.hits:
        assert results.message is None or isinstance(results.message, str)


@pytest.mark.parametrize("text", ["", "   ", "-", '"', "( ) * ?", "\x00\x01"])
def test_nothing_searchable_says_empty_query(filled, text):
    results = filled.search(SearchQuery(text=text))
    assert results.total == 0 and results.message


def test_very_long_query_still_searches_and_says_shortened(filled):
    results = filled.search(SearchQuery(text="điển hình " + "x" * 10_000))
    assert results.message and "shortened" in results.message
