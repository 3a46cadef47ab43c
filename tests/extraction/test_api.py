"""The seam's small surface: unknown types, missing files, tools, settings from the config."""

from intranet.extraction import TYPE_CODES, available_tools, extract, settings_from
from intranet.storage.types import TYPES


def test_unknown_type_is_unsupported(tmp_path):
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"PK\x03\x04")
    result = extract(path, "pptx")
    assert (result.status, result.message) == ("unsupported", "Loại tệp không hỗ trợ trích xuất")


def test_missing_file_fails_without_raising(tmp_path):
    result = extract(tmp_path / "gone.pdf", "pdf")
    assert (result.status, result.message) == ("failed", "Không tìm thấy tệp")


def test_type_codes_are_the_storage_allow_list():
    assert set(TYPES) == TYPE_CODES  # every type storage accepts has a reader


def test_available_tools_reports_each_tool_as_a_flag():
    tools = available_tools()
    assert set(tools) == {"tesseract", "tesseract_vie", "ocr", "catdoc"}
    assert all(isinstance(flag, bool) for flag in tools.values())
    assert tools["ocr"] == (tools["tesseract"] and tools["tesseract_vie"])


def test_available_tools_without_the_programs_says_none(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert not any(available_tools().values())


def test_settings_from_config_keeps_defaults_for_missing_keys():
    config = {"OCR_ENABLED": False, "EXTRACTION_TIMEOUT": "30", "SECRET_KEY": "x"}
    assert settings_from(config) == {"ocr": False, "timeout": 30.0}
