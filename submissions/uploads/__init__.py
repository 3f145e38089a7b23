"""Checking, converting and storing entry attachments. Pure functions: no models, no database.

The entry views call check_count() before accepting more files, inspect_upload() on each file (which
decides by content and raises UploadRejected with a message for the user), then store_upload().
"""

from .checking import CheckedUpload, clean_copy, inspect_upload
from .images import JPEG_MAX_PIXELS, MAX_PIXELS, THUMBNAIL_SIDE
from .rules import FileKind, FileRules, Reason, UploadRejected, check_count
from .storage import StoredUpload, clean_name, display_name, sha256_of, storage_name, store_upload, thumbnail_name

__all__ = [
    "JPEG_MAX_PIXELS",
    "MAX_PIXELS",
    "THUMBNAIL_SIDE",
    "CheckedUpload",
    "FileKind",
    "FileRules",
    "Reason",
    "StoredUpload",
    "UploadRejected",
    "check_count",
    "clean_copy",
    "clean_name",
    "display_name",
    "inspect_upload",
    "sha256_of",
    "storage_name",
    "store_upload",
    "thumbnail_name",
]
