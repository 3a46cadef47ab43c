"""The content-addressed file store: the one way the app saves, opens, sends and checks files.

It imports no domain area and nothing of Flask's request, so every area can use it.
"""

from intranet.storage.errors import BlobDamaged, BlobFault, BlobMissing, StorageError
from intranet.storage.files import (
    clean_name,
    is_referenced,
    missing_blobs,
    open_blob,
    open_verified,
    path_for,
    purge_if_unreferenced,
    save,
    stray_blobs,
    temp_files,
    upload_root,
    verify,
)
from intranet.storage.models import StoredFile
from intranet.storage.serve import send
from intranet.storage.types import FileType, detect

__all__ = [
    "BlobDamaged",
    "BlobFault",
    "BlobMissing",
    "FileType",
    "StorageError",
    "StoredFile",
    "clean_name",
    "detect",
    "is_referenced",
    "missing_blobs",
    "open_blob",
    "open_verified",
    "path_for",
    "purge_if_unreferenced",
    "save",
    "send",
    "stray_blobs",
    "temp_files",
    "upload_root",
    "verify",
]
