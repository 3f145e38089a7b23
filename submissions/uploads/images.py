"""Photos: opened strictly with Pillow, checked, auto-rotated, stored without metadata, thumbnailed.

Decisions:
- Output format: a PNG stays PNG (drawings and computer paintings keep their sharp edges); JPEG and
  HEIC become JPEG; WebP becomes PNG when it has transparency, otherwise JPEG. Thumbnails are always
  JPEG (transparency flattened on white).
- Nothing of the original's metadata survives: not EXIF (location above all: these are children),
  XMP, comments or text chunks. Colour profiles are not kept either; a photo in another colour space
  (the Display P3 of iPhones) is converted to sRGB first, so it looks the same without its profile.
- Only the first frame of an animated PNG/WebP or a multi-image HEIC is kept.
- A JPEG that is already upright, in sRGB (or without a profile) and not to be made smaller is not
  re-encoded: its compressed picture is kept byte for byte and every other segment (EXIF, XMP, ICC,
  comments, Adobe's, whatever follows the end of the picture) is dropped (``_jpeg_without_metadata``). It
  is still decoded whole, at ⅛ of its size (the decoder reads every block, so a truncated or corrupt one
  is refused as before), and the thumbnail is made from that. This is most phone photos, and it costs a
  tenth of decoding and re-encoding them: the deadline rush (docs/performance.md) is 200 such uploads.
"""

from __future__ import annotations

import io
import math
import re
import struct
import warnings
from dataclasses import dataclass

import pillow_heif
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from .rules import FileRules, Reason, UploadRejected
from .sniff import Format

# What a child's picture never exceeds, checked from the header before a pixel is decoded. Phones in their
# normal mode take 12–24 megapixels (4032×3024, 5712×4284) and an A4 page scanned at 600 dpi is 4960×7016
# (35 megapixels); 40 allows all of them, and refuses a 7000×7000 PNG of 200 KB that costs seconds and
# hundreds of megabytes to decode (a phone's 48–200 megapixel "full resolution" JPEG is the exception below).
# The longest side of those is 8160; no photo or scan is over 12000.
# A panorama is about 4:1 and a scroll painting photographed whole perhaps 8:1, so 10:1 refuses only
# strips like 100000×100 that are nobody's work. Pillow itself refuses at twice MAX_PIXELS.
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
MAX_RATIO = 10
# JPEG is the exception: phones' "full resolution" modes (48, 50, 108, even 200 megapixels) write JPEGs, and a
# JPEG is decoded at a half, a quarter or an eighth of its size by the decoder itself (Pillow's draft, DCT
# scaling) for about the cost of the smaller picture. So a large JPEG is taken and decoded straight to about
# DRAFT_PIXELS, and stored at that size (a judge needs no 50-megapixel photo).
JPEG_MAX_PIXELS = 200_000_000
JPEG_MAX_SIDE = 20_000
DRAFT_PIXELS = 12_000_000
# Pillow's own check, at open, is the outer fence (JPEG's); every other format meets MAX_PIXELS in _refuse_bomb.
Image.MAX_IMAGE_PIXELS = JPEG_MAX_PIXELS
# Pillow only warns between the limit and twice the limit; make that warning an exception we refuse on.
# Set once at import (never toggled per call, which would not be thread-safe); _refuse_bomb() checks the
# same limit explicitly in case something resets the warning filters.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)
# A truncated picture must be refused, not silently padded with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False
pillow_heif.register_heif_opener()

JPEG_QUALITY = 88
THUMBNAIL_SIDE = 480
PILLOW_FORMATS = {Format.JPEG: "JPEG", Format.PNG: "PNG", Format.WEBP: "WEBP", Format.HEIF: "HEIF"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True, slots=True)
class Picture:
    content: ContentFile
    extension: str
    content_type: str
    width: int
    height: int
    thumbnail: ContentFile
    thumbnail_width: int
    thumbnail_height: int


