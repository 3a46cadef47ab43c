"""Vietnamese analysis: NFC, folding, syllables and document codes (no backend needed)."""

import unicodedata

from intranet.search.analysis import (
    code_terms,
    find_codes,
    fold,
    has_diacritics,
    normalize_code,
    syllables,
)


def test_fold_removes_diacritics_and_maps_d_bar():
    assert fold("Điển Hình Tiên Tiến đào tạo ĐƯỜNG") == "dien hinh tien tien dao tao duong"


def test_fold_keeps_length_so_offsets_stay_valid():
    text = "Trường Cao đẳng Bình Phước"
    assert len(fold(text)) == len(text)


def test_syllables_are_nfc_lower_case_with_diacritics():
    nfd = unicodedata.normalize("NFD", "Điển hình TIÊN TIẾN")
    assert syllables(nfd) == ["điển", "hình", "tiên", "tiến"]


def test_syllables_split_codes_and_drop_noise():
    assert syllables("Số: 36 /KH-CĐBP") == ["số", "36", "kh", "cđbp"]
    assert syllables("x" * 500) == []


def test_has_diacritics():
    assert has_diacritics("má") and has_diacritics("đ") and not has_diacritics("ma")


def test_find_codes_in_plan_text():
    text = "Số: 36 /KH-CĐBP ... Kế hoạch số 113/KH-UBND ngày 03/4/2023; 7991/BGDĐT-GDTrH"
    assert find_codes(text) == ["36/KH-CĐBP", "113/KH-UBND", "7991/BGDĐT-GDTrH"]


def test_dates_are_not_codes():
    assert find_codes("ngày 03/4/2023, trước ngày 30/6 hằng năm") == []


def test_normalize_code_folds_and_removes_spaces():
    assert normalize_code("Số: 36 /KH-CĐBP") == "36/kh-cdbp"
    assert normalize_code("36/KH–CĐBP") == "36/kh-cdbp"


def test_code_terms_hold_whole_code_and_parts():
    assert code_terms("36/KH-CĐBP") == {"36/kh-cdbp", "36", "kh-cdbp", "kh", "cdbp"}
    assert {"30/2020/nd-cp", "2020/nd-cp", "nd-cp", "cp"} <= code_terms("30/2020/NĐ-CP")
    assert {"7991/bgddt-gdtrh", "bgddt", "gdtrh"} <= code_terms("7991/BGDĐT-GDTrH")
