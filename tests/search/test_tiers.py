"""Exact first, in tiers, on both backends: a guarantee, not a tendency.

A query typed with diacritics puts every record that has all its syllables exactly above every
record that matches only after folding, however often the folded form repeats and wherever it
stands (title, body, code). Codes: the record's own number first, then the records linked to
it (implementing, citing, reporting on it), then those that only mention it in the text.
"""

import pytest

from intranet.search import SearchQuery

from .conftest import keys, record

FOLDED_FLOOD = " ".join(["tiên tiến tiến tiên"] * 400)


@pytest.fixture
def money(backend):
    """One exact "tiền" in a long dull body, against records that shout "tiên"/"tiến"."""
    backend.index(
        [
            record("file:1", "Tiên tiến tiên tiến", FOLDED_FLOOD),
            record("document:2", "Danh sách điển hình tiên tiến 2024", FOLDED_FLOOD),
            record("file:3", "Tiến độ", "tiến độ " * 300, codes=["7/TIEN-TIEN"]),
            record("file:4", "Biên bản", "họp định kỳ " * 500 + " tiền " + "họp " * 500),
            record("file:5", "Ghi chú", "tien tien tien tien khong dau"),
            record(
                "document:6",
                "Quyết định 125/QĐ-CĐBP",
                "Tiền thưởng kèm theo Giấy khen: 1.500.000 đồng",
            ),
            record("file:7", "Thưởng", "khen thưởng tiên tiến " * 200),
            record("file:8", "Tiền", "Tiến độ khen thưởng tiên tiến"),
        ]
    )
    return backend


def test_one_exact_occurrence_beats_any_number_of_folded_ones(money):
    found = keys(money, "tiền", per_page=20)
    assert len(found) == 8
    assert set(found[:3]) == {"file:4", "document:6", "file:8"}


def test_every_syllable_exact_beats_some_exact(money):
    found = keys(money, "tiền thưởng", per_page=20)
    # Both words exactly: the decision and the record titled "Tiền" whose body has "thưởng".
    assert set(found[:2]) == {"document:6", "file:8"}
    assert "file:7" in found[2:]


def test_without_diacritics_everything_folded_matches_alike(money):
    found = keys(money, "tien", per_page=20)
    assert len(found) == 8
    assert found[0] != "file:4"  # one "tiền" in 1,000 words is not the best folded match


def test_the_tier_holds_on_every_page(money):
    pages = [keys(money, "tiền", per_page=2, page=n) for n in (1, 2, 3, 4)]
    assert {k for page in pages for k in page} == {
        "file:1",
        "document:2",
        "file:3",
        "file:4",
        "file:5",
        "document:6",
        "file:7",
        "file:8",
    }
    first_three = pages[0] + pages[1][:1]
    assert set(first_three) == {"file:4", "document:6", "file:8"}


@pytest.mark.parametrize(
    "word,exact",
    [("ma", "file:1"), ("má", "file:2"), ("mà", "file:3"), ("mả", "file:4"), ("mã", "file:5")],
)
def test_each_tone_of_ma_ranks_its_own_record_first(backend, word, exact):
    flood = {"file:1": "ma", "file:2": "má", "file:3": "mà", "file:4": "mả", "file:5": "mã"}
    backend.index(
        [
            record(key, f"Hồ sơ {tone}", f"chữ {tone} " * (1 if key == exact else 60))
            for key, tone in flood.items()
        ]
    )
    found = keys(backend, f"chữ {word}" if word != "ma" else "chữ ma")
    assert len(found) == 5
    if word != "ma":  # "chữ" is accented: "ma" typed with it is exact too
        assert found[0] == exact
    assert keys(backend, f"chữ {word}")[0] == exact


def test_d_bar_exact_first_and_dang_finds_both(backend):
    backend.index(
        [
            record("exemplar:1", "Đặng Minh Đức", "trưởng khoa"),
            record("exemplar:2", "Dang Minh Duc", "trưởng khoa " * 20),
            record("exemplar:3", "Đăng Minh", "Đăng ký thi đua, trưởng khoa " * 20),
        ]
    )
    assert keys(backend, "Đặng")[0] == "exemplar:1"
    assert set(keys(backend, "Dang")) == {"exemplar:1", "exemplar:2", "exemplar:3"}


def test_exact_phrase_tier(backend):
    backend.index(
        [
            record("file:1", "a", '"tiên tiến" ' * 100),
            record("file:2", "b", "danh hiệu lao động tiên tiến"),
            record("file:3", "c", "tiền tiện " * 100),
        ]
    )
    assert keys(backend, '"tiền tiện"')[0] == "file:3"
    assert keys(backend, '"tiên tiến"')[0] in {"file:1", "file:2"}
    assert keys(backend, '"tiên tiến"')[-1] == "file:3"


