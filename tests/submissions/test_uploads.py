"""submissions.uploads: every attachment is judged by its content; bad ones are refused with a clear message."""

from __future__ import annotations

import hashlib
import io
import re
import tracemalloc
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.utils import translation
from PIL import Image

from competitions.models import FileType
from submissions.uploads import (
    JPEG_MAX_PIXELS,
    MAX_PIXELS,
    FileKind,
    FileRules,
    Reason,
    UploadRejected,
    check_count,
    display_name,
    inspect_upload,
    storage_name,
    store_upload,
)
from tests import corpus

MB = 1024 * 1024
PHOTOS_AND_PDF = FileRules()  # the default: photos and PDF, 20 MB, 10 files
EVERYTHING = FileRules(kinds=frozenset(FileKind), max_bytes=100 * MB)
ACCEPTED_DEFAULT = "照片（JPEG、PNG、WebP、HEIC）、PDF 文档"
ACCEPTED_ALL = "照片（JPEG、PNG、WebP、HEIC）、PDF 文档、Word 文档（DOCX）、MP4 视频"


def reopen(checked) -> Image.Image:
    checked.content.seek(0)
    image = Image.open(io.BytesIO(checked.content.read()))
    image.load()
    return image


def refusal(name: str, content: bytes, rules: FileRules = PHOTOS_AND_PDF) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        inspect_upload(file=corpus.upload(name, content, content_type="image/jpeg"), rules=rules)
    return caught.value


# --- photos: rotated, re-encoded, stripped, thumbnailed -------------------------------------------------


def test_phone_photo_is_turned_upright_and_loses_exif_and_gps():
    upload = corpus.upload("IMG_0001.JPG", corpus.jpeg(size=(64, 48), orientation=6, gps=True), "image/jpeg")

    checked = inspect_upload(file=upload, rules=PHOTOS_AND_PDF)

    image = reopen(checked)
    assert (checked.kind, checked.extension, checked.content_type) == (FileKind.IMAGE, ".jpg", "image/jpeg")
    assert (checked.width, checked.height) == (48, 64)
    assert image.size == (48, 64)
    # Orientation 6 means "turn 90° clockwise": the red left half ends up on top.
    assert image.getpixel((24, 5))[0] > 200
    assert image.getpixel((24, 58))[2] > 200
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_reencoded_photo_keeps_no_metadata_at_all():
    original = corpus.jpeg(gps=True, xmp=True, icc=True, comment=b"taken at 31.23N 121.47E")
    assert b"Exif" in original and b"ns.adobe.com/xap" in original and b"ICC_PROFILE" in original

    checked = inspect_upload(file=corpus.upload("a.jpg", original), rules=PHOTOS_AND_PDF)

    data = checked.content.read()
    image = reopen(checked)
    assert [
        marker for marker in (b"Exif", b"ns.adobe.com/xap", b"ICC_PROFILE", b"31.23N", b"PhoneMaker") if marker in data
    ] == []
    assert set(image.info) & {"exif", "xmp", "icc_profile", "comment"} == set()


def _pixels(data: bytes) -> bytes:
    image = Image.open(io.BytesIO(data))
    return image.convert("RGB").tobytes()


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="baseline"),
        pytest.param({"progressive": True}, id="progressive"),
        pytest.param({"restart_marker_blocks": 2}, id="restart-markers"),
    ],
)
def test_an_upright_phone_photo_keeps_its_picture_byte_for_byte_and_nothing_else(options):
    # What most phones send: upright, EXIF with the place it was taken, an sRGB profile. Its compressed
    # picture is kept as it is (no second loss of quality), everything around it goes, also what follows it.
    original = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F], exif[0x8825] = "PhoneMaker", {1: "N", 2: (31.0, 14.0, 3.5), 3: "E", 4: (121.0, 28.0, 7.25)}
    corpus.picture((640, 480)).save(
        original,
        format="JPEG",
        quality=90,
        exif=exif.tobytes(),
        xmp=corpus.XMP,
        comment=b"taken at 31.23N 121.47E",
        icc_profile=corpus.srgb_profile(),
        **options,
    )
    uploaded = original.getvalue() + b"hidden after the picture: 31.23N 121.47E"  # (a ZIP here is refused)

    checked = inspect_upload(file=corpus.upload("IMG_0002.JPG", uploaded), rules=PHOTOS_AND_PDF)

    data = checked.content.read()
    assert _pixels(data) == _pixels(original.getvalue())  # not re-encoded: the very same pixels
    assert data.endswith(b"\xff\xd9")
    assert [m for m in (b"Exif", b"ns.adobe.com/xap", b"ICC_PROFILE", b"31.23N", b"PhoneMaker") if m in data] == []
    image = reopen(checked)
    assert set(image.info) & {"exif", "xmp", "icc_profile", "comment"} == set()
    assert (checked.width, checked.height) == (640, 480) and checked.size == len(data)
    thumb = Image.open(checked.thumbnail)
    assert thumb.size == (480, 360)
    assert thumb.getpixel((10, 180))[0] > 200 and thumb.getpixel((470, 180))[2] > 200