def process_image(*, file: File, fmt: Format, name: str, rules: FileRules) -> Picture:
    if fmt == Format.JPEG:
        picture = _jpeg_as_it_is(file=file, name=name, rules=rules)
        if picture is not None:
            return picture
    image = _open_checked(file=file, fmt=fmt, name=name)
    _rotate_upright(image)
    _check_dimensions(image=image, name=name, rules=rules)
    image = _to_srgb(image)
    alpha = _has_alpha(image)
    keep_png = fmt == Format.PNG or (fmt == Format.WEBP and alpha)
    clean = _strip(image, png=keep_png, alpha=alpha)
    if keep_png:
        content, extension, content_type = _encode(clean, "PNG"), ".png", "image/png"
    else:
        content, extension, content_type = _encode(clean, "JPEG"), ".jpg", "image/jpeg"
    thumb = _thumbnail(clean)
    return Picture(
        content=ContentFile(content, name=f"picture{extension}"),
        extension=extension,
        content_type=content_type,
        width=clean.width,
        height=clean.height,
        thumbnail=ContentFile(_encode(thumb, "JPEG"), name="thumbnail.jpg"),
        thumbnail_width=thumb.width,
        thumbnail_height=thumb.height,
    )


def _jpeg_as_it_is(*, file: File, name: str, rules: FileRules) -> Picture | None:
    """The JPEG's own compressed picture without its metadata, or None when it must be re-encoded."""
    file.seek(0)
    data = file.read()
    with _reading_picture(name, Format.JPEG):
        image = Image.open(io.BytesIO(data), formats=["JPEG"])
        _refuse_bomb(size=image.size, name=name, fmt=Format.JPEG)
        if not _keeps_its_pixels(image):
            return None
        kept = _jpeg_without_metadata(data)
        if kept is None:
            return None
        width, height = image.size
        _check_dimensions(image=image, name=name, rules=rules)
        # Every block is decoded (so a damaged file is refused), at the scale the thumbnail needs.
        scale = min(1.0, THUMBNAIL_SIDE / max(width, height))
        image.draft(image.mode, (max(1, math.floor(width * scale)), max(1, math.floor(height * scale))))
        image.load()
    thumb = _thumbnail(image)
    return Picture(
        content=ContentFile(kept, name="picture.jpg"),
        extension=".jpg",
        content_type="image/jpeg",
        width=width,
        height=height,
        thumbnail=ContentFile(_encode(thumb, "JPEG"), name="thumbnail.jpg"),
        thumbnail_width=thumb.width,
        thumbnail_height=thumb.height,
    )


def _keeps_its_pixels(image: Image.Image) -> bool:
    """Upright, in sRGB or no colour space, colours as every viewer reads them, and not to be made smaller."""
    if image.mode not in ("RGB", "L") or "adobe" in image.info:
        return False
    if image.width * image.height >= 4 * DRAFT_PIXELS:
        return False  # decoded at ½ or less and stored at that size (_decode_smaller)
    try:
        if image.getexif().get(ORIENTATION, 1) != 1:
            return False
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, struct.error):
        return False  # unreadable EXIF: the careful path decides
    icc = image.info.get("icc_profile")
    if icc:
        try:
            description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            return False
        if "srgb" not in description.lower().replace(" ", ""):
            return False
    return True


