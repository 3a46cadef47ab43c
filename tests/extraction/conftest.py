"""The sample files (tests/samples) and the tools this machine has."""

import pytest

from intranet.extraction import available_tools
from tests.factories import sample_path

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
    """``sample(name)``: the path of a file of tests/samples (the test fails when it is missing)."""
    return sample_path
