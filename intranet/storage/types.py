"""The type of a file, decided by its content against the allow-list, never by its name.

Two steps: libmagic names a candidate, then the file is opened the way its parser would open it
(the zip members of OOXML and ODF, the OLE2 streams of DOC and XLS, UTF-8 for text, the headers of
PDF and images). Only then is the name's extension compared with what was found.
"""

import codecs
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import magic
import olefile
from PIL import Image, UnidentifiedImageError

from intranet.extensions import gettext as _
from intranet.storage.errors import StorageError


@dataclass(frozen=True)
class FileType:
    code: str  # StoredFile.type_code
    mime: str  # what is stored and sent as Content-Type
    label: str  # what the user is told
    extensions: tuple[str, ...]  # names this content may carry


TYPES = {
    t.code: t
    for t in (
        FileType("pdf", "application/pdf", "PDF", ("pdf",)),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
            ("docx",),
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "XLSX",
            ("xlsx",),
        ),
        FileType("odt", "application/vnd.oasis.opendocument.text", "ODT", ("odt",)),
        FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS", ("ods",)),
        FileType("doc", "application/msword", "DOC", ("doc",)),
        FileType("xls", "application/vnd.ms-excel", "XLS", ("xls",)),
        FileType("txt", "text/plain", "TXT", ("txt",)),
        FileType("jpeg", "image/jpeg", "JPEG", ("jpg", "jpeg", "jpe")),
        FileType("png", "image/png", "PNG", ("png",)),
        FileType("tiff", "image/tiff", "TIFF", ("tif", "tiff")),
    )
}
ALLOWED_LABELS = ", ".join(t.label for t in TYPES.values())