ORIENTATION = 0x0112
# The segments a JPEG's picture is made of: frames (baseline, extended, progressive), Huffman and
# quantization tables, the restart interval, scans. Everything else before the end is metadata (APPn, COM)
# or a coding Pillow does not read (arithmetic, lossless, hierarchical), which the careful path refuses.
_PICTURE_SEGMENTS = {0xC0, 0xC1, 0xC2, 0xC4, 0xDB, 0xDD}
_METADATA_SEGMENTS = {*range(0xE0, 0xF0), 0xFE}
_SOS, _EOI = 0xDA, 0xD9
# In a scan's coded data 0xFF is followed only by 0x00 (a stuffed byte) or a restart marker (D0–D7); any other
# byte after it (0xFF itself is fill) begins the next segment.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _jpeg_without_metadata(data: bytes) -> bytes | None:
    """SOI, the picture's segments and scans as they are, EOI; None for anything unexpected."""
    if data[:2] != b"\xff\xd8":
        return None
    kept = [b"\xff\xd8"]
    position, frames, scans = 2, 0, 0
    while position < len(data):
        if data[position] != 0xFF:
            return None
        while position < len(data) and data[position] == 0xFF:
            position += 1  # fill bytes
        if position >= len(data):
            return None
        marker = data[position]
        position += 1
        if marker == _EOI:
            kept.append(b"\xff\xd9")
            return b"".join(kept) if frames == 1 and scans else None  # and nothing after it
        if position + 2 > len(data):
            return None
        length = int.from_bytes(data[position : position + 2], "big")
        end = position + length
        if length < 2 or end > len(data):
            return None
        if marker in _PICTURE_SEGMENTS or marker == _SOS:
            kept.append(bytes((0xFF, marker)) + data[position:end])
            frames += marker in (0xC0, 0xC1, 0xC2)
        elif marker not in _METADATA_SEGMENTS:
            return None
        position = end
        if marker == _SOS:
            scans += 1
            following = _NEXT_MARKER.search(data, position)
            if following is None:
                return None
            kept.append(data[position : following.start()])
            position = following.start()
    return None


