"""Any query text, and any page argument, gives the page with results or a clear Vietnamese
message: never a server error."""

from urllib.parse import quote

import pytest

from tests.indexing.conftest import read_search_page, run_worker, sample, search_page

# What people paste, what a query syntax would choke on, and what a prober sends.
NASTY = [
    '"',
    '"điển hình',
    'điển hình"',
    'điển" hình"',
    '"""',
    "-",
    "--",
    "- -",
    '-"',
    '-""',
    "-điển",
    '-"điển hình"',
    "a" * 5000,
    "điển hình " * 500,
    "x\x00y",
    "\x00",
    "\x1b[31mđiển\x1b[0m",
    "\x07\x08\x0b\x0c",
    "\t\n\r",
    "\u200b\u200e\u202e",
    "\ufeff",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "điển AND OR NOT hình",
    "NOT điển",
    "*",
    "?",
    "~",
    "^",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "/",
    "AND OR NOT * ? ~ ^ : ( ) [ ] { } \\ /",
    "*:*",
    "title:điển",
    "key:document:1",
    "acl:all",
    "điển~2",
    "điển^5",
    "điển* hình?",
    "(((điển",
    "[1 TO 9]",
    "{a TO z}",
    "/.*/",
    "36/",
    "/KH-",
    "///",
    "36//KH--CĐBP",
    "'; DROP TABLE document; --",
    "<script>alert(1)</script>",
    "%00%ff",
    "\U0001f600 điển hình \U0001f4c4",
    "ﬁ ＦＵＬＬ ｗｉｄｔｈ",
    "điển" * 1000,
]
EMPTY_MESSAGE = "Nhập từ khoá, cụm từ trong ngoặc kép hoặc số văn bản để tìm."
SHORTENED = "Câu tìm kiếm quá dài nên đã được rút gọn."


@pytest.fixture
def archive(app, make_document):
    make_document(
        "36/KH-CĐBP",
        publish=True,
        attachments=[("ke-hoach.txt", sample("ke-hoach-36-KH-CDBP.txt"))],
    )
    run_worker(app)


def assert_answered(page, text=""):
    """200 with a result count, or a message the reader can act on; never the error page."""
    assert page.status == 200, (text[:40], page.status)
    assert "Lỗi hệ thống" not in page.html
    assert page.total is not None or page.alerts, text[:40]
    for alert in page.alerts:
        assert alert in (EMPTY_MESSAGE, SHORTENED), alert


@pytest.mark.parametrize("who", ["staff", "inspector"])
def test_malformed_queries_never_fail(backend, archive, login_as, who):
    assert len(NASTY) >= 20
    client = login_as(who)
    for text in NASTY:
        assert_answered(search_page(client, text), text)


def test_empty_and_operator_only_queries_say_what_to_type(backend, archive, login_as):
    client = login_as("staff")
    for text in ('"', "-", "- -", "AND OR NOT", "*", "( ) [ ] { }", "\u200b", "   "):
        page = search_page(client, text)
        assert page.alerts == [EMPTY_MESSAGE], text
        assert page.hits == []


def test_a_very_long_query_is_shortened_and_still_answers(backend, archive, login_as):
    page = search_page(login_as("staff"), "điển hình " * 500)  # 5,000 characters
    assert SHORTENED in page.alerts
    assert page.total == 2  # the plan and its file


def test_an_unbalanced_quote_is_read_as_far_as_it_goes(backend, archive, login_as):
    page = search_page(login_as("staff"), '"điển hình tiên tiến')
    assert page.total == 2
    assert page.alerts == []


def test_control_characters_do_not_break_the_page_or_its_words(backend, archive, login_as):
    page = search_page(login_as("staff"), "\x1bđiển\x00hình\x07")
    assert_answered(page)
    assert page.total == 2  # the plan and its file: the control characters separate words
    assert "\x00" not in page.html and "\x1b" not in page.html and "\x07" not in page.html


def test_bytes_that_are_not_utf8(backend, archive, login_as):
    client = login_as("staff")
    for raw in ("%ff%fe", "%ed%a0%80", "%c3", "%e1%bb", "%00"):
        response = client.get(f"/search/?q={raw}")
        assert_answered(read_search_page(response), raw)


# Page arguments a prober or an old bookmark may send: filters, pages, dates and names that
# url_for() would read as its own ("endpoint", "_external", "_scheme", "fmt").
ODD_ARGUMENTS = [
    {"year": "²"},
    {"year": "٢٠٢٣"},
    {"year": "9" * 100},
    {"year": "-1"},
    {"year": "2023.0"},
    {"page": "²"},
    {"page": "0"},
    {"page": "-3"},
    {"page": "99999"},
    {"page": "9" * 50},
    {"page": "1e3"},
    {"sort": "date; DROP"},
    {"date_from": "2023-13-45"},
    {"date_from": "9999-12-31", "date_to": "0001-01-01"},
    {"date_to": "x" * 1000},
    {"type": "\x00"},
    {"kind": "("},
    {"unit": "*"},
    {"status": '"'},
    {"field": "a" * 5000},
    {"fmt": "csv"},
    {"endpoint": "main.index"},
    {"_external": "1"},
    {"_external": "1", "_scheme": "javascript"},
    {"_anchor": "x"},
    {"_method": "POST"},
    {"q": ["điển", "hình"]},
]


@pytest.mark.parametrize("who", ["staff", "inspector"])
def test_odd_page_arguments_never_fail(backend, archive, login_as, who):
    client = login_as(who)
    for args in ODD_ARGUMENTS:
        query = {"q": "điển hình", **args}
        response = client.get("/search/", query_string=query)
        page = read_search_page(response)
        assert page.status == 200, args
        assert "Lỗi hệ thống" not in page.html, args
        # No link on the page leaves the site or runs script.
        assert "javascript:" not in page.html, args
        assert 'href="http' not in page.html, args


def test_filters_alone_without_words(backend, archive, login_as):
    page = search_page(login_as("staff"), None, year="2023", type="file")
    assert page.total == 1
    page = search_page(login_as("staff"), None, year="1999")
    assert page.total == 0


def test_the_page_of_a_raw_url_with_reserved_characters(backend, archive, login_as):
    client = login_as("staff")
    for text in ("a&b=c", "q=1&q=2", "#frag", "?x", "%", "+", "100%"):
        response = client.get("/search/?q=" + quote(text, safe=""))
        assert_answered(read_search_page(response), text)
