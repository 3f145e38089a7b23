"""The pictures of the demo works, drawn with Pillow as a child's work would look when photographed or scanned.

Deterministic: every random choice comes from the generator passed in. Titles and labels are written in a
Chinese font when the machine has one; without one the pictures carry no writing.
"""

from __future__ import annotations

import io
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from demo.data import ESSAY_CLOSING, GENRE_NAMES, MAKING_OF, POSTER_HEADINGS

FONT_FILES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),  # index 2: the Simplified Chinese face
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | None:
    """A font with Chinese glyphs if the machine has one; without one the pictures carry no writing."""
    for path, index in FONT_FILES:
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            continue
    return None


def _text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int, fill, anchor: str = "la") -> None:
    font = _font(size)
    if font is not None:
        draw.text(xy, text, font=font, fill=fill, anchor=anchor)


def _gradient(image: Image.Image, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> None:
    draw, height = ImageDraw.Draw(image), image.height
    for y in range(0, height, 4):
        t = y / height
        draw.rectangle(
            (0, y, image.width, y + 4), fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )


def _bright(rng: random.Random) -> tuple[int, int, int]:
    return rng.choice(
        (
            (235, 87, 87),
            (242, 201, 76),
            (111, 207, 151),
            (86, 204, 242),
            (187, 107, 217),
            (247, 150, 70),
            (255, 255, 255),
            (255, 138, 180),
        )
    )


SKIES = {
    "space": ((8, 12, 48), (70, 36, 110)),
    "ocean": ((40, 150, 210), (6, 34, 88)),
    "city": ((120, 196, 250), (252, 222, 178)),
    "green": ((140, 205, 255), (214, 242, 255)),
    "mars": ((120, 40, 30), (236, 130, 70)),
}


def painting_picture(title: str, scene: str, rng: random.Random) -> bytes:
    """A child's painting on 8开 paper (2:3): a sky, the scene's shapes, the title in a band at the bottom."""
    w, h = 800, 1200
    image = Image.new("RGB", (w, h))
    _gradient(image, *SKIES[scene])
    d = ImageDraw.Draw(image)
    if scene in ("space", "mars"):
        for _ in range(90 if scene == "space" else 25):
            x, y, r = rng.randrange(w), rng.randrange(h - 400), rng.choice((1, 2, 2, 3))
            d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 230))
        for _ in range(rng.randint(2, 3)):
            x, y, r = rng.randrange(100, w - 100), rng.randrange(80, 500), rng.randrange(40, 110)
            d.ellipse((x - r, y - r, x + r, y + r), fill=_bright(rng), outline=(20, 20, 20), width=4)
            if rng.random() < 0.5:
                d.ellipse((x - r * 1.7, y - r * 0.35, x + r * 1.7, y + r * 0.35), outline=(250, 230, 160), width=5)
        rx, ry = rng.randrange(150, w - 150), rng.randrange(350, 600)  # a rocket
        d.polygon(((rx, ry - 130), (rx - 45, ry - 50), (rx + 45, ry - 50)), fill=(235, 60, 60), outline="black")
        d.rectangle((rx - 45, ry - 50, rx + 45, ry + 110), fill=(230, 230, 240), outline="black", width=4)
        d.ellipse((rx - 22, ry - 20, rx + 22, ry + 24), fill=(90, 190, 250), outline="black", width=4)
        d.polygon(((rx - 35, ry + 110), (rx + 35, ry + 110), (rx, ry + 210)), fill=(250, 170, 40))
        ground = (150, 150, 160) if scene == "space" else (170, 70, 40)
        d.ellipse((-200, h - 330, w + 200, h + 200), fill=ground)
        d.pieslice((140, h - 560, w - 140, h - 40), 180, 360, fill=(200, 235, 255), outline="white", width=6)
        for i in range(5):  # the city or the greenhouse under its dome
            x = 200 + i * 85
            top = h - 300 - rng.randrange(40, 170) if scene == "space" else h - 330
            d.rectangle((x, top, x + 55, h - 300), fill=_bright(rng) if scene == "space" else (60, 170, 80))
    elif scene == "ocean":
        for _ in range(30):
            x, y, r = rng.randrange(w), rng.randrange(h - 200), rng.randrange(5, 18)
            d.ellipse((x - r, y - r, x + r, y + r), outline=(220, 245, 255), width=3)
        for _ in range(rng.randint(4, 7)):
            x, y, s = rng.randrange(80, w - 120), rng.randrange(120, h - 500), rng.randrange(30, 60)
            colour = _bright(rng)
            d.ellipse((x, y, x + 2 * s, y + s), fill=colour, outline="black", width=3)
            d.polygon(((x, y + s / 2), (x - s, y), (x - s, y + s)), fill=colour, outline="black")
            d.ellipse((x + 1.4 * s, y + s * 0.3, x + 1.4 * s + 8, y + s * 0.3 + 8), fill="black")
        for x in range(30, w, 70):
            d.line([(x + rng.randrange(-20, 20), h - 260 - k * 40) for k in range(8)], fill=(40, 160, 80), width=8)
        d.pieslice((120, h - 620, w - 120, h - 60), 180, 360, fill=(170, 230, 250), outline="white", width=6)
        d.rectangle((0, h - 300, w, h), fill=(210, 190, 130))
    else:  # city, green: sun, buildings or hills with trees and wind turbines
        d.ellipse((w - 230, 60, w - 70, 220), fill=(255, 210, 60), outline=(250, 150, 40), width=6)
        if scene == "city":
            x = 0
            while x < w:
                bw, bh = rng.randrange(90, 160), rng.randrange(300, 700)
                d.rectangle((x, h - 200 - bh, x + bw, h - 200), fill=_bright(rng), outline="black", width=4)
                for wy in range(h - 170 - bh, h - 230, 60):
                    for wx in range(x + 15, x + bw - 30, 40):
                        d.rectangle((wx, wy, wx + 22, wy + 30), fill=(255, 250, 200), outline="black")
                x += bw + rng.randrange(5, 30)
            for _ in range(rng.randint(2, 4)):  # flying cars
                cx, cy = rng.randrange(60, w - 200), rng.randrange(200, 500)
                d.rounded_rectangle((cx, cy, cx + 150, cy + 55), 20, fill=_bright(rng), outline="black", width=4)
                d.line((cx - 20, cy + 10, cx + 170, cy + 10), fill="black", width=4)
            d.rectangle((0, h - 200, w, h), fill=(110, 110, 120))
        else:
            d.ellipse((-300, h - 560, w - 100, h + 300), fill=(110, 200, 90))
            d.ellipse((200, h - 480, w + 400, h + 300), fill=(80, 170, 70))
            for _ in range(rng.randint(2, 3)):
                tx, ty = rng.randrange(60, w - 60), rng.randrange(h - 560, h - 420)
                d.line((tx, ty, tx, ty - 260), fill="white", width=8)
                for dx, dy in ((0, -110), (95, 55), (-95, 55)):  # the turbine's three blades
                    d.line((tx, ty - 260, tx + dx, ty - 260 + dy), fill="white", width=10)
            for _ in range(rng.randint(4, 7)):
                tx, ty = rng.randrange(40, w - 40), rng.randrange(h - 380, h - 250)
                d.rectangle((tx - 10, ty, tx + 10, ty + 80), fill=(120, 80, 40))
                d.ellipse((tx - 55, ty - 90, tx + 55, ty + 20), fill=(40, 140, 60), outline="black", width=3)
            for i in range(3):  # solar panels on the roofs
                px = 80 + i * 230
                d.polygon(
                    ((px, h - 240), (px + 160, h - 240), (px + 190, h - 180), (px + 30, h - 180)),
                    fill=(30, 60, 140),
                    outline="white",
                )
    d.rounded_rectangle((40, h - 150, w - 40, h - 40), 24, fill=(255, 255, 255), outline=(60, 60, 60), width=4)
    _text(d, (w // 2, h - 95), title, 56, (40, 40, 40), anchor="mm")
    return _jpeg(image)


def invention_picture(title: str, thing: str, rng: random.Random, *, making_of: bool = False) -> bytes:
    """A photo of the work on a desk (4:3), with its paper tag; ``making_of`` shows the parts being put together."""
    w, h = 1200, 900
    image = Image.new("RGB", (w, h))
    wall = rng.choice(((236, 228, 210), (220, 232, 236), (238, 222, 222)))
    _gradient(image, wall, tuple(c - 30 for c in wall))
    d = ImageDraw.Draw(image)
    d.polygon(((0, 560), (w, 560), (w, h), (0, h)), fill=(165, 118, 78))
    d.line((0, 560, w, 560), fill=(120, 80, 50), width=6)
    d.ellipse((330, 640, 870, 720), fill=(130, 90, 60))  # the shadow
    colour = _bright(rng)
    if making_of:
        for _ in range(7):
            px, py = rng.randrange(150, w - 250), rng.randrange(590, 820)
            d.rectangle(
                (px, py, px + rng.randrange(60, 160), py + rng.randrange(20, 60)),
                fill=_bright(rng),
                outline="black",
                width=3,
            )
        d.line((200, 800, 400, 640), fill=(200, 30, 30), width=6)
        d.line((400, 640, 700, 760), fill=(30, 30, 30), width=6)
        d.ellipse((820, 600, 940, 720), outline=(90, 90, 90), width=14)
        tag = MAKING_OF
    elif thing == "lamp":
        d.rectangle((480, 640, 720, 680), fill=(60, 60, 70))
        d.line((600, 640, 600, 330), fill=(70, 70, 80), width=14)
        d.polygon(((470, 330), (730, 330), (660, 180), (540, 180)), fill=colour, outline="black")
        d.ellipse((520, 320, 680, 400), fill=(255, 245, 170))
        tag = title
    elif thing == "plant":
        d.polygon(((470, 690), (650, 690), (680, 520), (440, 520)), fill=(190, 90, 50), outline="black")
        for _ in range(9):
            lx, ly = rng.randrange(430, 690), rng.randrange(300, 500)
            d.ellipse((lx - 40, ly - 20, lx + 40, ly + 20), fill=(50, 160, 70), outline="black")
        d.rectangle((760, 380, 880, 690), fill=(170, 215, 240), outline="black", width=4)
        d.line((800, 420, 700, 420, 640, 540), fill="white", width=6)
        tag = title
    elif thing == "fan":
        d.rectangle((560, 450, 640, 690), fill=(90, 90, 100))
        d.ellipse((420, 200, 780, 560), outline=(60, 60, 60), width=8)
        for dx, dy in ((0, -150), (130, 75), (-130, 75)):
            d.ellipse((600 + dx - 60, 380 + dy - 30, 600 + dx + 60, 380 + dy + 30), fill=colour, outline="black")
        d.polygon(((780, 690), (1040, 690), (1000, 560), (820, 560)), fill=(30, 50, 120), outline="white")
        tag = title
    elif thing == "car":
        d.rectangle((380, 480, 820, 600), fill=colour, outline="black", width=5)
        for cx in (450, 750):
            d.ellipse((cx - 75, 560, cx + 75, 710), fill=(210, 210, 220), outline="black", width=5)
            d.ellipse((cx - 12, 623, cx + 12, 647), fill=(60, 60, 60))
        d.line((450, 635, 750, 520), fill=(230, 170, 60), width=6)
        tag = title
    elif thing == "bottle":
        layers = ((240, 240, 240), (30, 30, 30), (220, 200, 150), (140, 140, 140))
        for i, layer in enumerate(layers):
            d.rectangle((520, 320 + i * 85, 680, 405 + i * 85), fill=layer)
        d.rectangle((520, 250, 680, 660), outline="black", width=5)
        d.rectangle((570, 200, 630, 250), fill=(60, 130, 200), outline="black", width=4)
        tag = title
    else:  # box and device: a box with sensors, lights and wires
        d.rectangle((400, 380, 800, 680), fill=colour, outline="black", width=6)
        d.rectangle((400, 330, 800, 380), fill=tuple(max(0, c - 50) for c in colour), outline="black", width=6)
        for i in range(3):
            lx = 470 + i * 70
            d.ellipse((lx, 440, lx + 36, 476), fill=((230, 40, 40), (60, 200, 70), (250, 210, 50))[i], outline="black")
        if thing == "device":
            d.ellipse((640, 430, 760, 550), fill=(50, 50, 60), outline="black", width=4)
            d.ellipse((670, 460, 730, 520), fill=(120, 200, 240))
            d.line((800, 600, 900, 560, 960, 640), fill=(200, 40, 40), width=6)
        tag = title
    d.polygon(((880, 700), (1130, 690), (1140, 840), (890, 850)), fill=(252, 252, 245), outline=(90, 90, 90))
    _text(d, (1010, 770), tag, 36 if len(tag) <= 6 else 26, (30, 30, 30), anchor="mm")
    return _jpeg(image)


def poster_picture(title: str, class_name: str, rng: random.Random) -> bytes:
    """The class blackboard (科普板报) photographed from the front."""
    w, h = 1280, 800
    image = Image.new("RGB", (w, h), (120, 86, 50))
    d = ImageDraw.Draw(image)
    d.rectangle((24, 24, w - 24, h - 24), fill=(34, 78, 58))
    chalk = ((250, 240, 150), (250, 180, 200), (170, 220, 250), (240, 240, 240))
    _text(d, (w // 2, 90), title, 64, chalk[0], anchor="mm")
    for i in range(3):
        x0, colour = 70 + i * 390, chalk[(i + 1) % 4]
        d.rounded_rectangle((x0, 160, x0 + 360, 700), 18, outline=colour, width=5)
        _text(d, (x0 + 180, 200), POSTER_HEADINGS[(i + rng.randrange(4)) % 4], 36, colour, anchor="mm")
        for row in range(8):
            y, length = 250 + row * 34, rng.randrange(180, 320)
            d.line((x0 + 25, y, x0 + 25 + length, y), fill=(230, 230, 230), width=4)
        cx, cy = x0 + 180, 600
        d.ellipse((cx - 55, cy - 55, cx + 55, cy + 55), outline=colour, width=5)
        for k in range(8):
            dx, dy = [(80, 0), (56, 56), (0, 80), (-56, 56), (-80, 0), (-56, -56), (0, -80), (56, -56)][k]
            d.line((cx + dx * 0.8, cy + dy * 0.8, cx + dx, cy + dy), fill=colour, width=4)
    _text(d, (w - 70, h - 55), class_name, 30, chalk[3], anchor="rm")
    return _jpeg(image)


def essay_picture(title: str, genre: str, text: str, rng: random.Random) -> bytes:
    """The first page on 300字方格稿纸: the genre top left, the title, the text in the squares."""
    w, h, cell, columns, rows = 800, 1100, 34, 20, 15
    image = Image.new("RGB", (w, h), (250, 248, 240))
    d = ImageDraw.Draw(image)
    heading = f"{GENRE_NAMES.get(genre, '')}——{title}" if genre != "essay" else GENRE_NAMES["essay"]
    _text(d, (60, 60), heading, 26, (90, 90, 90))
    _text(d, (w // 2, 150), title, 40, (30, 30, 30), anchor="mm")
    left, top = (w - columns * cell) // 2, 220
    for row in range(rows):
        for column in range(columns):
            x, y = left + column * cell, top + row * (cell + 12)
            d.rectangle((x, y, x + cell, y + cell), outline=(200, 110, 100), width=2)
    ink = (30, 40, 90) if rng.random() < 0.5 else (40, 40, 40)
    for i, char in enumerate(f"　　{text}　　{ESSAY_CLOSING}"):
        row, column = divmod(i, columns)
        if row >= rows - 2:
            break
        _text(d, (left + column * cell + cell // 2, top + row * (cell + 12) + cell // 2), char, 24, ink, anchor="mm")
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