class _reading_picture:
    """Pillow's ways of saying a picture is too large or broken, as the refusals the pupil reads."""

    def __init__(self, name: str, fmt: Format):
        self.name, self.fmt = name, fmt

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None or issubclass(kind, UploadRejected):
            return False
        if issubclass(kind, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
            raise _bomb(self.name, JPEG_MAX_PIXELS if self.fmt == Format.JPEG else MAX_PIXELS) from None
        if issubclass(
            kind, (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)
        ):
            # Pillow reports broken files with any of these, depending on the plugin and where it breaks.
            raise UploadRejected(
                Reason.CORRUPT,
                gettext("“%(name)s” is damaged or incomplete and cannot be opened as a picture. Save or take it again.")
                % {"name": self.name},
            ) from error
        return False


def _open_checked(*, file: File, fmt: Format, name: str) -> Image.Image:
    """Open as exactly the format the first bytes announced, verify, then decode every pixel."""
    formats = [PILLOW_FORMATS[fmt]]
    with _reading_picture(name, fmt):
        file.seek(0)
        with Image.open(file, formats=formats) as probe:
            _refuse_bomb(size=probe.size, name=name, fmt=fmt)
            probe.verify()  # checksums and structure, without decoding (PNG CRCs, for one)
        file.seek(0)
        image = Image.open(file, formats=formats)
        _refuse_bomb(size=image.size, name=name, fmt=fmt)
        _decode_smaller(image, fmt)
        image.load()  # a truncated or corrupt picture fails here, before anything is stored
    return image


def _decode_smaller(image: Image.Image, fmt: Format) -> None:
    """A JPEG over DRAFT_PIXELS is decoded at the largest of ½, ¼, ⅛ of its size that keeps DRAFT_PIXELS."""
    width, height = image.size
    if fmt != Format.JPEG or width * height <= DRAFT_PIXELS:
        return
    factor = math.sqrt(DRAFT_PIXELS / (width * height))
    image.draft(image.mode, (math.ceil(width * factor), math.ceil(height * factor)))


def _refuse_bomb(*, size: tuple[int, int], name: str, fmt: Format | None = None) -> None:
    """From the header alone (Image.open reads no pixels): too many pixels, too long, too narrow."""
    width, height = size
    jpeg = fmt == Format.JPEG
    if width * height > (JPEG_MAX_PIXELS if jpeg else MAX_PIXELS):
        raise _bomb(name, JPEG_MAX_PIXELS if jpeg else MAX_PIXELS)
    dimensions = {"name": name, "width": width, "height": height}
    longest = JPEG_MAX_SIDE if jpeg else MAX_SIDE
    if max(size) > longest:
        raise UploadRejected(
            Reason.BOMB,
            gettext("“%(name)s” is %(width)d×%(height)d pixels; a picture may be at most %(limit)d pixels long.")
            % {**dimensions, "limit": longest},
        )
    if max(size) > MAX_RATIO * max(1, min(size)):
        raise UploadRejected(
            Reason.BOMB,
            gettext(
                "“%(name)s” is %(width)d×%(height)d pixels: too long and narrow for a picture "
                "(the long side may be at most %(ratio)d times the short one)."
            )
            % {**dimensions, "ratio": MAX_RATIO},
        )


def _bomb(name: str, limit: int = MAX_PIXELS) -> UploadRejected:
    return UploadRejected(
        Reason.BOMB,
        gettext("“%(name)s” has too many pixels to be processed safely (at most %(limit)d megapixels).")
        % {"name": name, "limit": limit // 1_000_000},
    )


def _check_dimensions(*, image: Image.Image, name: str, rules: FileRules) -> None:
    if not (rules.min_width or rules.min_height):
        return
    short_side, long_side = sorted(image.size)
    need_short, need_long = sorted((rules.min_width, rules.min_height))
    if short_side < need_short or long_side < need_long:
        raise UploadRejected(
            Reason.TOO_SMALL,
            gettext(
                "“%(name)s” is %(width)d×%(height)d pixels; pictures must be at least "
                "%(min_width)d×%(min_height)d pixels."
            )
            % {
                "name": name,
                "width": image.width,
                "height": image.height,
                "min_width": rules.min_width,
                "min_height": rules.min_height,
            },
        )


def _rotate_upright(image: Image.Image) -> None:
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, struct.error):
        pass  # unreadable EXIF: the pixels are fine, only the orientation hint is lost


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken or odd profile: the pixels as they are are the best guess
    return converted if converted is not None else image


def _has_alpha(image: Image.Image) -> bool:
    """True only when some pixel is actually see-through; many opaque PNGs carry an unused alpha channel."""
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")
    elif image.mode == "PA" or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
    else:
        return False
    return alpha.getextrema()[0] < 255


def _strip(image: Image.Image, *, png: bool, alpha: bool) -> Image.Image:
    """Pixels only: a mode the output format takes, and no info (EXIF, XMP, ICC, comments, text chunks)."""
    grey = image.mode in ("1", "L", "LA", "I", "I;16")
    if png and alpha:
        target = "RGBA"
    elif alpha:
        image, target = _flatten(image), "RGB"
    else:
        target = "L" if grey else "RGB"
    if image.mode in ("I", "I;16"):
        image = _eight_bit(image)
    clean = image.convert(target) if image.mode != target else image
    clean.info = {}
    return clean


def _eight_bit(image: Image.Image) -> Image.Image:
    # 16-bit grey (scanners) would clip to white in a plain convert("L"); scale it down instead.
    return image.convert("I").point(lambda value: value / 256).convert("L")


def _flatten(image: Image.Image) -> Image.Image:
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    background.alpha_composite(rgba)
    return background.convert("RGB")


def _thumbnail(image: Image.Image) -> Image.Image:
    # resize() straight to the small size: thumbnail() would need a full-size copy of a 50-megapixel photo first.
    scale = min(1.0, THUMBNAIL_SIDE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0) if scale < 1 else image.copy()
    small = _flatten(small) if small.mode in ("RGBA", "LA") else small.convert("RGB")
    small.info = {}
    return small


def _encode(image: Image.Image, pillow_format: str) -> bytes:
    buffer = io.BytesIO()
    if pillow_format == "JPEG":
        # The standard Huffman tables: optimized ones make a 12-megapixel photo 15 % smaller but take three
        # times as long to write (0.09 s against 0.03 s), progressive longer still; at the deadline 200 pupils
        # upload at once (docs/performance.md, "Deadline rush").
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    else:
        image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
