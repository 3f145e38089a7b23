"""Deciding what a file is from its first bytes — never from its name or the browser's content type.

Polyglots (one file that is valid as two kinds, e.g. a JPEG that is also a PDF) are refused, not
"treated as one kind": the first bytes decide the kind, and another kind's signature where that kind's
readers look for it (a PDF header or HTML in the first kilobyte, a ZIP directory at the end) refuses
the file. Re-encoding would already strip a payload from an image, but PDFs, DOCX and MP4 are stored
as uploaded, and a pupil never has a reason to upload such a file, so one rule for every kind is simpler.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.core.files import File
from django.utils.translation import gettext

from .rules import FileKind, FileRules, Reason, UploadRejected, wrong_type

HEAD_BYTES = 4096
TAIL_BYTES = 1024
# PDF readers accept "%PDF-" anywhere in the first 1024 bytes, and browsers sniff about as far for HTML.
POLYGLOT_WINDOW = 1024

HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"})
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"mmp4", b"dash"}
)
EXECUTABLE_MAGIC = (
    b"\x7fELF",  # Linux
    b"MZ",  # Windows .exe / .dll
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders and widths
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, also Java class files
    b"#!",  # shell and other scripts
    b"\xd0\xcf\x11\xe0",  # OLE2: old .doc/.xls, often carrying macros
)
# Markup a browser would run or render if it ever sniffed the file; also what SVG and HTML start with.
ACTIVE_MARKERS = (b"<script", b"<html", b"<svg", b"<!doctype", b"<?php", b"<iframe", b"<body", b"<object", b"<embed")
TEXT_ACTIVE_MARKERS = (*ACTIVE_MARKERS, b"<?xml", b"javascript:", b"<head", b"<a ", b"<div")
ZIP_END_OF_DIRECTORY = b"PK\x05\x06"


class Format(enum.Enum):
    JPEG = "JPEG"
    PNG = "PNG"
    WEBP = "WEBP"
    HEIF = "HEIF"
    PDF = "PDF"
    ZIP = "ZIP"
    MP4 = "MP4"

    @property
    def kind(self) -> FileKind:
        if self in (Format.JPEG, Format.PNG, Format.WEBP, Format.HEIF):
            return FileKind.IMAGE
        if self == Format.PDF:
            return FileKind.PDF
        if self == Format.ZIP:
            return FileKind.DOCX
        return FileKind.VIDEO


@dataclass(frozen=True, slots=True)
class Sample:
    """The first and last bytes of a file: enough to tell what it is without reading it all."""

    head: bytes
    tail: bytes
    size: int


def sample(file: File) -> Sample:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(max(0, size - TAIL_BYTES))
    tail = file.read(TAIL_BYTES)
    file.seek(0)
    return Sample(head=head, tail=tail, size=size)


def detect(*, data: Sample, name: str, rules: FileRules) -> Format:
    """The format the first bytes announce, or UploadRejected saying why the file cannot be one of ours."""
    head = data.head
    if head.startswith(b"\xff\xd8\xff"):
        return Format.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Format.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Format.WEBP
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in HEIF_BRANDS:
            return Format.HEIF
        if brand in MP4_BRANDS:
            return Format.MP4
        raise wrong_type(name=name, rules=rules)  # QuickTime .mov, 3GP, AVIF…
    if head.startswith(b"%PDF-"):
        return Format.PDF
    if head.startswith(b"PK\x03\x04"):
        return Format.ZIP
    if head.startswith(EXECUTABLE_MAGIC):
        raise UploadRejected(
            Reason.EXECUTABLE,
            gettext("“%(name)s” is a program, not a picture or a document. Programs cannot be uploaded.")
            % {"name": name},
        )
    if _looks_like_markup(head):
        raise UploadRejected(
            Reason.ACTIVE_CONTENT,
            gettext(
                "“%(name)s” is a web page or an SVG drawing, which can carry scripts. "
                "Upload a photo or a PDF of it instead."
            )
            % {"name": name},
        )
    raise wrong_type(name=name, rules=rules)


def refuse_polyglot(*, data: Sample, fmt: Format, name: str) -> None:
    window = data.head[:POLYGLOT_WINDOW].lower()
    other_pdf = fmt != Format.PDF and b"%pdf-" in window
    markup = any(marker in window for marker in ACTIVE_MARKERS)
    # A ZIP is read from its end, so an archive glued to a picture or PDF opens as one in an unzip tool.
    glued_zip = fmt != Format.ZIP and ZIP_END_OF_DIRECTORY in data.tail
    if other_pdf or markup or glued_zip:
        raise UploadRejected(
            Reason.POLYGLOT,
            gettext(
                "“%(name)s” is several kinds of file at once (for example a picture that is also a PDF). "
                "Save it again as one kind and upload that."
            )
            % {"name": name},
        )


def _looks_like_markup(head: bytes) -> bool:
    text = head[:POLYGLOT_WINDOW]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if text.startswith(bom):
            text = text[len(bom) :]
    # UTF-16 markup: drop the zero bytes so "<\0s\0v\0g\0" reads "<svg".
    text = text.replace(b"\x00", b"").lstrip().lower()
    return text.startswith(b"<") or any(marker in text for marker in TEXT_ACTIVE_MARKERS)
