"""Demo entries: this year's festival in every state, last year's entries as they went into judging.

Everything goes through the entry services (create, attach, declare, submit, shortlist, receive, accept), so
the pictures are checked, re-encoded and thumbnailed like any upload and every change is in the audit log.
Last year's services get a ``now`` inside last year's windows; this year's use the real time and skip a
competition that does not take entries at the moment.

Deterministic (fixed seeds) and idempotent: a festival that has entries is left as it is. The number of
entries per class is bounded, so ``--scale`` multiplies them with the classes only.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from competitions.kinds import PHYSICAL_KINDS, Kind
from competitions.models import Competition, Festival
from demo.schools import DEMO_CLASS
from schools.models import School, SchoolClass, User
from submissions import services
from submissions.models import AttachmentRole, Entry

SEED = 20260915

# --- What the children make (data: Chinese as they would write it) ---------------------------------

# (title, scene of the picture, medium, description)
PAINTINGS = (
    ("未来的太空城市", "space", "watercolour", "月球上建起了透明穹顶的城市，人们坐磁悬浮列车上下班，窗外就是地球。"),
    ("海底玻璃城", "ocean", "gouache", "人类在海底建了会发光的玻璃城市，鱼群从窗外游过，潜水艇是大家的公交车。"),
    ("会飞的汽车", "city", "crayon", "未来的汽车长出了翅膀，堵车的时候按一下按钮就飞到天上去。"),
    ("太阳能小镇", "green", "watercolour", "每家屋顶都铺满太阳能板，风车在山坡上转，小镇用的电全部来自大自然。"),
    ("机器人帮我做家务", "city", "pen", "小机器人会扫地、浇花、洗碗，还会陪奶奶下棋聊天。"),
    ("火星上的菜园", "mars", "oil", "宇航员在火星温室里种出了番茄和黄瓜，用循环水浇灌。"),
    ("垃圾分类机器人", "green", "computer", "机器人一眼就能认出每一种垃圾，把它们放进正确的垃圾桶。"),
    ("星际快递", "space", "gouache", "快递飞船一天就能把包裹送到另一个星球，外星小朋友也能收到我的礼物。"),
    ("沙漠变绿洲", "green", "mixed", "用海水淡化和滴灌技术，让沙漠长满了树，骆驼在树荫下休息。"),
    ("会净化空气的大树", "green", "watercolour", "城市里的人造大树吸进雾霾，吐出清新的氧气，晚上还会发光照明。"),
    ("太空里的学校", "space", "crayon", "教室建在太空站里，我们透过圆圆的窗户看着地球上课。"),
    ("深海探测器", "ocean", "ink", "小小的探测器潜到一万米深的海沟，拍下了从来没人见过的发光鱼。"),
    ("云朵上的医院", "city", "collage", "医院建在云朵上，病人呼吸着新鲜空气，很快就康复了。"),
    ("火星基地", "mars", "computer", "火星基地有制氧工厂和太阳能电站，宇航员在这里做实验。"),
    ("智能交通城市", "city", "papercut", "红绿灯会自己看车流量变换，无人驾驶的公交车准时到站。"),
)

# (title, kind of object in the photo, subtype, design idea, materials, description)
INVENTIONS = (
    (
        "环保小台灯",
        "lamp",
        "model",
        "用废旧饮料瓶做灯罩，用旧手电筒的LED灯珠和电池做光源，利用串联电路原理，按下开关灯就亮。",
        "废旧饮料瓶、旧手电筒、电线、开关",
        "晚上写作业时桌上的灯太刺眼，我用废旧材料做了一盏光线柔和的小台灯。",
    ),
    (
        "自动浇花器",
        "plant",
        "invention",
        "利用虹吸原理，用棉绳把水从水瓶里慢慢引到花盆，出门一周花也不会干死。",
        "塑料瓶、棉绳、吸管",
        "暑假全家出去旅游，阳台上的花总是干死，我想让花自己喝水。",
    ),
    (
        "太阳能小风扇",
        "fan",
        "model",
        "太阳能电池板把光能转化为电能，带动小电机转动扇叶，阳光越强转得越快。",
        "太阳能电池板、旧玩具电机、光盘",
        "夏天在操场上运动很热，这个小风扇不用电池，晒着太阳就能吹风。",
    ),
    (
        "坐姿提醒器",
        "device",
        "invention",
        "用红外测距模块测量眼睛和书本的距离，太近时蜂鸣器响起，提醒我坐直。",
        "红外测距模块、蜂鸣器、纸盒",
        "同学们写字时头越来越低，这个小装置能帮大家保护视力。",
    ),
    (
        "磁悬浮笔筒",
        "device",
        "model",
        "利用同名磁极相互排斥的原理，让笔筒悬浮在底座上方，轻轻一碰还会转。",
        "环形磁铁、硬纸筒、木板",
        "我想让书桌上的笔筒变得好玩一点，于是做了一个会飘的笔筒。",
    ),
    (
        "雨天自动收衣架",
        "device",
        "invention",
        "雨滴传感器检测到下雨，小电机带动绳子把衣架收进屋檐下。",
        "雨滴传感器、减速电机、晾衣杆",
        "妈妈上班时突然下雨，晾在外面的衣服总被淋湿。",
    ),
    (
        "橡皮筋动力小车",
        "car",
        "model",
        "把橡皮筋的弹性势能转化为小车前进的动能，绕的圈数越多跑得越远。",
        "旧光盘、吸管、橡皮筋、纸板",
        "用旧光盘做车轮，看看橡皮筋能让小车跑多远。",
    ),
    (
        "多功能文具盒",
        "box",
        "invention",
        "文具盒盖上装了放大镜、量角器和小台历，一个盒子解决好几个问题。",
        "旧铁皮盒、放大镜片、硬卡纸",
        "上课时经常找不到量角器，我把常用的工具都装进了文具盒。",
    ),
    (
        "水果电池音乐盒",
        "device",
        "model",
        "把铜片和锌片插进柠檬做成水果电池，几个串联起来给音乐芯片供电。",
        "柠檬、铜片、锌片、音乐芯片",
        "原来水果也能发电！我用四个柠檬让音乐盒唱起了歌。",
    ),
    (
        "感应垃圾桶",
        "box",
        "invention",
        "人走近时红外感应器让舵机转动，桶盖自动打开，不用手碰更卫生。",
        "旧垃圾桶、红外感应模块、舵机",
        "扔垃圾时要用手掀盖子很不卫生，于是我给垃圾桶装上了“眼睛”。",
    ),
    (
        "简易净水器",
        "bottle",
        "model",
        "用石子、细沙、活性炭和纱布分层过滤，把浑浊的河水变清。",
        "塑料瓶、石子、细沙、活性炭、纱布",
        "看到小河里的水很浑，我想知道怎样才能让水变干净。",
    ),
    (
        "纸盒潜望镜",
        "box",
        "model",
        "利用平面镜反射光线的原理，两块镜子平行放置，就能在墙后看到外面。",
        "牛奶盒、小镜子、胶带",
        "学了光的反射，我用牛奶盒做了一个潜望镜。",
    ),
    (
        "盲人导航手杖",
        "device",
        "invention",
        "超声波传感器发现前方一米内有障碍物时，手柄里的小马达振动提醒。",
        "超声波模块、振动马达、旧雨伞柄",
        "在街上看到盲人伯伯差点撞到电线杆，我想帮帮他们。",
    ),
    (
        "声控小夜灯",
        "lamp",
        "invention",
        "拍一下手，声音传感器让灯亮起，三十秒后自动熄灭，节约用电。",
        "声音传感器、LED灯、旧果冻杯",
        "半夜起床找开关很不方便，现在拍拍手灯就亮了。",
    ),
    (
        "风力发电小屋",
        "fan",
        "design",
        "风吹动扇叶带动发电机转动，产生的电储存在电池里，晚上给小屋照明。",
        "设计图纸",
        "我设计了一座靠风力发电的小木屋，画出了它的原理图。",
    ),
)

# Per section: (title, genre, description)
ESSAYS = {
    "primary": (
        ("豆芽生长观察日记", "diary", "我每天给绿豆换水，记录豆芽长了多少，发现放在暗处的豆芽长得更快。"),
        ("蚕宝宝成长记", "diary", "从蚕卵到吐丝结茧，我用一个月观察了蚕宝宝的一生。"),
        ("阳台小菜园", "diary", "我和妈妈在阳台种了小番茄，记录了它发芽、开花和结果的过程。"),
        ("小水滴旅行记", "fairy_tale", "小水滴从大海出发，变成云、变成雨，最后又回到了大海。"),
        ("月亮为什么会变", "essay", "我连续一个月画下月亮的样子，查资料知道了月相变化的原因。"),
    ),
    "junior": (
        ("校园植物调查报告", "essay", "我们小组调查了校园里的四十多种植物，给它们做了名牌和分布图。"),
        ("食盐溶解快慢与什么有关", "essay", "通过对比实验，发现水温越高、搅拌越快，食盐溶解得越快。"),
        ("蚂蚁搬家与天气的关系", "diary", "连续两周观察操场边的蚂蚁窝，记录了蚂蚁搬家前后的天气变化。"),
        ("未来的智能城市", "fantasy", "二〇五〇年，城市的每盏路灯都会思考，每辆车都认识回家的路。"),
    ),
    "senior": (
        ("校园雨水收集利用的调查与设想", "essay", "测算了教学楼屋顶一年的雨水量，设计了收集雨水浇灌花园的方案。"),
        ("家庭用电情况调查与节电建议", "essay", "统计了二十户家庭一个月的用电，分析了待机耗电，提出了节电建议。"),
        ("共享单车停放问题的调查研究", "essay", "在学校周边做了问卷和实地观察，提出了划线停放和电子围栏的建议。"),
        ("二〇五〇年的一天", "fantasy", "一个高中生在核聚变供电、人工智能陪伴的未来城市里度过的一天。"),
    ),
}

POSTERS = (
    ("探究身边的科学", "本班同学分组收集资料，板报分为“生活小窍门”“科学小实验”“你知道吗”三个栏目。"),
    ("节约用水从我做起", "介绍了地球上淡水的分布和家庭节水的十个小方法，配有同学们画的水滴宝宝。"),
    ("垃圾分类小知识", "用图表讲清楚四类垃圾怎么分，还有同学们调查的小区垃圾分类情况。"),
    ("走近中国航天", "从东方红一号到天宫空间站，按时间线介绍了我国航天的重要时刻。"),
    ("健康饮食科学多", "介绍了平衡膳食宝塔，每位同学写下了自己一周的早餐记录和改进办法。"),
    ("人工智能知多少", "介绍了人工智能在生活中的应用，并讨论了怎样正确使用它。"),
    ("光的奥秘", "通过小孔成像、彩虹和潜望镜三个小实验，讲解光的传播与反射。"),
    ("防震减灾知识", "地震来了怎么办？板报用漫画的形式讲解了在教室、家里和户外的避险方法。"),
)

MEDIUM_NAMES = {
    "watercolour": "水彩画",
    "gouache": "水粉画",
    "crayon": "蜡笔画",
    "pen": "钢笔画",
    "oil": "油画",
    "computer": "电脑画",
    "mixed": "综合技法",
    "ink": "国画",
    "collage": "粘贴画",
    "papercut": "剪纸画",
}
GENRE_NAMES = {"essay": "科技小论文", "diary": "观察日记", "fairy_tale": "科普童话", "fantasy": "科普幻想"}

# --- Pictures -----------------------------------------------------------------------------------------

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
        tag = "制作过程"
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
    headings = ("你知道吗", "动手做", "小知识", "科学家的故事")
    for i in range(3):
        x0, colour = 70 + i * 390, chalk[(i + 1) % 4]
        d.rounded_rectangle((x0, 160, x0 + 360, 700), 18, outline=colour, width=5)
        _text(d, (x0 + 180, 200), headings[(i + rng.randrange(4)) % 4], 36, colour, anchor="mm")
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
    _text(d, (60, 60), f"{GENRE_NAMES.get(genre, '')}——{title}" if genre != "essay" else "科技小论文", 26, (90, 90, 90))
    _text(d, (w // 2, 150), title, 40, (30, 30, 30), anchor="mm")
    left, top = (w - columns * cell) // 2, 220
    for row in range(rows):
        for column in range(columns):
            x, y = left + column * cell, top + row * (cell + 12)
            d.rectangle((x, y, x + cell, y + cell), outline=(200, 110, 100), width=2)
    ink = (30, 40, 90) if rng.random() < 0.5 else (40, 40, 40)
    closing = "通过这次活动，我学会了认真观察、动手实验，也懂得了科学就在我们身边。"
    for i, char in enumerate(f"　　{text}　　{closing}"):
        row, column = divmod(i, columns)
        if row >= rows - 2:
            break
        _text(d, (left + column * cell + cell // 2, top + row * (cell + 12) + cell // 2), char, 24, ink, anchor="mm")
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# --- The entries ------------------------------------------------------------------------------------


@dataclass
class Work:
    """One entry to make, and how far it gets: draft, reopened, withdrawn, submitted, recommended, received."""

    competition: Competition
    school_class: SchoolClass
    authors: list[User]  # the first one creates the entry; none for a class entry
    title: str
    description: str
    details: dict
    picture: bytes
    goal: str
    advisor: User | None = None
    parent_name: str = ""
    process_picture: bytes | None = None


def seed(*, school: School, today: dt.date) -> None:
    """Called by ``manage.py seed_demo`` after the festivals exist (``demo.competitions``)."""
    festivals = {f.year: f for f in Festival.objects.filter(school=school, year__in=(today.year - 1, today.year))}
    organizer = User.objects.filter(school=school, is_organizer=True).order_by("pk").first()
    if organizer is None:
        return
    if today.year - 1 in festivals and not Entry.objects.filter(festival=festivals[today.year - 1]).exists():
        seed_last_year(festival=festivals[today.year - 1], organizer=organizer)
    if today.year in festivals and not Entry.objects.filter(festival=festivals[today.year]).exists():
        seed_this_year(festival=festivals[today.year], organizer=organizer)


def _classes(school: School) -> list[tuple[SchoolClass, list[User]]]:
    classes = list(
        SchoolClass.objects.filter(grade__school=school, head_teacher__isnull=False)
        .select_related("grade", "head_teacher")
        .order_by("grade__number", "number")
    )
    students = defaultdict(list)
    for student in (
        User.objects.filter(school_class__in=classes, is_student=True)
        .select_related("school_class__grade")
        .order_by("student_number", "pk")
    ):
        students[student.school_class_id].append(student)
    return [(c, students[c.pk]) for c in classes if students[c.pk]]


def _is_demo_class(school_class: SchoolClass) -> bool:
    return (school_class.grade.number, school_class.number) == DEMO_CLASS


class Planner:
    """Chooses what each class makes; every choice comes from one seeded random generator."""

    def __init__(self, festival: Festival, seed: int) -> None:
        self.rng = random.Random(seed)
        competitions = festival.competitions.prefetch_related("eligible_grades", "extensions")
        self.competitions = {c.kind: c for c in competitions}
        self.head_teachers: dict[int, list[User]] = defaultdict(list)

    def advisor(self, school_class: SchoolClass) -> User:
        """Mostly the head teacher; sometimes the head teacher of a parallel class who teaches science."""
        others = [t for t in self.head_teachers[school_class.grade_id] if t.pk != school_class.head_teacher_id]
        return self.rng.choice(others) if others and self.rng.random() < 0.25 else school_class.head_teacher

    def work(self, kind: str, school_class: SchoolClass, authors: list[User], goal: str) -> Work | None:
        competition = self.competitions.get(kind)
        if competition is None or school_class.grade.number not in competition.grade_numbers:
            return None
        rng = self.rng
        section = school_class.grade.section
        picture_rng = random.Random(rng.random())
        work = Work(competition, school_class, authors, "", "", {}, b"", goal)
        if kind == Kind.PAINTING:
            work.title, scene, medium, work.description = rng.choice(PAINTINGS)
            work.details = {"medium": medium}
            work.picture = painting_picture(work.title, scene, picture_rng)
        elif kind == Kind.INVENTION:
            work.title, thing, subtype, idea, materials, work.description = rng.choice(INVENTIONS)
            with_parent = section == "primary" and rng.random() < 0.4
            work.details = {"subtype": subtype, "made_with_parent": with_parent, "design_idea": idea}
            if subtype != "design":
                work.details["materials"] = materials
            if with_parent:
                work.parent_name = authors[0].real_name[0] + rng.choice(("爸爸", "妈妈"))
            work.picture = invention_picture(work.title, thing, picture_rng)
            if subtype != "design" and rng.random() < 0.3:
                work.process_picture = invention_picture(work.title, thing, picture_rng, making_of=True)
        elif kind == Kind.ESSAY:
            work.title, genre, work.description = rng.choice(ESSAYS[section])
            work.details = {"genre": genre}
            work.picture = essay_picture(work.title, genre, work.description, picture_rng)
        elif kind == Kind.POSTER:
            work.title, work.description = rng.choice(POSTERS)
            work.details = {"poster_topic": work.title}
            work.picture = poster_picture(work.title, school_class.name, picture_rng)
            return work  # the class entry's advisor is the head teacher who submits it
        else:
            return None
        work.advisor = self.advisor(school_class)
        return work


def _make(work: Work, *, organizer: User, now: dt.datetime, later: dt.datetime) -> Entry:
    """Take the work as far as its goal through the services; ``later`` is when the class chooses."""
    head = work.school_class.head_teacher
    if work.authors:
        by = work.authors[0]
        entry = services.entry_create(
            competition=work.competition,
            by=by,
            title=work.title,
            description=work.description,
            details=work.details,
            advisor=work.advisor,
            parent_name=work.parent_name,
            team=work.authors[1:],
            now=now,
        )
    else:
        by = head
        entry = services.class_entry_create(
            competition=work.competition,
            school_class=work.school_class,
            by=head,
            title=work.title,
            description=work.description,
            details=work.details,
            now=now,
        )
    pictures = [(work.picture, AttachmentRole.RESULT, work.title)]
    if work.process_picture:
        pictures.append((work.process_picture, AttachmentRole.PROCESS, f"{work.title}-制作过程"))
    for data, role, name in pictures:
        upload = SimpleUploadedFile(f"{name}.jpg", data, content_type="image/jpeg")
        services.attachment_add(entry=entry, by=by, file=upload, role=role, now=now)
    if work.goal == "draft":
        return entry
    if work.authors:
        services.entry_declare_original(entry=entry, by=by, declared=True, now=now)
    entry = services.entry_submit(entry=entry, by=by, now=now)
    if work.goal == "reopened":
        return services.entry_reopen(entry=entry, by=by, now=now)
    if work.goal == "withdrawn":
        return services.entry_withdraw(entry=entry, by=by, now=now)
    if work.goal == "submitted":
        return entry
    entry = services.shortlist_add(entry=entry, by=head, now=later)
    if work.goal == "received" and work.competition.kind in PHYSICAL_KINDS:
        entry = services.entry_mark_received(entry=entry, by=organizer, now=later)
    return entry


def _planner(festival: Festival, seed: int, classes) -> Planner:
    planner = Planner(festival, seed)
    for school_class, _students in classes:
        planner.head_teachers[school_class.grade_id].append(school_class.head_teacher)
    return planner


@transaction.atomic
def seed_last_year(*, festival: Festival, organizer: User) -> int:
    """The entries the classes recommended and the organizers took into judging; returns how many."""
    classes = _classes(festival.school)
    planner = _planner(festival, SEED, classes)
    rng = planner.rng
    works: list[Work] = []
    for school_class, students in classes:
        pupils = list(students)
        if not _is_demo_class(school_class):  # the demo student (the first by number) always paints
            rng.shuffle(pupils)
        pick = iter(pupils)
        plan = [(Kind.PAINTING, 1)] * (3 if _is_demo_class(school_class) else rng.choice((2, 3, 3)))
        plan += [(Kind.INVENTION, 2 if rng.random() < 0.3 else 1)] * rng.choice((1, 1, 2))
        if _is_demo_class(school_class) or rng.random() < 0.6:
            plan.append((Kind.ESSAY, 1))
        for kind, size in plan:
            authors = [a for a in (next(pick, None) for _ in range(size)) if a is not None]
            if authors and (work := planner.work(kind, school_class, authors, "received")):
                works.append(work)
        if work := planner.work(Kind.POSTER, school_class, [], "received"):
            works.append(work)
    entries = []
    for work in works:
        competition = work.competition
        span = competition.submission_closes - competition.submission_opens
        created = competition.submission_opens + span * rng.uniform(0.05, 0.6)
        chosen = competition.submission_closes - dt.timedelta(hours=rng.randint(6, 20))
        entries.append(_make(work, organizer=organizer, now=created, later=chosen))
    return services.entries_accept(entries=entries, by=organizer)


def _this_year_goals(school_class: SchoolClass, rng: random.Random) -> dict[str, list[str]]:
    """Goals per competition kind for one class: the demo class shows every state, the others a mix."""
    if _is_demo_class(school_class):
        return {
            Kind.PAINTING: ["submitted", "received"],
            Kind.INVENTION: ["draft", "withdrawn"],
            Kind.ESSAY: ["reopened"],
            Kind.POSTER: ["received"],
        }
    progress = rng.choice(("not started", "early", "middle", "middle", "ahead"))
    if progress == "not started":  # the participation charts show who has not started yet (班班启动)
        return {}
    if progress == "early":
        return {Kind.PAINTING: ["draft", rng.choice(("draft", "submitted"))], Kind.INVENTION: ["draft"]}
    if progress == "middle":
        return {
            Kind.PAINTING: ["submitted", rng.choice(("submitted", "draft"))],
            Kind.INVENTION: [rng.choice(("submitted", "withdrawn", "draft"))],
            Kind.ESSAY: [rng.choice(("submitted", "reopened"))],
            Kind.POSTER: [rng.choice(("draft", "submitted"))],
        }
    return {
        Kind.PAINTING: ["received", "submitted"],
        Kind.INVENTION: ["recommended", rng.choice(("submitted", "reopened"))],
        Kind.ESSAY: ["recommended"],
        Kind.POSTER: ["received"],
    }


@transaction.atomic
def seed_this_year(*, festival: Festival, organizer: User, now: dt.datetime | None = None) -> int:
    """Entries in every state, made since the competitions opened; those not taking entries now are left out."""
    now = now or timezone.now()
    classes = _classes(festival.school)
    planner = _planner(festival, SEED + 1, classes)
    rng = planner.rng
    made = 0
    for school_class, students in classes:
        pupils = list(students)
        if not _is_demo_class(school_class):
            rng.shuffle(pupils)
        pick = iter(pupils)
        for kind, goals in _this_year_goals(school_class, rng).items():
            for goal in goals:
                team = 2 if kind == Kind.INVENTION and _is_demo_class(school_class) and goal == "draft" else 1
                authors = [] if kind == Kind.POSTER else [a for a in (next(pick, None) for _ in range(team)) if a]
                if kind != Kind.POSTER and not authors:
                    continue
                work = planner.work(kind, school_class, authors, goal)
                if work is None or not services.competition_is_open_for(
                    competition=work.competition, school_class=school_class, now=now
                ):
                    continue
                # Spread over the days since the competition opened, as the dashboards would see them come in.
                opened = work.competition.submission_opens
                made_at = opened + (now - opened) * rng.uniform(0.1, 0.9)
                chosen_at = made_at + (now - made_at) * rng.uniform(0.3, 0.9)
                _make(work, organizer=organizer, now=made_at, later=chosen_at)
                made += 1
    return made
