"""Where checked files go: generated names in dated folders, the original name kept only for display."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.files import File
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.translation import gettext

from core.storage import is_storage_full, private_storage

from .rules import Reason, UploadRejected

if TYPE_CHECKING:
    from .checking import CheckedUpload

DISPLAY_NAME_MAX = 100
CHUNK = 256 * 1024
# Characters Windows refuses in file names; replaced so a downloaded attachment saves under its own name.
RESERVED = re.compile(r'[<>:"|?*/\\]')
EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")
logger = logging.getLogger(__name__)


def storage_full() -> UploadRejected:
    return UploadRejected(
        Reason.STORAGE_FULL,
        gettext("The server's storage is full and the work was not saved; please tell the organizing committee."),
    )


def display_name(original: str | None) -> str:
    """A safe, readable name to show and to offer on download — never used as a path.

    "../../etc/passwd" → "passwd"; control and direction-override characters (which can make "exe.jpg"
    read as "gpj.exe") are dropped; at most 100 characters, cut in the middle so the extension survives.
    """
    name = unicodedata.normalize("NFC", original or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))
    name = RESERVED.sub("_", " ".join(name.split()))
    name = name.strip(" .")  # no hidden files, no "..", no trailing dots Windows would drop
    if not name:
        return gettext("unnamed file")
    if len(name) <= DISPLAY_NAME_MAX:
        return name
    match = EXTENSION.search(name)
    extension = match.group(0) if match else ""
    stem = name[: len(name) - len(extension)]
    return stem[: DISPLAY_NAME_MAX - len(extension) - 1].rstrip(" .") + "…" + extension


def storage_name(*, extension: str, folder: str = "entries", now: datetime | None = None) -> str:
    """entries/2026/11/<32 hex digits><extension>: unguessable, collision-free, nothing from the uploader."""
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", extension):
        raise ValueError(f"not a canonical extension: {extension!r}")
    when = timezone.localtime(now) if now is not None else timezone.localtime()
    return f"{folder}/{when:%Y}/{when:%m}/{uuid.uuid4().hex}{extension}"


def thumbnail_name(name: str) -> str:
    """The thumbnail sits next to its picture: entries/2026/11/<hex>.jpg → entries/2026/11/<hex>-thumb.jpg."""
    stem = name.rsplit(".", 1)[0]
    return f"{stem}-thumb.jpg"


def clean_name(name: str) -> str:
    """The judges' copy sits next to the original: entries/2026/11/<hex>.pdf → entries/2026/11/<hex>-clean.pdf."""
    stem, extension = name.rsplit(".", 1)
    return f"{stem}-clean.{extension}"


def sha256_of(file: File, *, limit: int | None = None) -> tuple[str, int]:
    """Hash in chunks, so a 200 MB video never sits in memory; also count the bytes actually there."""
    digest, size = hashlib.sha256(), 0
    file.seek(0)
    for chunk in file.chunks(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if limit is not None and size > limit:
            break
    file.seek(0)
    return digest.hexdigest(), size


@dataclass(frozen=True, slots=True)
class StoredUpload:
    name: str
    thumbnail_name: str
    clean_name: str
    display_name: str
    content_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None


def store_upload(
    *, checked: CheckedUpload, storage: Storage | None = None, folder: str = "entries", now: datetime | None = None
) -> StoredUpload:
    """Save a checked upload (its thumbnail, its clean copy) under generated names, in private storage by default.

    The caller records the result on its model inside its transaction and deletes the files again if that
    transaction fails; this function only cleans up after itself when a file cannot be written, and refuses the
    upload with a message for the user (UploadRejected) when the disk is full, deleting what was half written.
    """
    storage = storage or private_storage()
    saved: list[str] = []
    # The name being written: a save that fails half-way (a full disk) leaves that much behind.
    pending = storage_name(extension=checked.extension, folder=folder, now=now)
    try:
        name = storage.save(pending, checked.content)
        saved.append(name)
        thumb = clean = ""
        if checked.thumbnail is not None:
            pending = thumbnail_name(name)
            thumb = storage.save(pending, checked.thumbnail)
            saved.append(thumb)
        if checked.clean is not None:
            with checked.clean:
                pending = clean_name(name)
                clean = storage.save(pending, checked.clean)
                saved.append(clean)
    except Exception as exc:
        # Generated names are unique, so a file under the pending name is this save's partial write.
        for written in saved if pending in saved else [*saved, pending]:
            _delete_quietly(storage, written)
        if is_storage_full(exc):
            logger.error("upload refused: private storage is full (%s)", exc)
            raise storage_full() from exc
        raise
    return StoredUpload(
        name=name,
        thumbnail_name=thumb,
        clean_name=clean,
        display_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        width=checked.width,
        height=checked.height,
    )


def _delete_quietly(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # what cannot be deleted now, manage.py sweep_files takes away later
        logger.exception("could not delete %s after a failed upload", name)
