"""Hostile and unusual files, made on the fly: nothing is copied from the samples."""

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

# The padding string of the PDF standard security handler (ISO 32000-1, 7.6.3.3).
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = b"intranet-test-id"


def pdf(content: bytes, *, encrypt_with: bytes | None = None) -> bytes:
    """A one-page PDF drawing ``content``; RC4-40 encrypted (revision 2) with a user password."""
    return _one_page(content, compressed=False, encrypt_with=encrypt_with)


def pdf_bomb(inflated_mb: int) -> bytes:
    """A PDF whose page content is a small Flate stream inflating to ``inflated_mb`` MB."""
    packer, chunk = zlib.compressobj(9), b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated_mb)) + packer.flush()
    return _one_page(stream, compressed=True)


def _one_page(stream: bytes, *, compressed: bool, encrypt_with: bytes | None = None) -> bytes:
    key = _file_key(encrypt_with) if encrypt_with is not None else None
    if key is not None:
        stream = _rc4(_object_key(key, 4), stream)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d%s >>\nstream\n%s\nendstream"
        % (len(stream), b" /Filter /FlateDecode" if compressed else b"", stream),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    trailer = b"/Root 1 0 R /ID [<%s> <%s>]" % (_FILE_ID.hex().encode(), _FILE_ID.hex().encode())
    if key is not None:
        owner, user = _owner_entry(encrypt_with), _user_entry(key)
        objects[6] = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            owner.hex().encode(),
            user.hex().encode(),
            _PERMISSIONS,
        )
        trailer += b" /Encrypt 6 0 R"
    return _assemble(objects, trailer)


_PERMISSIONS = -44  # print and copy allowed: irrelevant, the user password is what matters


def _padded(password: bytes) -> bytes:
    return (password + _PAD)[:32]


def _owner_entry(user_password: bytes) -> bytes:
    # Algorithm 3: the owner password (same as the user's here) keys RC4 over the user password.
    return _rc4(
        hashlib.md5(_padded(user_password), usedforsecurity=False).digest()[:5],
        _padded(user_password),
    )


def _file_key(user_password: bytes) -> bytes:
    # Algorithm 2, revision 2: a 40-bit key.
    seed = (
        _padded(user_password)
        + _owner_entry(user_password)
        + struct.pack("<i", _PERMISSIONS)
        + _FILE_ID
    )
    return hashlib.md5(seed, usedforsecurity=False).digest()[:5]


def _user_entry(key: bytes) -> bytes:
    return _rc4(key, _PAD)  # Algorithm 4 (revision 2)


def _object_key(key: bytes, number: int, generation: int = 0) -> bytes:
    seed = key + number.to_bytes(3, "little") + generation.to_bytes(2, "little")
    return hashlib.md5(seed, usedforsecurity=False).digest()[: len(key) + 5]


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _assemble(objects: dict[int, bytes], trailer: bytes) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for number in sorted(objects):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(
        b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


def zip_bomb_docx(path: Path, inflated_mb: int) -> None:
    """A DOCX whose document.xml inflates to ``inflated_mb`` MB of one repeated paragraph."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>"
    )
    paragraph = b"<w:p><w:r><w:t>bom</w:t></w:r></w:p>" * 1000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            for _ in range(inflated_mb * 1024 * 1024 // len(paragraph)):
                member.write(paragraph)
            member.write(b"</w:body></w:document>")


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def encrypted_odt(path: Path) -> None:
    """An ODT whose manifest declares encrypted members, as LibreOffice writes with a password."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AA==">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
        'manifest:initialisation-vector="AA=="/></manifest:encryption-data>'
        "</manifest:file-entry></manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", bytes(range(256)) * 16)  # ciphertext: not XML


def encrypted_ooxml(path: Path) -> None:
    """The outline of a password-protected DOCX/XLSX: an OLE2 file naming an EncryptionInfo stream.

    Not a full compound file (no Office is here to make one); the reader only looks for the name.
    """
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    entry = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\0")
    path.write_bytes(header + entry + bytes(448))
