"""A document's files with their versions: list, upload, new version, download."""

from flask import url_for
from flask_login import current_user

from intranet import storage
from intranet.api.core import Blueprint
from intranet.api.pagination import paginate, sorts
from intranet.api.schemas.common import page_of
from intranet.api.schemas.documents import (
    FileArgs,
    FileSchema,
    NewVersionSchema,
    UploadSchema,
    VersionSchema,
)
from intranet.documents import access, files, queries
from intranet.documents.models import DocumentFile, FileVersion
from intranet.domain import NotFound

bp = Blueprint("api-files", __name__, url_prefix="/api/v1", description="Tệp của văn bản")

DOC = "<int(min=1, max=2147483647):document_id>"
FILE = "<int(min=1, max=2147483647):file_id>"
VERSION = "<int(min=1, max=2147483647):version_id>"
SORTS = sorts({"id": DocumentFile.id, "created_at": DocumentFile.created_at}, DocumentFile.id)
BINARY = {
    "description": "Nội dung tệp, với kiểu đã nhận ra từ nội dung khi tải lên",
    "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
}


def version_out(version: FileVersion) -> dict:
    return {
        "id": version.id,
        "number": version.number,
        "original_name": version.original_name,
        "stored": version.stored,
        "uploaded_by": version.uploaded_by,
        "uploaded_at": version.uploaded_at,
        "download_url": url_for("api-files.download_version", version_id=version.id),
    }


def file_out(doc_file: DocumentFile) -> dict:
    versions = [version_out(v) for v in doc_file.versions]
    return {
        "id": doc_file.id,
        "document_id": doc_file.document_id,
        "created_at": doc_file.created_at,
        "current": versions[-1],
        "versions": versions,
    }


@bp.route(f"/documents/{DOC}/files")
@bp.arguments(FileArgs, location="query")
@bp.response(200, page_of(FileSchema))
@bp.problems(401, 404)
def list_files(args, document_id: int):
    """The document's attachments (not those in the trash), each with all its versions"""
    document = access.get_visible_or_404(document_id, current_user)
    page = paginate(queries.files_of(document), args, SORTS)
    page["items"] = [file_out(f) for f in page["items"]]
    return page


@bp.route(f"/documents/{DOC}/files", methods=["POST"])
@bp.multipart(UploadSchema)
@bp.response(201, FileSchema(many=True))
@bp.problems(401, 403, 404, 409, 413, 415, 422)
def upload_files(data, document_id: int):
    """Attach files (multipart, field "files", one or more): all of them, or none (secretariat)"""
    document = access.get_for("manage_files", document_id, current_user)
    added = files.attach(document, data["files"], current_user)
    return [file_out(f) for f in added]


@bp.route(f"/documents/{DOC}/files/{FILE}/versions", methods=["POST"])
@bp.multipart(NewVersionSchema)
@bp.response(201, VersionSchema)
@bp.problems(401, 403, 404, 409, 413, 415, 422)
def add_version(data, document_id: int, file_id: int):
    """A new version of an attachment (multipart, field "file"); earlier ones are kept"""
    doc_file = access.get_file_or_404(file_id, current_user)
    if doc_file.document_id != document_id:  # the same answer as for any file not found
        raise NotFound(kind="document_file", record_id=file_id)
    access.require(current_user, "manage_files", doc_file.document)  # issued: 409
    version = files.add_version(doc_file, data["file"], current_user)
    return version_out(version)


@bp.route(f"/files/versions/{VERSION}/download")
@bp.doc(responses={"200": BINARY})
@bp.problems(401, 404)
def download_version(version_id: int):
    """The bytes of one version, as an attachment with its original name"""
    version = access.get_version_or_404(version_id, current_user)
    files.note_download(version, "Tải về (API)")
    return storage.send(version.stored, version.original_name)
