"""PDF and DOCX: refused when they can act by themselves, and copied for judges without the names in them."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest

from submissions.uploads import FileKind, FileRules, Reason, UploadRejected, inspect_upload
from tests import corpus, office

DOCUMENTS = FileRules(kinds=frozenset({FileKind.IMAGE, FileKind.PDF, FileKind.DOCX}))
NAMES = ["贺妍", "20240201", "三年级2班", "李老师", "育才小学"]
PUPIL = {
    "creator": "贺妍 20240201",
    "modified_by": "李老师",
    "title": "三年级2班 贺妍",
    "company": "育才小学",
    "commenter": "李老师",
}
PLAIN_PDF = "请另存为普通 PDF（例如用“打印为 PDF”）后再传。"


def refusal(name: str, content: bytes) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(file=corpus.upload(name, content), rules=DOCUMENTS)
    return caught.value


def encodings(name: str) -> list[bytes]:
    """How a name can sit in a file: UTF-8 (XML, XMP), UTF-16 (PDF strings) and qpdf's hex strings."""
    utf16 = name.encode("utf-16-be")
    return [name.encode(), utf16, utf16.hex().encode(), utf16.hex().upper().encode()]


def assert_names_nowhere(data: bytes) -> None:
    for name in NAMES:
        assert not any(form in data for form in encodings(name)), name


def unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {member: archive.read(member) for member in archive.namelist()}


# --- refused ---------------------------------------------------------------------------------------

HOSTILE_PDFS = [
    pytest.param(office.pdf_goto_then_javascript(), "脚本（JavaScript）", id="goto-open-action-chaining-javascript"),
    pytest.param(office.pdf_link_running_javascript(), "脚本（JavaScript）", id="link-running-javascript"),
    pytest.param(office.pdf_link_launching_cmd(), "打开程序、其他文件或发送数据的动作", id="link-launching-cmd-exe"),
    pytest.param(office.pdf_field_with_focus_script(), "脚本（JavaScript）", id="form-field-focus-script"),
    pytest.param(office.pdf_attaching_an_exe(), "嵌入的文件", id="file-attachment-with-exe"),
    pytest.param(office.pdf_with_document_javascript(), "脚本（JavaScript）", id="document-level-javascript"),
    pytest.param(corpus.pdf(javascript=True), "脚本（JavaScript）", id="javascript-open-action"),
]


@pytest.mark.parametrize(("content", "found"), HOSTILE_PDFS)
def test_pdf_that_can_act_by_itself_is_refused_naming_what_was_found(content, found):
    rejected = refusal("报告.pdf", content)

    assert (rejected.code, rejected.message) == (Reason.PDF_SCRIPT, f"“报告.pdf”中含有{found}，不能上传；{PLAIN_PDF}")


HOSTILE_DOCX = [
    pytest.param(
        office.docx_with_ole_object(),
        Reason.EMBEDDED_OBJECT,
        "“报告.docx”含有嵌入对象（OLE 对象，例如旧式公式或插入的文件），不能上传；请把它们转为图片或删除后重新保存。",
        id="ole-object",
    ),
    pytest.param(
        office.docx_with_remote_template(),
        Reason.EXTERNAL_CONTENT,
        "“报告.docx”会从文档外部加载模板、图片或其他内容，不能上传；请去掉链接的模板或图片后重新保存。",
        id="remote-template",
    ),
    pytest.param(
        office.docx_with_remote_template(mode="&#69;xternal"),
        Reason.EXTERNAL_CONTENT,
        "“报告.docx”会从文档外部加载模板、图片或其他内容，不能上传；请去掉链接的模板或图片后重新保存。",
        id="remote-template-spelled-with-a-character-reference",
    ),
    pytest.param(
        office.docx_with_linked_picture(),
        Reason.EXTERNAL_CONTENT,
        "“报告.docx”会从文档外部加载模板、图片或其他内容，不能上传；请去掉链接的模板或图片后重新保存。",
        id="picture-linked-from-a-share",
    ),
    pytest.param(
        office.word_docx(
            **office.PLAIN, extra={"word/comments.xml": '<!DOCTYPE x [<!ENTITY a "李老师">]><x a="&a;"/>'}
        ),
        Reason.UNSAFE_ARCHIVE,
        "“报告.docx”不是正常的 Word 文档：解压后数据过大或含有不安全的内容，请用 Word 或 WPS 重新保存。",
        id="part-with-a-dtd",
    ),
]


