"""The shared sample files (read in place, never copied) and the tools this machine has."""

from pathlib import Path

import pytest

from intranet.extraction import available_tools

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
TOOLS = available_tools()

needs_ocr = pytest.mark.skipif(
    not TOOLS["ocr"],
    reason="Tesseract with Vietnamese data missing: apt-get install tesseract-ocr-vie",
)
needs_catdoc = pytest.mark.skipif(
    not TOOLS["catdoc"], reason="catdoc missing: apt-get install catdoc"
)


@pytest.fixture
def sample():
    """``sample(name)``: the path of a shared sample, or skip the test when it is not there."""

    def find(name: str) -> Path:
        path = SAMPLES / name
        if not path.is_file():
            pytest.skip(f"sample {name} missing from {SAMPLES} (the shared samples folder)")
        return path

    return find
