"""PDF active content and metadata, by walking every object with pikepdf (qpdf).

We do not look in the places viewers are known to look for actions: we look at every dictionary in the file
(each indirect object, everything nested in it, and the trailer), so an action chained through `/Next`, hung
on a link, a form field or a page, or reachable from nowhere at all is found just the same. A PDF with
scripts, actions that start programs, open other files or send data, or embedded files is refused — the
pupil saves it again as a plain PDF. Web links (`/URI`) stay: reports cite their sources, and viewers ask
before opening a link. The judges get a copy without the document information, XMP metadata and
annotation authors, which name the pupil and their teacher.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pikepdf
from django.core.files import File
from django.utils.translation import gettext, pgettext

from .rules import Reason, UploadRejected

SCRIPT, LAUNCH, EMBEDDED = "script", "launch", "embedded"
# Action types (/S) that run code, start programs, open or fetch other files, or send data somewhere.
ACTION_FINDS = {
    "/JavaScript": SCRIPT,
    "/RichMediaExecute": SCRIPT,
    "/Launch": LAUNCH,
    "/GoToR": LAUNCH,
    "/GoToE": LAUNCH,
    "/SubmitForm": LAUNCH,
    "/ImportData": LAUNCH,
    "/Rendition": LAUNCH,
    "/Movie": LAUNCH,
    "/Sound": LAUNCH,
}
# Annotation subtypes that carry a file or a player of their own.
SUBTYPE_FINDS = {"/FileAttachment": EMBEDDED, "/RichMedia": EMBEDDED, "/3D": EMBEDDED, "/Movie": LAUNCH}
# Keys that are scripts or embedded files wherever they appear.
KEY_FINDS = {"/JS": SCRIPT, "/XFA": SCRIPT, "/EF": EMBEDDED, "/EmbeddedFiles": EMBEDDED}
# Metadata that names people: the XMP streams (catalogue, pages, pictures) and applications' private data.
METADATA_KEYS = ("/Metadata", "/PieceInfo")
CONTAINERS = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)
MAX_OBJECTS = 500_000  # far beyond any real report; a file with more is refused as corrupt rather than walked


def clean_pdf(*, file: File, name: str) -> File:
    """Refuse `file` if it can act by itself; otherwise return a copy without metadata, to serve the judges."""
    file.seek(0)
    try:
        with pikepdf.open(file) as pdf:
            found = active_content(pdf)
            if not found:
                copy = _without_metadata(pdf)
    except UploadRejected:
        raise
    except Exception as error:  # qpdf gives up on some files pypdf read; either way not a PDF to pass on
        raise _corrupt(name) from error
    finally:
        file.seek(0)
    if found:
        raise _refused(name, found)
    return copy


def active_content(pdf: pikepdf.Pdf) -> set[str]:
    """What in `pdf` can act by itself: a subset of {SCRIPT, LAUNCH, EMBEDDED}."""
    found: set[str] = set()
    for dictionary in _dictionaries(pdf):
        for key, what in KEY_FINDS.items():
            if key in dictionary:
                found.add(what)
        found.update(_find(dictionary, "/S", ACTION_FINDS))
        found.update(_find(dictionary, "/Subtype", SUBTYPE_FINDS))
        if _name(dictionary.get("/Type")) == "/EmbeddedFile":
            found.add(EMBEDDED)
        names = dictionary.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
            found.add(SCRIPT)
    return found


def _dictionaries(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every dictionary in the file: the trailer, each indirect object and whatever is nested in them directly.

    Indirect references are not followed: the objects they point to are visited as indirect objects anyway.
    """
    stack: list[pikepdf.Object] = [pdf.trailer]
    for count, obj in enumerate(pdf.objects):
        if count > MAX_OBJECTS:
            raise ValueError("too many objects")
        stack.append(obj)
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            yield obj
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = obj
        else:
            continue
        stack.extend(child for child in children if isinstance(child, CONTAINERS) and not child.is_indirect)


def _find(dictionary: pikepdf.Dictionary, key: str, table: dict[str, str]) -> set[str]:
    value = _name(dictionary.get(key))
    return {table[value]} if value in table else set()


def _name(value: object) -> str | None:
    return str(value) if isinstance(value, pikepdf.Name) else None


def _without_metadata(pdf: pikepdf.Pdf) -> File:
    """The document information, every XMP stream and the authors of comments and markups removed.

    qpdf writes only the objects still reachable, so the metadata streams and earlier revisions of the file
    (incremental saves keep them) are gone from the copy, not merely unlinked.
    """
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    for dictionary in _dictionaries(pdf):
        for key in METADATA_KEYS:
            if key in dictionary:
                del dictionary[key]
        # An annotation's /T is its author ("贺妍"), except on form fields, where it is the field's name.
        if "/T" in dictionary and _is_annotation(dictionary) and _name(dictionary.get("/Subtype")) != "/Widget":
            del dictionary["/T"]
    copy = tempfile.TemporaryFile()  # handed to the caller, closed once stored
    pdf.save(copy, fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    copy.seek(0)
    return File(copy, name="clean.pdf")


def _is_annotation(dictionary: pikepdf.Dictionary) -> bool:
    return _name(dictionary.get("/Type")) == "/Annot" or ("/Subtype" in dictionary and "/Rect" in dictionary)


def _refused(name: str, found: set[str]) -> UploadRejected:
    words = {
        SCRIPT: gettext("scripts (JavaScript)"),
        LAUNCH: gettext("actions that open programs or other files or send data"),
        EMBEDDED: gettext("embedded files"),
    }
    listed = pgettext("list separator", ", ").join(words[what] for what in (SCRIPT, LAUNCH, EMBEDDED) if what in found)
    return UploadRejected(
        Reason.PDF_SCRIPT,
        gettext(
            "“%(name)s” contains %(found)s and cannot be uploaded. "
            "Save it again as a plain PDF (for example with “Print to PDF”) and upload that."
        )
        % {"name": name, "found": listed},
    )


def _corrupt(name: str) -> UploadRejected:
    return UploadRejected(
        Reason.CORRUPT,
        gettext("“%(name)s” is not a complete, readable PDF. Export or save it as PDF again.") % {"name": name},
    )
