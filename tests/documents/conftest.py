"""Helpers of the documents tests: a document factory, sample files, pages read as text."""

import html
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intranet import storage
from intranet.accounts.models import User
from intranet.documents.models import Document, DocumentFile, FileVersion
from intranet.extensions import db
from intranet.storage import StoredFile
from tests import factories
from tests.conftest import csrf_token
from tests.factories import MINI_PDF, sample_bytes  # noqa: F401 (the tests import them from here)
from tests.factories import sample_path as sample  # noqa: F401

_TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+|("X-CSRFToken": ")[^"]+')
_LISTED = re.compile(
    r'class="list-group-item list-group-item-action" href="/documents/\d+">\s*'
    r"<div[^>]*>\s*<strong>([^<]*)</strong>"
)


def text_of(response) -> str:
    """The page as a reader sees it: entities decoded (&#39; -> ')."""
    return html.unescape(response.get_data(as_text=True))


def comparable(response, path: str) -> str:
    """A page body with what differs between any two requests removed (CSRF token, own path)."""
    body = _TOKEN.sub(r"\1\2", response.get_data(as_text=True))
    return body.replace(path, "PATH")


def listed(response) -> list[str]:
    """The numbers and symbols shown on the documents list, in page order."""
    return [strong.split()[-1] for strong in _LISTED.findall(text_of(response))]


def post(client, path, data=None, token_from=None, **kwargs):
    """POST a form (files as (BytesIO, name) tuples) with the session's CSRF token."""
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, token_from or "/documents/")
    return client.post(path, data=data, **kwargs)


def upload(client, document_id: int, *named: tuple[str, bytes], **kwargs):
    """Upload files to a document through its page, following the redirect back to it."""
    data = {"files": [(io.BytesIO(content), name) for name, content in named]}
    kwargs.setdefault("follow_redirects", True)
    return post(client, f"/documents/{document_id}/files", data, **kwargs)


def counts(app) -> dict[str, int]:
    """Rows of the file tables."""
    with app.app_context():
        return {
            model.__name__: db.session.execute(select(func.count()).select_from(model)).scalar()
            for model in (StoredFile, DocumentFile, FileVersion)
        }


def blobs(app) -> list[Path]:
    """Every file under UPLOAD_FOLDER, temporary files included."""
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def strays(app) -> list[Path]:
    with app.app_context():
        return storage.stray_blobs()


def versions_of(app, document_id: int) -> list[tuple[int, int, str, str]]:
    """(file id, version id, original name, sha256) of a document's attachments, in order."""
    with app.app_context():
        rows = db.session.execute(
            select(DocumentFile.id, FileVersion.id, FileVersion.original_name, StoredFile.sha256)
            .join(FileVersion, FileVersion.file_id == DocumentFile.id)
            .join(StoredFile, StoredFile.id == FileVersion.stored_file_id)
            .where(DocumentFile.document_id == document_id)
            .order_by(DocumentFile.id, FileVersion.number)
        ).all()
        return [tuple(row) for row in rows]


@pytest.fixture
def make_document(app, users):
    """make_document("36/KH-CĐBP", publish=True, units=["KKT"], attachments=[(name, bytes)]) -> id.

    Saved through services.save_document as the secretariat, as the pages do.
    """

    def make(symbol: str = "36/KH-CĐBP", **options) -> int:
        with app.app_context():
            author = db.session.get(User, users["secretariat"])
            return factories.document(author, symbol, **options).id

    return make


def document_row(app, document_id: int) -> Document:
    """The document as stored now (detached: read its plain columns only)."""
    with app.app_context():
        document = db.session.get(Document, document_id)
        db.session.expunge(document)
        return document
