"""inspect_upload: the one entry point the entry views call for every attachment before storing it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext

from . import documents, images
from .rules import FileKind, FileRules, Reason, UploadRejected, format_mb, wrong_type
from .sniff import Format, detect, refuse_polyglot, sample
from .storage import display_name, sha256_of

CONTENT_TYPES = {Format.PDF: "application/pdf", Format.MP4: "video/mp4"}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {Format.PDF: ".pdf", Format.ZIP: ".docx", Format.MP4: ".mp4"}


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    """A file that passed every check, ready for store_upload().

    `content` is what gets stored: the re-encoded picture for images, the uploaded file itself for
    everything else (so a big upload that Django spooled to a temporary file is moved, not copied).
    `sha256` and `size` describe exactly that content. `clean` is the copy of a PDF or DOCX the judges and
    the public get, without the metadata that names the pupil and their teachers (pictures are re-encoded
    without any metadata already, so their `content` is clean itself).
    """

    kind: FileKind
    extension: str
    content_type: str
    content: File
    size: int
    sha256: str
    display_name: str
    width: int | None = None
    height: int | None = None
    thumbnail: ContentFile | None = None
    thumbnail_width: int | None = None
    thumbnail_height: int | None = None
    clean: File | None = None


def inspect_upload(*, file: File, rules: FileRules) -> CheckedUpload:
    """Decide by content whether `file` may be attached under `rules`; raise UploadRejected if not.

    Nothing is stored and nothing but the first and last few kilobytes is read of a non-image,
    so a refusal costs little and leaves the rest of the entry as it was.
    """
    name = display_name(getattr(file, "name", None))
    data = sample(file)
    if data.size == 0:
        raise UploadRejected(Reason.EMPTY, gettext("“%(name)s” is empty (0 bytes).") % {"name": name})
    fmt = detect(data=data, name=name, rules=rules)
    if fmt.kind not in rules.kinds:
        raise wrong_type(name=name, rules=rules)
    limit = rules.limit_for(fmt.kind)
    if data.size > limit:
        raise UploadRejected(
            Reason.TOO_LARGE,
            gettext("“%(name)s” is %(size)s MB; files may be at most %(limit)s MB.")
            % {"name": name, "size": format_mb(data.size), "limit": format_mb(limit)},
        )
    refuse_polyglot(data=data, fmt=fmt, name=name)
    if fmt.kind == FileKind.IMAGE:
        return _checked_picture(file=file, fmt=fmt, name=name, rules=rules)
    clean = None
    if fmt == Format.PDF:
        clean = documents.check_pdf(file=file, data=data, name=name)
        content_type = CONTENT_TYPES[fmt]
    elif fmt == Format.ZIP:
        clean = documents.check_docx(file=file, name=name, rules=rules)
        content_type = DOCX_CONTENT_TYPE
    else:
        documents.check_mp4(file=file, size=data.size, name=name)
        content_type = CONTENT_TYPES[fmt]
    digest, size = sha256_of(file)
    return CheckedUpload(
        kind=fmt.kind,
        extension=EXTENSIONS[fmt],
        content_type=content_type,
        content=file,
        size=size,
        sha256=digest,
        display_name=name,
        clean=clean,
    )


def _checked_picture(*, file: File, fmt: Format, name: str, rules: FileRules) -> CheckedUpload:
    picture = images.process_image(file=file, fmt=fmt, name=name, rules=rules)
    content = picture.content.read()
    picture.content.seek(0)
    return CheckedUpload(
        kind=FileKind.IMAGE,
        extension=picture.extension,
        content_type=picture.content_type,
        content=picture.content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        display_name=name,
        width=picture.width,
        height=picture.height,
        thumbnail=picture.thumbnail,
        thumbnail_width=picture.thumbnail_width,
        thumbnail_height=picture.thumbnail_height,
    )


def clean_copy(*, file: File, kind: str, name: str) -> File:
    """The judges' copy of a stored PDF or DOCX, checked as a new upload would be (for files stored before
    copies were made). Raises UploadRejected for a file that would be refused today."""
    if kind == FileKind.PDF:
        return documents.check_pdf(file=file, data=sample(file), name=name)
    if kind == FileKind.DOCX:
        return documents.check_docx(file=file, name=name, rules=FileRules(kinds=frozenset({FileKind.DOCX})))
    raise ValueError(f"no clean copy for {kind!r}")
