"""PDF, DOCX and MP4: checked by structure and stored as uploaded, read in chunks or by seeking only.

check_pdf and check_docx also return the copy the judges get, without the metadata that names people
(pdfs.clean_pdf, ooxml.clean_docx).
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib

from django.core.files import File
from django.utils.translation import gettext

from . import ooxml, pdfs
from .rules import MB, FileRules, Reason, UploadRejected, wrong_type
from .sniff import Sample

# A real DOCX unpacks to a few times its size; these caps keep a zip bomb from eating disk, memory or CPU.
DOCX_MAX_UNPACKED = 200 * MB
DOCX_MAX_MEMBERS = 2000
CONTENT_TYPES_MAX = 1 * MB
MP4_MAX_BOXES = 10_000

logging.getLogger("pypdf").setLevel(logging.ERROR)  # hostile PDFs make it chatty; we refuse them anyway


# --- PDF ---------------------------------------------------------------------------------------


def check_pdf(*, file: File, data: Sample, name: str) -> File:
    from pypdf import PdfReader  # 0.1 s to import: paid by the first PDF, not by every process at start

    if b"%%EOF" not in data.tail:
        raise _corrupt_pdf(name)  # cut off in transfer, or not a PDF at all
    try:
        file.seek(0)
        reader = PdfReader(file, strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as error:  # pypdf raises a dozen types on hostile input; all of them mean "corrupt"
        raise _corrupt_pdf(name) from error
    finally:
        file.seek(0)
    if encrypted:
        raise UploadRejected(
            Reason.ENCRYPTED,
            gettext("“%(name)s” is protected with a password or restrictions. Save it again without protection.")
            % {"name": name},
        )
    if pages < 1:
        raise UploadRejected(Reason.NO_PAGES, gettext("“%(name)s” has no pages.") % {"name": name})
    return pdfs.clean_pdf(file=file, name=name)


def _corrupt_pdf(name: str) -> UploadRejected:
    return UploadRejected(
        Reason.CORRUPT,
        gettext("“%(name)s” is not a complete, readable PDF. Export or save it as PDF again.") % {"name": name},
    )


# --- DOCX --------------------------------------------------------------------------------------

DOCX_MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MARKERS = (b"vnd.ms-word.vbaproject", b"macroenabled", b"vnd.ms-office.vbaproject", b"vnd.ms-office.activex")
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError)
MACRO_MEMBER = re.compile(r"(vbaproject\.bin|vbadata\.xml|/activex/)", re.IGNORECASE)


def check_docx(*, file: File, name: str, rules: FileRules) -> File:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            _refuse_unsafe_archive(members=members, name=name)
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise wrong_type(name=name, rules=rules)  # a plain ZIP, or an Excel/PowerPoint file
            content_types = _read_capped(archive, "[Content_Types].xml").lower()
            if any(marker in content_types for marker in MACRO_MARKERS) or any(map(MACRO_MEMBER.search, names)):
                raise _macros(name)
            if DOCX_MAIN_TYPE not in content_types:
                raise wrong_type(name=name, rules=rules)
            # Unpacks every member in chunks and checks its CRC; sizes are capped above, so this is bounded.
            if archive.testzip() is not None:
                raise _corrupt_docx(name)
            ooxml.refuse_active_parts(archive=archive, content_types=content_types, name=name)
        return ooxml.clean_docx(file=file)
    except ooxml.UnsafeXml as error:
        raise _unsafe_archive(name) from error
    except ZIP_ERRORS as error:
        raise _corrupt_docx(name) from error
    finally:
        file.seek(0)


def _refuse_unsafe_archive(*, members: list[zipfile.ZipInfo], name: str) -> None:
    unpacked = sum(member.file_size for member in members)
    starts_at_zero = bool(members) and min(member.header_offset for member in members) == 0
    unsafe = (
        len(members) > DOCX_MAX_MEMBERS
        or unpacked > DOCX_MAX_UNPACKED
        or not starts_at_zero  # data glued in front of the archive
        or any(member.flag_bits & 0x1 for member in members)  # encrypted members
        or any(not _safe_member_name(member.filename) for member in members)
    )
    if unsafe:
        raise _unsafe_archive(name)


def _unsafe_archive(name: str) -> UploadRejected:
    return UploadRejected(
        Reason.UNSAFE_ARCHIVE,
        gettext(
            "“%(name)s” is not a normal Word document: it unpacks to too much data or contains unsafe parts. "
            "Save it again from Word or WPS."
        )
        % {"name": name},
    )


def _safe_member_name(member: str) -> bool:
    """No absolute paths, drive letters, backslashes or "..": an unzip tool must not write outside its folder."""
    if not member or "\\" in member or "\x00" in member or member.startswith("/") or re.match(r"^[A-Za-z]:", member):
        return False
    return ".." not in member.split("/")


def _read_capped(archive: zipfile.ZipFile, member: str) -> bytes:
    with archive.open(member) as handle:
        data = handle.read(CONTENT_TYPES_MAX + 1)
    if len(data) > CONTENT_TYPES_MAX:
        raise ValueError("content types part too large")
    return data


def _macros(name: str) -> UploadRejected:
    return UploadRejected(
        Reason.MACROS,
        gettext("“%(name)s” contains macros, which are not allowed. Save it as a plain Word document (.docx).")
        % {"name": name},
    )


def _corrupt_docx(name: str) -> UploadRejected:
    return UploadRejected(
        Reason.CORRUPT,
        gettext("“%(name)s” is not a complete, readable Word document. Save it as .docx again.") % {"name": name},
    )


# --- MP4 ---------------------------------------------------------------------------------------


def check_mp4(*, file: File, size: int, name: str) -> None:
    """Walk the top-level boxes by seeking: they must tile the file exactly and include the movie header."""
    offset, seen, count = 0, set(), 0
    try:
        while offset < size:
            count += 1
            file.seek(offset)
            header = file.read(16)
            if len(header) < 8 or count > MP4_MAX_BOXES:
                raise ValueError("truncated or endless box list")
            box_size, box_type = int.from_bytes(header[:4], "big"), header[4:8]
            if box_size == 1:
                if len(header) < 16:
                    raise ValueError("truncated large box")
                box_size = int.from_bytes(header[8:16], "big")
            elif box_size == 0:
                box_size = size - offset  # "to the end of the file"
            if box_size < 8 or not all(32 <= byte < 127 for byte in box_type):
                raise ValueError("not an MP4 box")
            seen.add(box_type)
            offset += box_size
    except ValueError as error:
        raise _corrupt_mp4(name) from error
    finally:
        file.seek(0)
    if offset != size or b"moov" not in seen:
        raise _corrupt_mp4(name)


def _corrupt_mp4(name: str) -> UploadRejected:
    return UploadRejected(
        Reason.CORRUPT,
        gettext("“%(name)s” is not a complete, playable MP4 video. Export it as MP4 again.") % {"name": name},
    )
