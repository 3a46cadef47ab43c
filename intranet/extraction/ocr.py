"""Text from images through the ``tesseract`` program, called directly (no pytesseract).

A scan fed upside down or sideways is straightened first: Tesseract's orientation detection
(``--psm 0``, the ``osd`` data that comes with it) says how far to turn the page, Pillow turns it.
"""

import io
import re
import subprocess
from pathlib import Path

from intranet.extraction import tools
from intranet.extraction.parsing import Options, TextSink
from intranet.extraction.result import (
    DAMAGED_IMAGE,
    IMAGE_TOO_BIG,
    NO_OCR,
    OCR_OFF,
    TIMEOUT,
    ExtractionError,
)

MAX_PIXELS = 200_000_000  # an A0 scan at 300 dpi is 140 Mpx; beyond that it is a bomb
# Below this confidence the detected orientation is a guess (a page with little text): leave the
# page as it is. Upright and turned sample pages score 15-20; a blank or photo page scores < 2.
MIN_ORIENTATION_CONFIDENCE = 5.0
_ROTATE = re.compile(rb"^Rotate:\s*(\d+)", re.M)
_CONFIDENCE = re.compile(rb"^Orientation confidence:\s*([\d.]+)", re.M)
_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
    "tiff": (b"II*\x00", b"MM\x00*"),
}


class Ocr:
    """Tesseract with Vietnamese, found once per extraction; ``unavailable`` says why not."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.program = tools.tesseract() if options.ocr else None
        if not options.ocr:
            self.unavailable = OCR_OFF
        elif self.program is None or "vie" not in tools.tesseract_languages(self.program):
            self.unavailable = NO_OCR
        else:
            self.unavailable = ""

    def read(self, source: Path | bytes, dpi: int | None = None, *, turn: bool = True) -> str:
        """The text of an image file, or of image bytes (a PGM rendered from a PDF page),
        turned upright first when Tesseract is confident it lies on its side or upside down
        (not with ``turn=False``: a multi-page TIFF, which Pillow would cut to its first page)."""
        turn = self.orientation(source, dpi) if turn else 0
        if turn:
            source = _turned(source, turn)
        done = self._run(source, ["-l", "vie"], dpi)
        if done.returncode != 0:
            raise ExtractionError("failed", DAMAGED_IMAGE)
        return done.stdout.decode("utf-8", "replace")

    def orientation(self, source: Path | bytes, dpi: int | None = None) -> int:
        """Degrees (0, 90, 180, 270) to turn the page clockwise so that its text stands up."""
        done = self._run(source, ["--psm", "0"], dpi)
        rotate, confidence = _ROTATE.search(done.stdout), _CONFIDENCE.search(done.stdout)
        # A page with too little text makes OSD fail ("Too few characters"): leave it as it is.
        if done.returncode != 0 or rotate is None or confidence is None:
            return 0
        if float(confidence.group(1)) < MIN_ORIENTATION_CONFIDENCE:
            return 0
        degrees = int(rotate.group(1))
        return degrees if degrees in (90, 180, 270) else 0

    def _run(self, source: Path | bytes, args: list[str], dpi: int | None):
        is_bytes = isinstance(source, bytes)
        argv = [self.program, "stdin" if is_bytes else str(source), "stdout", *args]
        if dpi:
            argv += ["--dpi", str(dpi)]
        try:
            return subprocess.run(  # noqa: S603 (a fixed argv, no shell)
                argv,
                input=source if is_bytes else None,
                capture_output=True,
                timeout=self.options.remaining(),
                env=tools.ocr_environment(),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError("timeout", TIMEOUT) from exc


def _turned(source: Path | bytes, degrees: int) -> bytes:
    """The image turned ``degrees`` clockwise, as grey PGM bytes for Tesseract's stdin."""
    from PIL import Image  # only for the pages that need turning

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # checked before; Pillow's own bomb guard agrees
    transpose = {
        90: Image.Transpose.ROTATE_270,  # Pillow turns counter-clockwise
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }[degrees]
    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
            upright = image.convert("L").transpose(transpose)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractionError("failed", DAMAGED_IMAGE) from exc
    out = io.BytesIO()
    upright.save(out, format="PPM")  # mode L: a binary PGM
    return out.getvalue()


def extract_image(path: Path, type_code: str, options: Options, sink: TextSink) -> str:
    """OCR of a PNG, JPEG or TIFF scan (every page of a multi-page TIFF)."""
    _check_image(path, type_code)
    ocr = Ocr(options)
    if ocr.unavailable:
        raise ExtractionError("no_text", ocr.unavailable)
    sink.add(ocr.read(path, turn=type_code != "tiff"))
    return "ocr"


def _check_image(path: Path, type_code: str) -> None:
    """Refuse what is not the image it claims to be, and images too big to decode safely."""
    with path.open("rb") as f:
        head = f.read(32)
        if not head.startswith(_SIGNATURES[type_code]):
            raise ExtractionError("failed", DAMAGED_IMAGE)
        size = _png_size(head) if type_code == "png" else None
        if type_code == "jpeg":
            size = _jpeg_size(f)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        raise ExtractionError("failed", IMAGE_TOO_BIG)


def _png_size(head: bytes) -> tuple[int, int] | None:
    if head[12:16] != b"IHDR":
        raise ExtractionError("failed", DAMAGED_IMAGE)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _jpeg_size(f) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame marker, walking the segments."""
    f.seek(2)
    for _ in range(1000):  # a real JPEG reaches its frame header within a few segments
        marker = f.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        length = int.from_bytes(f.read(2), "big")
        # SOF0…SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
        if 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
            frame = f.read(5)
            return int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")
        if length < 2:
            return None
        f.seek(length - 2, 1)
    return None
