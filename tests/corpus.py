"""Upload corpus built on the fly — good files and hostile ones — so no binary fixture is ever committed."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

import pillow_heif
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image, ImageCms
from pypdf import PdfWriter
from pypdf.actions import JavaScript

pillow_heif.register_heif_opener()

ORIENTATION = 0x0112
GPS_IFD = 0x8825
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description GPSLatitude="31,14N"/></rdf:RDF></x:xmpmeta>'


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    """What a small upload looks like to a view; the browser's content type is given only to be ignored."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def big_upload(name: str, chunks: Iterator[bytes]) -> TemporaryUploadedFile:
    """What a big upload looks like to a view: already spooled to a temporary file by Django."""
    spooled = TemporaryUploadedFile(name, "application/octet-stream", 0, None)
    for chunk in chunks:
        spooled.write(chunk)
    spooled.size = spooled.tell()
    spooled.seek(0)
    return spooled


# --- pictures -----------------------------------------------------------------------------------


def picture(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> Image.Image:
    """Not one flat colour: the left half red, the right half blue, so rotation is visible in the pixels."""
    image = Image.new(mode, size, (220, 30, 30) if mode == "RGB" else (220, 30, 30, 255))
    image.paste((30, 30, 220) if mode == "RGB" else (30, 30, 220, 255), (size[0] // 2, 0, size[0], size[1]))
    return image


def jpeg(
    *,
    size: tuple[int, int] = (64, 48),
    orientation: int | None = None,
    gps: bool = False,
    xmp: bool = False,
    comment: bytes | None = None,
    icc: bool = False,
) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (31.0, 14.0, 3.5), 3: "E", 4: (121.0, 28.0, 7.25)}
    options: dict = {"exif": exif.tobytes(), "quality": 90}
    if xmp:
        options["xmp"] = XMP
    if comment:
        options["comment"] = comment
    if icc:
        options["icc_profile"] = srgb_profile()
    buffer = io.BytesIO()
    picture(size).save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def png(*, size: tuple[int, int] = (40, 30), alpha: bool = True) -> bytes:
    """With alpha, the top-left 10×10 corner is fully transparent."""
    image = picture(size, "RGBA" if alpha else "RGB")
    if alpha:
        image.paste((0, 0, 0, 0), (0, 0, 10, 10))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=_png_text("Author", "王小明"))
    return buffer.getvalue()


def _png_text(key: str, value: str):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt(key, value)
    return info


def webp(*, size: tuple[int, int] = (40, 30), alpha: bool = False) -> bytes:
    image = picture(size, "RGBA" if alpha else "RGB")
    if alpha:
        image.putpixel((0, 0), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", lossless=True)
    return buffer.getvalue()


def heic(*, size: tuple[int, int] = (64, 48), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    picture(size).save(buffer, format="HEIF", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    picture().save(buffer, format="GIF")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    whole = jpeg(size=(400, 300))
    return whole[: len(whole) // 2]


def bilevel_png(width: int, height: int) -> bytes:
    """A huge 1-bit PNG written by hand: 30000×30000 is 900 megapixels but only ~100 KB on disk."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


# --- documents ----------------------------------------------------------------------------------


def pdf(*, pages: int = 1, javascript: bool = False, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.add_open_action(JavaScript("app.alert('hi');"))
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def handmade_pdf(*objects: bytes) -> bytes:
    """A PDF from raw object bodies (numbered from 1, the first is the catalogue) with a correct xref table."""
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def cyclic_pdf() -> bytes:
    """A page tree that contains itself: a naive reader counting pages never stops."""
    return handmade_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>")


def big_pdf_chunks(*, stream_bytes: int, chunk: int = 1024 * 1024) -> Iterator[bytes]:
    """A one-page PDF whose content stream is `stream_bytes` long, written piece by piece with a correct xref."""
    offsets: list[int] = []
    written = 0

    def emit(data: bytes) -> bytes:
        nonlocal written
        written += len(data)
        return data

    yield emit(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    for body in (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ):
        offsets.append(written)
        yield emit(b"%d 0 obj\n" % (len(offsets)) + body + b"\nendobj\n")
    offsets.append(written)
    yield emit(b"4 0 obj\n<< /Length %d >>\nstream\n" % stream_bytes)
    remaining = stream_bytes
    filler = (b"% nothing to draw here\n" * (chunk // 23 + 1))[:chunk]
    while remaining:
        piece = filler[: min(chunk, remaining)]
        remaining -= len(piece)
        yield emit(piece)
    yield emit(b"\nendstream\nendobj\n")
    xref = written
    table = b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    yield emit(table + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"%s</Types>"
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>我的小发明：自动浇花器</w:t></w:r></w:p></w:body></w:document>"
).encode()
VBA_OVERRIDE = b'<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'


def docx(*, macros: bool = False, extra: dict[str, bytes] | None = None, main: bool = True) -> bytes:
    """The minimal parts Word needs: content types, the package relationships and the document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES % (VBA_OVERRIDE if macros else b""))
        archive.writestr("_rels/.rels", RELS)
        if main:
            archive.writestr("word/document.xml", DOCUMENT)
        if macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 pretend VBA")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bomb(*, unpacked: int) -> bytes:
    """A DOCX with one member of `unpacked` zero bytes: a few hundred KB that unpack to hundreds of MB."""
    buffer = io.BytesIO(docx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            block = b"\x00" * (4 * 1024 * 1024)
            for _ in range(unpacked // len(block)):
                member.write(block)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


# --- video --------------------------------------------------------------------------------------


def box(kind: bytes, body: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def mp4(*, brand: bytes = b"isom", moov: bool = True, media: bytes = b"\x00" * 64) -> bytes:
    ftyp = box(b"ftyp", brand + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41")
    return ftyp + (box(b"moov", box(b"mvhd", b"\x00" * 100)) if moov else b"") + box(b"mdat", media)


def big_mp4_chunks(*, media_bytes: int, chunk: int = 1024 * 1024) -> Iterator[bytes]:
    yield mp4(media=b"")[:-8]  # ftyp + moov, then a hand-made mdat header for the long media data
    yield struct.pack(">I", 8 + media_bytes) + b"mdat"
    block = b"\x00" * chunk
    for _ in range(media_bytes // chunk):
        yield block
    yield b"\x00" * (media_bytes % chunk)


# --- hostile ------------------------------------------------------------------------------------

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"This program cannot be run in DOS mode." + b"\x00" * 100
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="10"/></svg>'
SVG_WITH_DECLARATION = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html>\n<html><body><script>fetch('/steal?c=' + document.cookie)</script></body></html>"


def pdf_jpeg_polyglot() -> bytes:
    """A JPEG with a PDF header in a comment near the start and the PDF body after the picture:
    image viewers show the photo, PDF readers (which look for %PDF- in the first 1 KB) open the PDF."""
    picture_bytes = jpeg()
    inner_pdf = pdf()
    comment = b"%PDF-1.4\n"
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return picture_bytes[:2] + segment + picture_bytes[2:] + inner_pdf


def jpeg_with_script() -> bytes:
    return jpeg(comment=b"<script>alert(document.domain)</script>")


def pdf_with_zip_appended() -> bytes:
    return pdf() + plain_zip()
