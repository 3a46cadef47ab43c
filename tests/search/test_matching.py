"""Vietnamese matching on both backends, with the real plan 36/KH-CĐBP."""

import pytest

from .conftest import keys, record


def test_query_without_diacritics_finds_text_with_them(plan):
    assert "document:36" in keys(plan, "dien hinh tien tien")


def test_query_with_diacritics_finds_text_without_them(backend):
    backend.index([record("file:1", "ghi chu", "ke hoach dao tao nam hoc moi")])
    assert keys(backend, "đào tạo") == ["file:1"]


def test_d_bar_folds_to_d(plan):
    assert "document:36" in keys(plan, "Dang uy")  # "Đảng ủy"
    assert "document:36" in keys(plan, "ĐẢNG")


def test_case_is_ignored(plan):
    assert "document:36" in keys(plan, "NGUYỄN BÍCH LIÊN")


def test_nfd_text_is_found_by_an_nfc_query(plan):
    found = keys(plan, "Bình Phước điển hình")
    assert {"document:36", "file:36"} <= set(found)


def test_nfd_query_finds_nfc_text(plan):
    import unicodedata

    assert "document:36" in keys(plan, unicodedata.normalize("NFD", "gương điển hình"))


def test_exact_diacritics_rank_first(backend):
    backend.index(
        [
            record("file:1", "ghi chu", "ke hoach dao tao cua truong trong nam"),
            record("file:2", "ghi chú", "kế hoạch đào tạo của trường trong năm"),
        ]
    )
    assert keys(backend, "đào tạo") == ["file:2", "file:1"]
    assert keys(backend, "dao tao")[0:2] in (["file:1", "file:2"], ["file:2", "file:1"])


@pytest.mark.parametrize("word,exact", [("má", "file:2"), ("ma", "file:1"), ("mà", "file:3")])
def test_exact_tone_ranks_first(backend, word, exact):
    backend.index(
        [
            record("file:1", "a", "con ma trong truyện cổ tích"),
            record("file:2", "b", "con má trong truyện cổ tích"),
            record("file:3", "c", "con mà trong truyện cổ tích"),
        ]
    )
    found = keys(backend, f"con {word} truyện")
    assert len(found) == 3
    if word != "ma":
        assert found[0] == exact


def test_phrase_in_quotes_needs_adjacent_syllables(backend):
    backend.index(
        [
            record("file:1", "a", "gương điển hình tiên tiến của trường"),
            record("file:2", "b", "tiên phong, điển hình về tiến độ"),
        ]
    )
    assert keys(backend, '"điển hình tiên tiến"') == ["file:1"]
    assert keys(backend, '"dien hinh tien tien"') == ["file:1"]
    assert set(keys(backend, "điển hình tiên tiến")) == {"file:1", "file:2"}


def test_exclusion_of_a_term_and_a_phrase(backend):
    backend.index(
        [
            record("file:1", "a", "khen thưởng đột xuất năm 2023"),
            record("file:2", "b", "khen thưởng chuyên đề năm 2023"),
            record("file:3", "c", "khen thưởng thường xuyên năm 2024"),
        ]
    )
    assert set(keys(backend, "khen thưởng -2024")) == {"file:1", "file:2"}
    assert set(keys(backend, 'khen thưởng -"chuyen de"')) == {"file:1", "file:3"}
    assert set(keys(backend, "khen -dot -2024")) == {"file:2"}


def test_only_exclusions_lists_the_rest(backend):
    backend.index([record("file:1", "a", "một"), record("file:2", "b", "hai")])
    assert keys(backend, "-một") == ["file:2"]


@pytest.mark.parametrize(
    "text",
    [
        "36/KH-CĐBP",
        "36/KH-CDBP",
        "36/kh-cdbp",
        "KH-CĐBP",
        "kh-cdbp",
        "CDBP",
        "CĐBP",
        "Số: 36 /KH-CĐBP",
        "36 /KH-CĐBP",
        '"36/KH-CĐBP"',
    ],
)
def test_plan_code_found_whole_and_by_parts(plan, text):
    assert keys(plan, text)[0] in {"document:36", "file:36"}
    assert "document:36" in keys(plan, text)


def test_code_number_alone_finds_the_document(plan):
    assert "document:36" in keys(plan, "36")


def test_code_without_kind_found_by_parts(plan):
    for text in ["7991/BGDĐT-GDTrH", "7991/BGDDT-GDTRH", "BGDĐT-GDTrH", "GDTrH", "bgddt"]:
        assert keys(plan, text) == ["document:7991"], text


def test_code_cited_in_the_text_is_found(plan):
    assert "document:36" in keys(plan, "113/KH-UBND")


def test_own_code_ranks_above_a_citing_text(backend):
    backend.index(
        [
            record("document:1", "Kế hoạch của tỉnh", "kế hoạch tỉnh", codes=["113/KH-UBND"]),
            record(
                "document:2", "Kế hoạch của trường", "Thực hiện Kế hoạch số 113/KH-UBND ngày 3/4"
            ),
        ]
    )
    assert keys(backend, "113/KH-UBND") == ["document:1", "document:2"]


def test_title_match_counts(backend):
    backend.index([record("exemplar:1", "Nguyễn Văn An", "giảng viên")])
    assert keys(backend, "nguyen van an") == ["exemplar:1"]


def test_unknown_word_gives_no_hits_and_no_message(plan):
    from intranet.search import SearchQuery

    results = plan.search(SearchQuery(text="xyzzyqua"))
    assert (results.total, results.hits, results.message, results.degraded) == (0, [], None, False)
