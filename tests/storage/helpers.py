"""Small files made in the tests, and the sample files of ``tests/samples``."""

import io
import struct
import zipfile
import zlib

from tests.factories import MINI_PDF  # noqa: F401 (the storage tests import it from here)
from tests.factories import sample_path as sample


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A valid grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def tiff_bytes() -> bytes:
    """A valid 1x1 grey TIFF (little endian)."""
    entries = [
        (256, 3, 1, 1),  # width
        (257, 3, 1, 1),  # height
        (258, 3, 1, 8),  # bits per sample
        (259, 3, 1, 1),  # no compression
        (262, 3, 1, 1),  # black is zero
        (273, 4, 1, 8 + 2 + 12 * 8 + 4),  # strip offset: right after the IFD
        (278, 3, 1, 1),  # rows per strip
        (279, 4, 1, 1),  # strip byte count
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        packed = struct.pack("<H", value) + b"\x00\x00" if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + b"\x80"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def ole_with_workbook_stream() -> bytes:
    """The sample .doc with its WordDocument stream renamed Workbook: an OLE2 file as XLS is.

    No XLS sample exists; the renamed stream is what tells XLS from DOC.
    """
    data = bytearray(sample("ke-hoach-36-KH-CDBP.doc").read_bytes())
    old = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    at = data.find(old)
    assert at > 0
    new = "Workbook".encode("utf-16-le") + b"\x00\x00"
    data[at : at + 64] = new.ljust(64, b"\x00")
    data[at + 64 : at + 66] = struct.pack("<H", len(new))
    return bytes(data)
