"""DOCX parts that act by themselves, and the judges' copy without the names Word and WPS write in.

Refused: embedded OLE objects (word/embeddings/*.bin, oleObject relationships; old equations and inserted
files, the way CVE-2017-11882 came in) and embedded HTML or RTF (altChunk), and every relationship to
something outside the document (a remote template in settings.xml.rels, a linked picture or frame) except
hyperlinks, which only open when clicked and which reports need for their sources. Embedded workbooks
(the data behind a chart, .xlsx) stay, cleaned like the document.

The copy for judges has empty document properties (docProps core, app and custom: creator, last modified by,
company, manager, title, WPS's build number) and every comment, revision and person attributed to
"匿名". XML is read with lxml with entities, DTDs and network access off; a part with a DTD is refused.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile

from django.core.files import File
from django.utils.translation import gettext
from lxml import etree

from .rules import Reason, UploadRejected

ANONYMOUS, ANONYMOUS_INITIALS = "匿名", "匿"
# Attributes (any namespace) that name a person: w:author / w:initials of comments and revisions (w:ins,
# w:del, w:rPrChange…), w15:person's author and presence, threaded comments' displayName.
PERSON_ATTRIBUTES = {
    "author": ANONYMOUS,
    "initials": ANONYMOUS_INITIALS,
    "displayName": ANONYMOUS,
    "userId": ANONYMOUS,
    "providerId": "None",
}
PERSON_ELEMENTS = {"author"}  # an embedded workbook's comment authors: <authors><author>贺妍</author></authors>
PACKAGE_EMBEDDINGS = (".xlsx", ".docx", ".pptx")
EMBEDDED_TYPES = ("/oleobject", "/afchunk", "/control")
HYPERLINK_TYPE = "/hyperlink"
PROPERTY_TYPES = {
    "/metadata/core-properties": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    ),
    "/extended-properties": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
    ),
    "/custom-properties": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
    ),
}
DEFAULT_PROPERTY_PARTS = {
    "docProps/core.xml": "/metadata/core-properties",
    "docProps/app.xml": "/extended-properties",
    "docProps/custom.xml": "/custom-properties",
}
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the members' dates say when the pupil worked; the copy says nothing


class UnsafeXml(ValueError):
    """A part with a DTD, or not XML at all."""


def parse_xml(data: bytes) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as error:
        raise UnsafeXml("not XML") from error
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXml("DTD")
    return tree


def relationships(archive: zipfile.ZipFile, member: str) -> list[tuple[str, str, str]]:
    """(type, target, target mode) of each relationship in a .rels part, the type and mode lower-cased."""
    found = []
    for element in parse_xml(archive.read(member)).getroot().iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "Relationship":
            found.append(
                (
                    element.get("Type", "").strip().lower(),
                    element.get("Target", "").strip(),
                    element.get("TargetMode", "").strip().lower(),
                )
            )
    return found


def refuse_active_parts(*, archive: zipfile.ZipFile, content_types: bytes, name: str) -> None:
    """Refuse embedded objects and relationships to anything outside the document other than hyperlinks."""
    names = [member.filename for member in archive.infolist()]
    embedded = b"oleobject" in content_types or any(
        member.lower().startswith("word/embeddings/") and not member.lower().endswith(PACKAGE_EMBEDDINGS)
        for member in names
    )
    external = False
    for member in names:
        if not member.lower().endswith(".rels"):
            continue
        for kind, _target, mode in relationships(archive, member):
            embedded = embedded or kind.endswith(EMBEDDED_TYPES)
            external = external or (mode == "external" and not kind.endswith(HYPERLINK_TYPE))
    if embedded:
        raise UploadRejected(
            Reason.EMBEDDED_OBJECT,
            gettext(
                "“%(name)s” contains embedded objects (OLE objects such as old-style equations or inserted files), "
                "which are not allowed. Turn them into pictures or remove them, then save it again."
            )
            % {"name": name},
        )
    if external:
        raise UploadRejected(
            Reason.EXTERNAL_CONTENT,
            gettext(
                "“%(name)s” loads a template, picture or other part from outside the document, which is not "
                "allowed. Remove the linked template or picture and save it again."
            )
            % {"name": name},
        )


def clean_docx(*, file: File) -> File:
    """A copy of the checked DOCX `file` for judges: empty properties, anonymous comments and revisions."""
    file.seek(0)
    copy = tempfile.TemporaryFile()  # handed to the caller, closed once stored
    try:
        with zipfile.ZipFile(file) as source:
            _clean_package(source=source, target=copy, nested=False)
    finally:
        file.seek(0)
    copy.seek(0)
    return File(copy, name="clean.docx")


def _clean_package(*, source: zipfile.ZipFile, target, nested: bool) -> None:
    properties = _property_parts(source)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            lower = info.filename.lower()
            if info.filename in properties:
                out.writestr(member, PROPERTY_TYPES[properties[info.filename]])
            elif lower.endswith(".xml"):
                out.writestr(member, _anonymised(source.read(info)))
            elif lower.endswith(PACKAGE_EMBEDDINGS) and not nested:
                out.writestr(member, _cleaned_embedding(source.read(info)))
            else:
                with source.open(info) as reader, out.open(member, "w") as writer:
                    shutil.copyfileobj(reader, writer, 256 * 1024)


def _property_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Which members are the core, extended (app) and custom properties: by the package's relationships."""
    names = set(archive.namelist())
    parts = {member: kind for member, kind in DEFAULT_PROPERTY_PARTS.items() if member in names}
    if "_rels/.rels" in names:
        for relationship_type, target, _mode in relationships(archive, "_rels/.rels"):
            for kind in PROPERTY_TYPES:
                if relationship_type.endswith(kind) and target.lstrip("/") in names:
                    parts[target.lstrip("/")] = kind
    return parts


def _anonymised(data: bytes) -> bytes:
    tree = parse_xml(data)
    changed = False
    for element in tree.getroot().iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        for key in list(element.attrib):
            replacement = PERSON_ATTRIBUTES.get(etree.QName(key).localname)
            if replacement is not None and element.attrib[key] != replacement:
                element.attrib[key] = replacement
                changed = True
        if etree.QName(element).localname in PERSON_ELEMENTS and len(element) == 0 and element.text:
            element.text, changed = ANONYMOUS, True
    if not changed:
        return data  # as written by Word: nothing re-serialised that need not be
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def _cleaned_embedding(data: bytes) -> bytes:
    """The workbook behind a chart carries the same creator and company; clean it too (one level deep)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data  # not a package after all: nothing of Office's in it to clean
    with source:
        target = io.BytesIO()
        _clean_package(source=source, target=target, nested=True)
        return target.getvalue()