@pytest.mark.parametrize(("content", "code", "message"), HOSTILE_DOCX)
def test_docx_with_embedded_objects_or_outside_parts_is_refused(content, code, message):
    rejected = refusal("报告.docx", content)

    assert (rejected.code, rejected.message) == (code, message)


# --- accepted, and cleaned for the judges ----------------------------------------------------------


def test_ordinary_pdf_with_a_web_link_is_accepted_and_stored_as_uploaded():
    original = office.exported_pdf(author="贺妍 20240201", title="三年级2班 贺妍", link=True)

    checked = inspect_upload(file=corpus.upload("报告.pdf", original), rules=DOCUMENTS)

    assert checked.content.read() == original
    with pikepdf.open(io.BytesIO(checked.clean.read())) as clean:
        annotations = [dict(a.items()) for a in clean.pages[0].Annots]
    assert str(annotations[0]["/A"].URI) == "https://www.kepuchina.cn/"


def test_pdf_copy_for_judges_has_no_document_information_xmp_or_comment_author():
    original = office.exported_pdf(author="贺妍 20240201", title="三年级2班 贺妍")
    with pikepdf.open(io.BytesIO(original)) as pdf:  # the names really are in what was uploaded
        assert (str(pdf.docinfo.Author), str(pdf.docinfo.Title)) == ("贺妍 20240201", "三年级2班 贺妍")

    checked = inspect_upload(file=corpus.upload("报告.pdf", original), rules=DOCUMENTS)
    clean = checked.clean.read()

    assert_names_nowhere(clean)
    with pikepdf.open(io.BytesIO(clean)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        assert "/Metadata" not in pdf.pages[0]
        assert [str(a.Contents) for a in pdf.pages[0].Annots] == ["好"]  # the comment stays, without its author
        assert ["/T" in a for a in pdf.pages[0].Annots] == [False]
        assert len(pdf.pages) == 1


@pytest.mark.parametrize("wps", [False, True], ids=["word", "wps"])
def test_docx_copy_for_judges_names_nobody_in_properties_comments_or_revisions(wps):
    original = office.word_docx(**PUPIL, wps=wps, hyperlink=True)
    assert "贺妍".encode() in unzipped(original)["docProps/core.xml"]

    checked = inspect_upload(file=corpus.upload("报告.docx", original), rules=DOCUMENTS)
    clean = checked.clean.read()

    assert checked.content.read() == original
    parts = unzipped(clean)
    assert sorted(parts) == sorted(unzipped(original))
    for part in parts.values():
        assert_names_nowhere(part)
    assert_names_nowhere(clean)
    for marker in (b"WPS Office", b"KSOProductBuildVer", b"Microsoft Office Word", b"school.example"):
        assert not any(marker in part for part in parts.values())
    assert b'w:author="\xe5\x8c\xbf\xe5\x90\x8d"' in parts["word/comments.xml"]  # 匿名
    # Word's own prefixes survive, so mc:Ignorable="w14 w15" still names declared prefixes.
    assert b'mc:Ignorable="w14 w15"' in parts["word/document.xml"]
    assert b"xmlns:w14=" in parts["word/document.xml"]
    assert "我的小发明：自动浇花器".encode() in parts["word/document.xml"]
    assert b"https://www.kepuchina.cn/" in parts["word/_rels/document.xml.rels"]


def test_plain_docx_with_a_hyperlink_is_accepted():
    checked = inspect_upload(
        file=corpus.upload("报告.docx", office.word_docx(**office.PLAIN, hyperlink=True)), rules=DOCUMENTS
    )

    assert (checked.kind, checked.content_type) == (
        FileKind.DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def test_chart_workbook_inside_a_docx_is_kept_and_cleaned_too():
    workbook = office.word_docx(**PUPIL)  # any package with Office properties will do
    original = office.word_docx(**PUPIL, extra={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})

    clean = inspect_upload(file=corpus.upload("报告.docx", original), rules=DOCUMENTS).clean.read()

    inner = unzipped(unzipped(clean)["word/embeddings/Microsoft_Excel_Worksheet.xlsx"])
    for part in inner.values():
        assert_names_nowhere(part)