# libmagic's answer -> candidate type; "zip" and "ole" are settled by looking inside.
_MAGIC = {
    "application/pdf": "pdf",
    TYPES["docx"].mime: "docx",
    TYPES["xlsx"].mime: "xlsx",
    TYPES["ods"].mime: "ods",
    "application/zip": "zip",
    "application/msword": "ole",
    "application/vnd.ms-excel": "ole",
    "application/vnd.ms-office": "ole",
    "application/x-ole-storage": "ole",
    "application/CDFV2": "ole",
    "text/plain": "txt",
    "text/csv": "txt",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/tiff": "tiff",
}
# The ODF "mimetype" member each type may carry. LibreOffice writes "text-web" for a Writer/Web
# document (the sample .odt is one), and libmagic reports it as such: it is still ODF text.
_ODF_MIMETYPES = {
    "odt": {
        b"application/vnd.oasis.opendocument.text",
        b"application/vnd.oasis.opendocument.text-web",
    },
    "ods": {b"application/vnd.oasis.opendocument.spreadsheet"},
}
# The OOXML main part and the content type that marks it (a .docm/.xlsm carries another one).
_OOXML = {
    "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
_SMALL_MEMBER = 1 << 20  # [Content_Types].xml and "mimetype" are tiny; refuse to inflate more
_CHUNK = 1 << 20


def detect(path: Path) -> FileType:
    """The allowed type of the file at ``path``; ``StorageError`` if it is none or is damaged."""
    found = magic.from_file(str(path), mime=True)
    candidate = _candidate(found)
    if candidate == "zip":
        candidate = _zip_kind(path)
    elif candidate == "ole":
        candidate = _ole_kind(path, found)
    if candidate is None:
        raise StorageError(
            _(
                "Loại tệp không được chấp nhận: %(found)s. Chỉ nhận %(allowed)s.",
                found=found,
                allowed=ALLOWED_LABELS,
            )
        )
    if not _CHECKS[candidate](path):
        if candidate == "txt":
            raise StorageError(_("Tệp văn bản (TXT) phải được mã hoá UTF-8."))
        raise StorageError(
            _(
                "Tệp không mở được như một tệp %(label)s: tệp bị hỏng hoặc sai định dạng.",
                label=TYPES[candidate].label,
            )
        )
    return TYPES[candidate]


def check_extension(name: str, file_type: FileType) -> None:
    """Refuse a name whose extension does not say what the content is (a PNG named .pdf)."""
    suffix = PurePosixPath(name).suffix.lower().lstrip(".")
    if not suffix:
        raise StorageError(
            _(
                "Tên tệp “%(name)s” thiếu phần mở rộng; nội dung tệp là %(label)s (.%(ext)s).",
                name=name,
                label=file_type.label,
                ext=file_type.extensions[0],
            )
        )
    if suffix not in file_type.extensions:
        raise StorageError(
            _(
                "Tên tệp có đuôi .%(ext)s nhưng nội dung tệp là %(label)s. "
                "Hãy kiểm tra lại tệp hoặc đặt tên đúng loại.",
                ext=suffix,
                label=file_type.label,
            )
        )


def _candidate(found: str) -> str | None:
    if found in _MAGIC:
        return _MAGIC[found]
    if found.startswith("application/vnd.oasis.opendocument.text"):
        return "odt"  # text-web and other variants: the "mimetype" member decides
    if found.startswith("text/x-"):
        # libmagic guesses a programming language from a few words of plain text; it is text.
        return "txt"
    return None


def _zip_kind(path: Path) -> str | None:
    """A zip that libmagic could not name (members in an unusual order): look at its members."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                member = _read_small(zf, "mimetype")
                for code, mimetypes in _ODF_MIMETYPES.items():
                    if member in mimetypes:
                        return code
            for code, (main, _marker) in _OOXML.items():
                if main in names and "[Content_Types].xml" in names:
                    return code
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def _ole_kind(path: Path, found: str) -> str | None:
    """DOC or XLS by the stream an OLE2 file holds; others (PPT, MSG, encrypted) are refused."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            word = ole.exists("WordDocument")
            excel = ole.exists("Workbook") or ole.exists("Book")
    except OSError:
        return None
    if word and (found != "application/vnd.ms-excel" or not excel):
        return "doc"
    return "xls" if excel else None


def _read_small(zf: zipfile.ZipFile, name: str) -> bytes | None:
    info = zf.getinfo(name)
    if info.file_size > _SMALL_MEMBER:
        return None
    return zf.read(info).strip()


def _check_ooxml(code: str):
    main, marker = _OOXML[code]

    def check(path: Path) -> bool:
        try:
            with zipfile.ZipFile(path) as zf:
                if main not in zf.namelist():
                    return False
                types = _read_small(zf, "[Content_Types].xml")
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False
        return types is not None and marker in types

    return check


def _check_odf(code: str):
    def check(path: Path) -> bool:
        try:
            with zipfile.ZipFile(path) as zf:
                return (
                    _read_small(zf, "mimetype") in _ODF_MIMETYPES[code]
                    and "content.xml" in zf.namelist()
                )
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False

    return check


def _check_ole(stream_names: tuple[str, ...]):
    def check(path: Path) -> bool:
        try:
            with olefile.OleFileIO(str(path)) as ole:
                return any(ole.exists(name) for name in stream_names)
        except OSError:
            return False

    return check


def _check_pdf(path: Path) -> bool:
    # A header, and an end-of-file marker near the end: a truncated upload has none.
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(8)
        fh.seek(max(0, size - 8192))
        tail = fh.read()
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def _check_utf8(path: Path) -> bool:
    # utf-8-sig accepts a byte order mark; a NUL byte means binary, whatever libmagic said.
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                if "\x00" in decoder.decode(chunk):
                    return False
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _check_header(*prefixes: bytes, at: int = 0, also: bytes = b""):
    def check(path: Path) -> bool:
        with path.open("rb") as fh:
            head = fh.read(32)
        return head.startswith(prefixes) and (not also or head[at : at + len(also)] == also)

    return check


_CHECKS = {
    "pdf": _check_pdf,
    "docx": _check_ooxml("docx"),
    "xlsx": _check_ooxml("xlsx"),
    "odt": _check_odf("odt"),
    "ods": _check_odf("ods"),
    "doc": _check_ole(("WordDocument",)),
    "xls": _check_ole(("Workbook", "Book")),
    "txt": _check_utf8,
    "jpeg": _check_header(b"\xff\xd8\xff"),
    "png": _check_header(b"\x89PNG\r\n\x1a\n", at=12, also=b"IHDR"),
    "tiff": _check_header(b"II*\x00", b"MM\x00*"),
}


# Photos (stories, the honour board): opened and verified by Pillow, not only by their header.
IMAGE_TYPES = {"JPEG": "jpeg", "PNG": "png"}
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel camera; beyond it, a decompression bomb


@dataclass(frozen=True)
class ImageInfo:
    file_type: FileType
    width: int
    height: int


def check_image(stream) -> ImageInfo:
    """The image in the seekable binary ``stream``, verified by Pillow; ``StorageError`` (in
    Vietnamese) for a non-image, a damaged one, another format, or a decompression bomb.

    Only the header is decoded to know the size, so a bomb is refused before its pixels are.
    """
    position = stream.tell()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                kind, (width, height) = image.format, image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise StorageError(_bomb(width, height))
                image.verify()
    except StorageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise StorageError(_("Ảnh quá lớn (nghi là ảnh “bom giải nén”): không nhận.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise StorageError(
            _("Tệp không phải là ảnh hoặc ảnh bị hỏng: chỉ nhận ảnh JPEG hoặc PNG.")
        ) from exc
    finally:
        stream.seek(position)
    if kind not in IMAGE_TYPES:
        raise StorageError(_("Chỉ nhận ảnh JPEG hoặc PNG (tệp này là %(k)s).", k=kind))
    return ImageInfo(TYPES[IMAGE_TYPES[kind]], width, height)


def _bomb(width: int, height: int) -> str:
    return _(
        "Ảnh %(w)d × %(h)d điểm ảnh quá lớn (tối đa %(m)d triệu điểm ảnh): không nhận.",
        w=width,
        h=height,
        m=MAX_IMAGE_PIXELS // 1_000_000,
    )
