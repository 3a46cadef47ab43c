"""The highlighter finds folded syllables in original text and escapes everything else."""

from intranet.search.snippets import Highlighter, highlight, lead


def test_highlighter_matches_any_diacritics_and_case():
    snippet = Highlighter({"dien", "hinh"}).snippet("Gương ĐIỂN HÌNH và điển hình, diễn hình")
    assert snippet.count("<mark>") == 6


def test_highlighter_matches_whole_syllables_only():
    assert "<mark>" not in Highlighter({"an"}).snippet("bản thanh toán, ban hành")
    assert Highlighter({"an"}).snippet("bản án") == "bản <mark>án</mark>"


def test_window_is_cut_at_words_around_the_matches():
    text = "mở đầu " * 100 + "điển hình tiên tiến" + " kết thúc" * 100
    snippet = Highlighter({"tien"}).snippet(text)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>tiên</mark> <mark>tiến</mark>" in snippet and len(snippet) < 300


def test_highlight_and_lead_escape_html():
    assert highlight("<b>a</b>", [(3, 4)]) == "&lt;b&gt;<mark>a</mark>&lt;/b&gt;"
    assert lead("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert Highlighter(set()).snippet("a & b") == "a &amp; b"
