"""The query parser: terms, phrases, exclusions and codes, and tolerance of any input."""

import pytest

from intranet.search.query import MAX_CLAUSES, parse

NASTY = [
    "",
    " ",
    "-",
    "--",
    "- -",
    '"',
    '""',
    '"""',
    '-"',
    '-""',
    '"điển hình',
    'điển"hình',
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "NOT",
    "a AND",
    "* ? ~ ^ : ( ) [ ] { } \\ /",
    "*",
    "?",
    "~2",
    "^3",
    "title:x",
    "body:(a OR b)",
    "(((",
    ")))",
    "[1 TO 5]",
    "{a TO b}",
    "\\",
    "\\\\",
    "/",
    "//",
    "/.*/",
    "a~",
    "a^",
    "36/",
    "/KH",
    "KH-",
    "-KH-",
    "---KH",
    "\x00\x01\x02",
    "\ud7ff\ue000",
    "\u200b\u200e\ufeff",
    "\x1b[31mred",
    "é\u0301\u0301\u0301",
    "điển" * 3000,
    "a " * 5000,
    "x" * 10_000,
    '"' * 1000,
    "-" * 1000,
    "%",
    "'; DROP TABLE",
    "<script>alert(1)</script>",
    "&&",
    "||",
    "!",
    "+a -b",
    "“điển hình”",
    "«x»",
    "🙂🙂",
    "NaN",
    "None",
    "0",
    "-0",
    "١٢٣",
    "ﬁ",
    "İstanbul",
]


@pytest.mark.parametrize("text", NASTY)
def test_parser_never_raises(text):
    parsed = parse(text)
    assert len(parsed.clauses) <= MAX_CLAUSES


def test_non_string_input_is_tolerated():
    assert parse(None).empty
    assert not parse(1234).empty


def test_terms_phrases_and_exclusions():
    parsed = parse('điển hình "tiên tiến" -2022 -"dao tao"')
    kinds = [(c.kind, c.words, c.negated) for c in parsed.clauses]
    assert kinds == [
        ("term", ("điển",), False),
        ("term", ("hình",), False),
        ("phrase", ("tiên", "tiến"), False),
        ("term", ("2022",), True),
        ("phrase", ("dao", "tao"), True),
    ]


def test_codes_are_recognised_whole():
    for text in ["36/KH-CĐBP", "36/KH-CDBP", "Số: 36 /KH-CĐBP"]:
        codes = [c for c in parse(text).clauses if c.kind == "code"]
        assert [c.code for c in codes] == ["36/kh-cdbp"]
    assert parse("KH-CĐBP").clauses[0].code == "kh-cdbp"


def test_unbalanced_quote_runs_to_the_end():
    assert parse('"điển hình tiên').clauses[0].words == ("điển", "hình", "tiên")


def test_typographic_quotes_make_a_phrase():
    assert parse("“điển hình”").clauses[0].kind == "phrase"


def test_syntax_of_other_engines_is_plain_text():
    parsed = parse("title:(điển AND hình) OR tiên*")
    assert [c.words for c in parsed.clauses] == [("title",), ("điển",), ("hình",), ("tiên",)]
    assert not any(c.negated for c in parsed.clauses)


def test_not_excludes_the_next_word():
    parsed = parse("điển NOT hình")
    assert [(c.words, c.negated) for c in parsed.clauses] == [(("điển",), False), (("hình",), True)]


def test_only_punctuation_is_empty():
    assert parse('  ( ) * ? - / " ').empty


def test_long_input_is_shortened_and_says_so():
    parsed = parse("điển " * 5000)
    assert parsed.shortened
    assert parse(" ".join(f"t{i}" for i in range(100))).shortened


def test_accent_of_the_query():
    assert parse("thi đua").accented
    assert not parse("thi dua").accented
    assert not parse("thi -đua").accented


def test_number_label_is_not_a_word():
    assert parse("Số: 36 /KH-CĐBP").clauses == parse("36/KH-CĐBP").clauses
    assert not parse("Số: 36/KH-CĐBP ke hoach").accented
    assert [c.words for c in parse("kế hoạch số 36").clauses] == [
        ("kế",),
        ("hoạch",),
        ("số",),
        ("36",),
    ]


def test_an_accented_code_alone_is_not_an_accented_query():
    assert not parse("36/KH-CĐBP").accented
    assert parse("36/KH-CĐBP tiền").exact_words == {"tiền"}
    assert parse("tien").exact_words is None