def test_highlights_mark_exact_words_only_for_an_accented_query(money):
    hits = {h.key: h.snippet for h in money.search(SearchQuery(text="tiền", per_page=20)).hits}
    assert "<mark>tiền</mark>" in hits["file:4"]
    assert "<mark>Tiền</mark>" in hits["document:6"]
    for key in ("file:1", "document:2", "file:3", "file:7"):
        assert "<mark>" not in hits[key], key
    # Without diacritics, every folded form is marked.
    folded = money.search(SearchQuery(text="tien", per_page=20)).hits
    assert all("<mark>" in h.snippet for h in folded if h.key != "file:8")


def test_an_accented_code_does_not_make_the_words_exact(backend):
    backend.index(
        [
            record("document:1", "Kế hoạch", "kế hoạch năm", codes=["36/KH-CĐBP"]),
            record("document:2", "ke hoach", "ke hoach nam", codes=["37/KH-CĐBP"]),
        ]
    )
    found = keys(backend, "36/KH-CĐBP ke hoach")
    assert found == ["document:1"]


@pytest.fixture
def plan_family(backend):
    """A plan, its file, a unit plan carrying it out, a notice and a decision citing it (basis
    links), a report on it, and records that only mention it (many times) in their text."""
    mention = "Thực hiện Kế hoạch số 36/KH-CĐBP về điển hình tiên tiến. " * 40
    backend.index(
        [
            record(
                "document:36",
                "Kế hoạch 36/KH-CĐBP: Tuyên truyền gương điển hình tiên tiến",
                "Trường Cao đẳng Bình Phước xây dựng kế hoạch",
                codes=["36/KH-CĐBP"],
            ),
            record("file:36", "Kế hoạch 36-KH-CĐBP.pdf (36/KH-CĐBP)", "", codes=["36/KH-CĐBP"]),
            record(
                "document:5",
                "Kế hoạch 05/KH-KCNTT: Triển khai kế hoạch tại Khoa",
                "Khoa Công nghệ thông tin",
                codes=["05/KH-KCNTT", "5/KH-KCNTT"],
                links=["36/KH-CĐBP"],
            ),
            record(
                "document:45",
                "Thông báo 45/TB-CĐBP: nộp báo cáo",
                "Các đơn vị gửi báo cáo",
                codes=["45/TB-CĐBP"],
                links=["Kế hoạch số 36/KH-CĐBP ngày 21/4/2023"],
            ),
            record(
                "document:60",
                "Báo cáo 60/BC-KCNTT: kết quả",
                "kết quả năm 2024",
                codes=["60/BC-KCNTT"],
                links=["36/KH-CDBP"],
            ),
            record("file:90", "Sổ tay 36/KH-CĐBP 36/KH-CĐBP", mention),
            record("evidence:91", "Minh chứng 36/KH-CĐBP", mention),
            record("file:92", "Ghi chép", mention),
        ]
    )
    return backend


@pytest.mark.parametrize("text", ["36/KH-CĐBP", "36/KH-CDBP", "Số: 36 /KH-CĐBP", "36/kh-cdbp"])
def test_plan_then_linked_records_then_mentions(plan_family, text):
    found = keys(plan_family, text)
    assert set(found[:2]) == {"document:36", "file:36"}
    assert set(found[2:5]) == {"document:5", "document:45", "document:60"}
    assert set(found[5:]) == {"file:90", "evidence:91", "file:92"}


@pytest.mark.parametrize("text", ["5/KH-KCNTT", "05/KH-KCNTT", "05/kh-kcntt", "KH-KCNTT"])
def test_a_number_with_or_without_its_zero(plan_family, text):
    assert keys(plan_family, text)[0] == "document:5"


def test_a_link_written_without_the_zero_is_found_with_it(backend):
    backend.index(
        [
            record("document:1", "Kế hoạch", "kế hoạch khoa", codes=["05/KH-KKT", "5/KH-KKT"]),
            record("document:2", "Báo cáo", "báo cáo", codes=["9/BC-KKT"], links=["5/KH-KKT"]),
            record("file:3", "Ghi chép", "theo kế hoạch 5/KH-KKT của khoa " * 30),
        ]
    )
    assert keys(backend, "05/KH-KKT") == ["document:1", "document:2", "file:3"]
    assert keys(backend, "5/KH-KKT") == ["document:1", "document:2", "file:3"]