def test_a_photo_in_cmyk_is_re_encoded_in_rgb():
    original = io.BytesIO()
    corpus.picture((64, 48)).convert("CMYK").save(original, format="JPEG", quality=95)  # Adobe's marker, inverted

    image = reopen(inspect_upload(file=corpus.upload("scan.jpg", original.getvalue()), rules=PHOTOS_AND_PDF))

    assert image.mode == "RGB"
    assert image.getpixel((5, 24))[0] > 180 and image.getpixel((58, 24))[2] > 180


def test_a_truncated_upright_photo_is_refused_although_its_header_is_whole():
    whole = corpus.jpeg(size=(640, 480))
    for cut in (len(whole) - 50, len(whole) * 2 // 3):
        error = refusal("IMG_0003.JPG", whole[:cut])
        assert error.code == Reason.CORRUPT and "损坏" in error.message


def test_sha256_and_size_describe_the_stored_content():
    checked = inspect_upload(file=corpus.upload("a.jpg", corpus.jpeg()), rules=PHOTOS_AND_PDF)

    data = checked.content.read()

    assert (checked.sha256, checked.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_png_with_transparency_stays_png_with_alpha_and_without_text_chunks():
    checked = inspect_upload(file=corpus.upload("logo.png", corpus.png(alpha=True)), rules=PHOTOS_AND_PDF)

    image = reopen(checked)
    assert (checked.extension, checked.content_type, image.format, image.mode) == (".png", "image/png", "PNG", "RGBA")
    assert image.getpixel((0, 0))[3] == 0
    assert "Author" not in image.info


def test_png_without_transparency_stays_lossless_png():
    checked = inspect_upload(file=corpus.upload("drawing.png", corpus.png(alpha=False)), rules=PHOTOS_AND_PDF)

    assert (checked.extension, reopen(checked).mode) == (".png", "RGB")


def test_webp_becomes_jpeg_and_transparent_webp_becomes_png():
    opaque = inspect_upload(file=corpus.upload("a.webp", corpus.webp()), rules=PHOTOS_AND_PDF)
    clear = inspect_upload(file=corpus.upload("b.webp", corpus.webp(alpha=True)), rules=PHOTOS_AND_PDF)

    assert (opaque.extension, reopen(opaque).format) == (".jpg", "JPEG")
    assert (clear.extension, reopen(clear).format, reopen(clear).getpixel((0, 0))[3]) == (".png", "PNG", 0)


def test_heic_from_a_phone_becomes_jpeg():
    original = corpus.heic(size=(64, 48))
    assert original[4:12] == b"ftypheic"

    checked = inspect_upload(file=corpus.upload("IMG_2024.HEIC", original, "image/heic"), rules=PHOTOS_AND_PDF)

    image = reopen(checked)
    assert (checked.extension, checked.content_type, image.format, image.size) == (
        ".jpg",
        "image/jpeg",
        "JPEG",
        (64, 48),
    )


def test_heic_held_sideways_is_turned_upright_once_and_loses_its_exif():
    original = corpus.heic(size=(64, 48), orientation=6)

    checked = inspect_upload(file=corpus.upload("IMG_2025.HEIC", original), rules=PHOTOS_AND_PDF)

    image = reopen(checked)
    assert (checked.width, checked.height, image.size) == (48, 64, (48, 64))
    assert dict(image.getexif()) == {}
    assert b"PhoneMaker" not in checked.content.read()


def test_thumbnail_is_a_jpeg_at_most_480_pixels_on_the_long_side():
    checked = inspect_upload(file=corpus.upload("big.jpg", corpus.jpeg(size=(1600, 1200))), rules=PHOTOS_AND_PDF)

    checked.thumbnail.seek(0)
    thumb = Image.open(checked.thumbnail)
    assert (thumb.format, thumb.size) == ("JPEG", (480, 360))
    assert (checked.thumbnail_width, checked.thumbnail_height) == (480, 360)
    assert dict(thumb.getexif()) == {}


def test_thumbnail_of_a_small_picture_is_not_enlarged_and_transparency_is_flattened_on_white():
    checked = inspect_upload(file=corpus.upload("logo.png", corpus.png(size=(40, 30))), rules=PHOTOS_AND_PDF)

    checked.thumbnail.seek(0)
    thumb = Image.open(checked.thumbnail)
    assert (thumb.format, thumb.mode, thumb.size) == ("JPEG", "RGB", (40, 30))
    assert min(thumb.getpixel((2, 2))) > 240


def test_minimum_size_applies_whichever_way_the_photo_is_held():
    rules = FileRules(min_width=80, min_height=60)

    portrait = inspect_upload(file=corpus.upload("p.jpg", corpus.jpeg(size=(60, 80))), rules=rules)

    assert (portrait.width, portrait.height) == (60, 80)
    assert refusal("小图.jpg", corpus.jpeg(size=(79, 60)), rules).message == (
        "“小图.jpg”为 79×60 像素，图片至少需要 80×60 像素。"
    )


# --- documents and video ---------------------------------------------------------------------------


def test_pdf_is_accepted_as_uploaded():
    original = corpus.pdf(pages=2)

    checked = inspect_upload(file=corpus.upload("报告.pdf", original, "application/pdf"), rules=PHOTOS_AND_PDF)

    assert (checked.kind, checked.extension, checked.content_type) == (FileKind.PDF, ".pdf", "application/pdf")
    assert (checked.sha256, checked.size, checked.thumbnail) == (
        hashlib.sha256(original).hexdigest(),
        len(original),
        None,
    )
    assert checked.content.read() == original


def test_docx_is_accepted_where_the_competition_takes_word_documents():
    checked = inspect_upload(file=corpus.upload("设计说明.docx", corpus.docx()), rules=EVERYTHING)

    assert (checked.kind, checked.extension, checked.content_type) == (
        FileKind.DOCX,
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def test_mp4_is_accepted_only_where_the_competition_allows_video():
    checked = inspect_upload(file=corpus.upload("演示.mp4", corpus.mp4(), "video/mp4"), rules=EVERYTHING)

    assert (checked.kind, checked.extension, checked.content_type) == (FileKind.VIDEO, ".mp4", "video/mp4")
    assert EVERYTHING.allows_mp4 and not PHOTOS_AND_PDF.allows_mp4
    assert refusal("演示.mp4", corpus.mp4()).message == (
        f"“演示.mp4”不是本项比赛接受的文件类型。可以上传：{ACCEPTED_DEFAULT}。"
    )


def test_videos_may_have_their_own_size_limit():
    rules = FileRules(kinds=frozenset({FileKind.IMAGE, FileKind.VIDEO}), max_bytes=1 * MB, max_video_bytes=3 * MB)

    checked = inspect_upload(file=corpus.upload("v.mp4", corpus.mp4(media=b"\x00" * (2 * MB))), rules=rules)

    assert checked.kind == FileKind.VIDEO


# --- the bad-input corpus ----------------------------------------------------------------------------

BAD = [
    pytest.param(
        "setup.jpg",
        corpus.ELF,
        Reason.EXECUTABLE,
        "“setup.jpg”是程序，不是图片或文档。不能上传程序。",
        id="elf-renamed-jpg",
    ),
    pytest.param(
        "游戏.jpg",
        corpus.PE,
        Reason.EXECUTABLE,
        "“游戏.jpg”是程序，不是图片或文档。不能上传程序。",
        id="exe-renamed-jpg",
    ),
    pytest.param(
        "半张.jpg",
        corpus.truncated_jpeg(),
        Reason.CORRUPT,
        "“半张.jpg”已损坏或不完整，无法作为图片打开，请重新保存或重新拍摄。",
        id="truncated-jpeg",
    ),
    pytest.param("空.jpg", b"", Reason.EMPTY, "“空.jpg”是空文件（0 字节）。", id="empty"),
    pytest.param(
        "bomb.png",
        corpus.bilevel_png(30000, 30000),
        Reason.BOMB,
        "“bomb.png”像素过多，无法安全处理（最多 40 百万像素）。",
        id="30000x30000-png",
    ),
    pytest.param(
        "56mp.png",
        corpus.bilevel_png(8000, 7000),
        Reason.BOMB,
        "“56mp.png”像素过多，无法安全处理（最多 40 百万像素）。",
        id="between-warning-and-error",
        # pytest resets warning filters per test; this restores the one submissions.uploads sets at import.
        marks=pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning"),
    ),
    pytest.param(
        "logo.svg",
        corpus.SVG,
        Reason.ACTIVE_CONTENT,
        "“logo.svg”是网页或 SVG 图形，可能带有脚本。请改为上传它的照片或 PDF。",
        id="svg",
    ),
    pytest.param(
        "logo.jpg",
        corpus.SVG_WITH_DECLARATION,
        Reason.ACTIVE_CONTENT,
        "“logo.jpg”是网页或 SVG 图形，可能带有脚本。请改为上传它的照片或 PDF。",
        id="svg-with-xml-declaration",
    ),
    pytest.param(
        "作品.html",
        corpus.HTML,
        Reason.ACTIVE_CONTENT,
        "“作品.html”是网页或 SVG 图形，可能带有脚本。请改为上传它的照片或 PDF。",
        id="html-with-script",
    ),
    pytest.param(
        "photo.jpg",
        corpus.pdf_jpeg_polyglot(),
        Reason.POLYGLOT,
        "“photo.jpg”同时是几种文件（例如既是图片又是 PDF）。请另存为一种格式后再上传。",
        id="pdf-jpeg-polyglot",
    ),
    pytest.param(
        "photo.jpg",
        corpus.jpeg_with_script(),
        Reason.POLYGLOT,
        "“photo.jpg”同时是几种文件（例如既是图片又是 PDF）。请另存为一种格式后再上传。",
        id="jpeg-with-html-in-a-comment",
    ),
    pytest.param(
        "报告.pdf",
        corpus.pdf_with_zip_appended(),
        Reason.POLYGLOT,
        "“报告.pdf”同时是几种文件（例如既是图片又是 PDF）。请另存为一种格式后再上传。",
        id="pdf-with-zip-glued-on",
    ),
    pytest.param(
        "动图.gif",
        corpus.gif(),
        Reason.WRONG_TYPE,
        f"“动图.gif”不是本项比赛接受的文件类型。可以上传：{ACCEPTED_DEFAULT}。",
        id="gif",
    ),
    pytest.param(
        "notes.txt",
        "就是一段文字".encode(),
        Reason.WRONG_TYPE,
        f"“notes.txt”不是本项比赛接受的文件类型。可以上传：{ACCEPTED_DEFAULT}。",
        id="plain-text",
    ),
    pytest.param(
        "报告.pdf",
        corpus.pdf()[:-40],
        Reason.CORRUPT,
        "“报告.pdf”不是完整可读的 PDF 文件，请重新导出或另存为 PDF。",
        id="truncated-pdf",
    ),
    pytest.param(
        "报告.pdf",
        b"%PDF-1.7\n" + b"garbage " * 100 + b"\n%%EOF\n",
        Reason.CORRUPT,
        "“报告.pdf”不是完整可读的 PDF 文件，请重新导出或另存为 PDF。",
        id="pdf-header-and-trailer-only",
    ),
    pytest.param(
        "循环.pdf",
        corpus.cyclic_pdf(),
        Reason.CORRUPT,
        "“循环.pdf”不是完整可读的 PDF 文件，请重新导出或另存为 PDF。",
        id="pdf-with-cyclic-page-tree",
    ),
    pytest.param(
        "加密.pdf",
        corpus.pdf(password="123456"),
        Reason.ENCRYPTED,
        "“加密.pdf”设置了密码或权限保护，请去掉保护后重新保存再上传。",
        id="encrypted-pdf",
    ),
    pytest.param("空白.pdf", corpus.pdf(pages=0), Reason.NO_PAGES, "“空白.pdf”没有任何页面。", id="pdf-without-pages"),
    pytest.param(
        "脚本.pdf",
        corpus.pdf(javascript=True),
        Reason.PDF_SCRIPT,
        "“脚本.pdf”中含有脚本（JavaScript），不能上传；请另存为普通 PDF（例如用“打印为 PDF”）后再传。",
        id="pdf-with-javascript",
    ),
]


@pytest.mark.parametrize(("name", "content", "code", "message"), BAD)
def test_bad_upload_is_refused_with_a_clear_chinese_message(name, content, code, message):
    rejected = refusal(name, content)

    assert (rejected.code, rejected.message) == (code, message)


BAD_FOR_DOCX_AND_VIDEO = [
    pytest.param(
        "宏.docx",
        corpus.docx(macros=True),
        Reason.MACROS,
        "“宏.docx”含有宏，不允许上传，请另存为普通 Word 文档（.docx）。",
        id="docx-with-macros",
    ),
    pytest.param(
        "slip.docx",
        corpus.docx(extra={"../../evil.sh": b"rm -rf /"}),
        Reason.UNSAFE_ARCHIVE,
        "“slip.docx”不是正常的 Word 文档：解压后数据过大或含有不安全的内容，请用 Word 或 WPS 重新保存。",
        id="docx-with-dotdot-member",
    ),
    pytest.param(
        "abs.docx",
        corpus.docx(extra={"/etc/cron.d/evil": b"x"}),
        Reason.UNSAFE_ARCHIVE,
        "“abs.docx”不是正常的 Word 文档：解压后数据过大或含有不安全的内容，请用 Word 或 WPS 重新保存。",
        id="docx-with-absolute-member",
    ),
    pytest.param(
        "many.docx",
        corpus.docx(extra={f"word/media/{number}.txt": b"" for number in range(2001)}),
        Reason.UNSAFE_ARCHIVE,
        "“many.docx”不是正常的 Word 文档：解压后数据过大或含有不安全的内容，请用 Word 或 WPS 重新保存。",
        id="docx-with-too-many-members",
    ),
    pytest.param(
        "notes.docx",
        corpus.plain_zip(),
        Reason.WRONG_TYPE,
        f"“notes.docx”不是本项比赛接受的文件类型。可以上传：{ACCEPTED_ALL}。",
        id="plain-zip-renamed-docx",
    ),
    pytest.param(
        "坏.docx",
        corpus.docx()[:-30],
        Reason.CORRUPT,
        "“坏.docx”不是完整可读的 Word 文档，请重新另存为 .docx。",
        id="truncated-docx",
    ),
    pytest.param(
        "IMG_0002.MOV",
        corpus.mp4(brand=b"qt  "),
        Reason.WRONG_TYPE,
        f"“IMG_0002.MOV”不是本项比赛接受的文件类型。可以上传：{ACCEPTED_ALL}。",
        id="quicktime-mov",
    ),
    pytest.param(
        "半个.mp4",
        corpus.mp4(moov=False),
        Reason.CORRUPT,
        "“半个.mp4”不是完整可播放的 MP4 视频，请重新导出为 MP4。",
        id="mp4-without-movie-header",
    ),
    pytest.param(
        "cut.mp4",
        corpus.mp4()[:-10],
        Reason.CORRUPT,
        "“cut.mp4”不是完整可播放的 MP4 视频，请重新导出为 MP4。",
        id="truncated-mp4",
    ),
]


@pytest.mark.parametrize(("name", "content", "code", "message"), BAD_FOR_DOCX_AND_VIDEO)
def test_bad_document_or_video_is_refused_with_a_clear_chinese_message(name, content, code, message):
    rejected = refusal(name, content, EVERYTHING)

    assert (rejected.code, rejected.message) == (code, message)


def test_zip_bomb_disguised_as_docx_is_refused_without_unpacking_it():
    bomb = corpus.docx_bomb(unpacked=204 * MB)
    assert len(bomb) < 2 * MB

    rejected = refusal("bomb.docx", bomb, EVERYTHING)

    assert (rejected.code, rejected.message) == (
        Reason.UNSAFE_ARCHIVE,
        "“bomb.docx”不是正常的 Word 文档：解压后数据过大或含有不安全的内容，请用 Word 或 WPS 重新保存。",
    )


def test_file_over_the_size_limit_is_refused_naming_the_limit_in_mb():
    rules = FileRules(max_bytes=1 * MB)
    too_big = b"%PDF-1.7\n" + b"\x00" * (MB + 512 * 1024 - 9)

    rejected = refusal("扫描件.pdf", too_big, rules)

    assert (rejected.code, rejected.message) == (Reason.TOO_LARGE, "“扫描件.pdf”有 1.5 MB，文件最大 1 MB。")


def test_one_file_too_many_is_refused():
    rules = FileRules(max_count=3)
    check_count(existing=2, adding=1, rules=rules)

    with pytest.raises(UploadRejected) as caught:
        check_count(existing=3, adding=1, rules=rules, name="第四张.jpg")

    assert (caught.value.code, caught.value.message) == (Reason.TOO_MANY, "每件作品最多 3 个文件，“第四张.jpg”未添加。")


def test_refusal_is_a_validation_error_a_form_can_show():
    rejected = refusal("空.jpg", b"")

    assert isinstance(rejected, ValidationError)
    assert rejected.messages == ["“空.jpg”是空文件（0 字节）。"]


def test_messages_are_english_for_english_readers():
    with translation.override("en"):
        rejected = refusal("setup.jpg", corpus.ELF)

    assert rejected.message == "“setup.jpg” is a program, not a picture or a document. Programs cannot be uploaded."


def test_decision_is_by_content_not_by_name_or_browser_type():
    checked = inspect_upload(file=corpus.upload("scan.pdf", corpus.png(), "application/pdf"), rules=PHOTOS_AND_PDF)

    assert (checked.kind, checked.extension) == (FileKind.IMAGE, ".png")


# --- names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("C:\\Users\\小明\\Desktop\\我的发明.jpg", "我的发明.jpg"),
        ("photo\x00.jpg\r\n", "photo.jpg"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("  ..hidden  ", "hidden"),
        ('a<b>:"c"|?*.png', "a_b___c____.png"),
        ("", "未命名文件"),
        ("../..", "未命名文件"),
    ],
)
def test_display_name_is_safe(original, shown):
    assert display_name(original) == shown


def test_long_chinese_name_is_shortened_to_100_characters_keeping_the_extension():
    shown = display_name("我的" * 200 + ".jpeg")

    assert len(shown) == 100
    assert shown == "我的" * 47 + "…" + ".jpeg"


def test_refusal_names_the_file_by_its_safe_display_name():
    rejected = refusal("../../etc/passwd", corpus.ELF)

    assert rejected.message == "“passwd”是程序，不是图片或文档。不能上传程序。"


def test_storage_name_is_generated_in_a_dated_folder():
    when = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # already December in Shanghai

    name = storage_name(extension=".jpg", now=when)

    assert re.fullmatch(r"entries/2026/12/[0-9a-f]{32}\.jpg", name)
    assert storage_name(extension=".jpg", now=when) != name


def test_store_upload_uses_generated_names_in_private_storage():
    upload = corpus.upload("../../etc/passwd 我的照片.jpg", corpus.jpeg(size=(800, 600)))
    checked = inspect_upload(file=upload, rules=PHOTOS_AND_PDF)

    stored = store_upload(checked=checked)

    private = storages["private"]
    assert re.fullmatch(r"entries/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored.name)
    assert stored.thumbnail_name == stored.name.removesuffix(".jpg") + "-thumb.jpg"
    assert stored.display_name == "passwd 我的照片.jpg"
    with private.open(stored.name) as saved:
        assert hashlib.sha256(saved.read()).hexdigest() == stored.sha256 == checked.sha256
    with private.open(stored.thumbnail_name) as saved:
        assert Image.open(saved).size == (480, 360)


# --- big files stream --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "chunks", "kind"),
    [
        pytest.param("video.mp4", lambda: corpus.big_mp4_chunks(media_bytes=50 * MB), FileKind.VIDEO, id="mp4"),
        pytest.param("scan.pdf", lambda: corpus.big_pdf_chunks(stream_bytes=50 * MB), FileKind.PDF, id="pdf"),
    ],
)
def test_50_mb_upload_is_checked_hashed_and_stored_without_reading_it_whole(name, chunks, kind):
    upload = corpus.big_upload(name, chunks())
    expected = hashlib.sha256()
    for chunk in upload.chunks():
        expected.update(chunk)
    upload.seek(0)

    tracemalloc.start()
    try:
        checked = inspect_upload(file=upload, rules=EVERYTHING)
        stored = store_upload(checked=checked)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        upload.close()

    assert (checked.kind, stored.size, stored.sha256) == (kind, upload.size, expected.hexdigest())
    assert upload.size > 50 * MB
    assert peak < 5 * MB
    assert storages["private"].size(stored.name) == upload.size


# --- rules -------------------------------------------------------------------------------------------


def test_file_rules_need_positive_limits_and_known_kinds():
    with pytest.raises(ValueError):
        FileRules(max_bytes=0)
    with pytest.raises(ValueError):
        FileRules(kinds=frozenset({"exe"}))

    assert FileRules(kinds=frozenset({"pdf"})).kinds == frozenset({FileKind.PDF})


def test_file_kinds_are_the_competitions_file_types():
    assert sorted(FileKind.values) == sorted(FileType.values)


def test_rules_come_from_the_competition():
    competition = SimpleNamespace(file_types=["image", "video"], max_file_mb=50, max_files=6, min_image_px=800)

    rules = FileRules.for_competition(competition)

    assert rules == FileRules(
        kinds=frozenset({FileKind.IMAGE, FileKind.VIDEO}), max_bytes=50 * MB, max_count=6, min_width=800, min_height=800
    )
    assert rules.allows_mp4


def test_competition_without_file_types_takes_no_files():
    competition = SimpleNamespace(file_types=[], max_file_mb=10, max_files=5, min_image_px=800)
    rules = FileRules.for_competition(competition)

    rejected = refusal("作品.jpg", corpus.jpeg(), rules)

    assert (rejected.code, rejected.message) == (Reason.WRONG_TYPE, "无法添加“作品.jpg”：本项比赛不需要上传文件。")
    with pytest.raises(UploadRejected):
        check_count(existing=0, adding=1, rules=rules, name="作品.jpg")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_pixel_limit_holds_even_when_pillow_warnings_are_ignored():
    rejected = refusal("56mp.png", corpus.bilevel_png(8000, 7000))

    assert rejected.code == Reason.BOMB


def test_pixel_limit_is_on():
    # Pillow's own fence is the JPEG one; every other format is refused at 40 megapixels from its header.
    assert (MAX_PIXELS, JPEG_MAX_PIXELS, Image.MAX_IMAGE_PIXELS) == (40_000_000, 200_000_000, 200_000_000)


def test_a_phones_50_megapixel_jpeg_is_taken_and_stored_at_a_quarter_of_its_pixels():
    """8160×6120, a phone's "50 MP" mode: decoded at half its size by the JPEG decoder and stored so."""
    buffer = io.BytesIO()
    Image.new("RGB", (8160, 6120), (90, 140, 200)).save(buffer, format="JPEG", quality=80)

    checked = inspect_upload(file=corpus.upload("全像素.jpg", buffer.getvalue()), rules=PHOTOS_AND_PDF)

    assert (checked.width, checked.height) == (4080, 3060)
    checked.content.seek(0)
    with Image.open(checked.content) as stored:
        assert stored.size == (4080, 3060)


def test_a_png_of_the_same_size_is_still_refused():
    rejected = refusal("全像素.png", corpus.bilevel_png(8160, 6120))

    assert (rejected.code, rejected.message) == (
        Reason.BOMB,
        "“全像素.png”像素过多，无法安全处理（最多 40 百万像素）。",
    )


def test_a_strip_of_exactly_ten_to_one_at_twelve_thousand_pixels_is_accepted():
    checked = inspect_upload(file=corpus.upload("卷轴.png", corpus.bilevel_png(12000, 1200)), rules=PHOTOS_AND_PDF)

    assert (checked.width, checked.height) == (12000, 1200)
