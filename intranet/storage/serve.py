"""Sending a stored file: always as an attachment, except a sandboxed preview of PDFs and images."""

from flask import Response, request, send_file

from intranet.storage import faults
from intranet.storage.errors import BlobFault
from intranet.storage.files import clean_name, open_verified
from intranet.storage.models import StoredFile

PREVIEW_TYPES = frozenset({"pdf", "jpeg", "png", "tiff"})
# `sandbox` gives the preview an opaque origin: no script, no cookies, no forms, even if a file
# ever got rendered as a page. Chromium's PDF viewer still works under it (checked with
# Chromium 156, top level and in an iframe); it only needs the inline styles and data: images of
# its wrapper page. `plugin-types` is left out: CSP3 and Chromium dropped it. Framing is kept to
# our own pages, so a preview cannot be dressed up by another site.
PREVIEW_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'"
)


def send(stored_file: StoredFile, download_name: str, preview: bool = False) -> Response:
    """A response carrying the stored bytes under ``download_name`` (needs a request context).

    The Content-Type is the one recorded from the content, never guessed from the name. The
    file is an attachment, with the Vietnamese name in ``filename*``; ``preview=True`` shows a
    PDF or an image inline in a sandbox instead, and is ignored for every other type.

    The blob is hashed whole before anything is sent, and a private copy of what was hashed is
    sent: a missing or damaged blob raises ``BlobMissing``/``BlobDamaged`` (410, mapped once
    for pages and API), reported to the administrator (``faults``), and is never served. The
    cost is one read of the file (at most MAX_UPLOAD_MB; about 0.1 s for 50 MB), paid on every
    download, 304s included: no cache of "verified" is kept, since a byte changed in place
    with its mtime restored would pass one.
    """
    try:
        fh = open_verified(stored_file)
    except BlobFault as fault:
        faults.report(fault)
        raise
    size = stored_file.size  # the copy's: checked against the record
    inline = preview and stored_file.type_code in PREVIEW_TYPES
    response = send_file(
        fh,
        mimetype=stored_file.mime_type,  # werkzeug adds "; charset=utf-8" to text/plain
        as_attachment=not inline,
        download_name=clean_name(download_name),
        etag=stored_file.sha256,  # content-addressed: the hash is the perfect validator
        last_modified=stored_file.created_at,  # blobs are written once
        conditional=False,  # done below, once the length is known (send_file needs a path)
    )
    response.content_length = size
    response = response.make_conditional(request.environ, accept_ranges=True, complete_length=size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True  # files are per-reader: no shared cache may keep them
    if inline:
        response.headers["Content-Security-Policy"] = PREVIEW_CSP
    return response
