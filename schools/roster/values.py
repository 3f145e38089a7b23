"""Cell values of a roster as people type them, turned into clean Python values.

Full-width digits and brackets, spaces inside names, student numbers stored as numbers, dates as Excel
dates, serial numbers or text, and the many ways Chinese schools write a class (三年级2班, 初二（3）班 …).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from openpyxl.utils.datetime import from_excel

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9]{1,2}|[一二两三四五六七八九十]{1,3}"
# 初二(3)班, 初二3班, 高一（1）班, 初中一年级2班: after 初/高 the grade is one character, so 高三十二班 is 高三 12班.
_CLS = rf"[-.]?\(?(?P<cls>{_NUM})\)?班?"
CLASS_RES = (
    re.compile(rf"^(?P<stage>初中|高中|初|高)(?P<grade>[0-9一二三四五六七八九])(?:年级)?{_CLS}$"),
    # 三年级2班, 三年级(2)班, 三年级二班, 3年级2班, 七年级3班, 小学三年级2班
    re.compile(rf"^(?P<stage>小学|初中|高中)?(?P<grade>{_NUM})年级{_CLS}$"),
)
CLASS_EN_RE = re.compile(r"^grade(?P<grade>[0-9]{1,2})[-,.]?class(?P<cls>[0-9]{1,2})$")
GRADE_RE = re.compile(rf"^(?P<stage>小学|初中|高中|初|高)?(?P<grade>{_NUM})(?:年级)?$")
GRADE_EN_RE = re.compile(r"^grade(?P<grade>[0-9]{1,2})$")
CLASS_ONLY_RE = re.compile(rf"^\(?(?P<cls>{_NUM})\)?班?$")
DATE_RES = (
    re.compile(r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
)
MONTH_RE = re.compile(r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})月?$")  # 出生年月: 2015年3月
GENDERS = {
    "男": "M", "男生": "M", "男性": "M", "m": "M", "male": "M", "boy": "M",
    "女": "F", "女生": "F", "女性": "F", "f": "F", "female": "F", "girl": "F",
}  # fmt: skip
YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "评委"}
NO = {"否", "n", "no", "false", "0", "×", "✗", "不是"}


def normalise_text(value: Any) -> str:
    """NFKC turns full-width digits, letters, brackets and the ideographic space into ASCII ones."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def compact(value: Any) -> str:
    return "".join(normalise_text(value).split())


def header_key(value: Any) -> str:
    text = compact(value).lower().replace("*", "").replace("_", "")
    return re.sub(r"\(.*?\)|\[.*?\]", "", text)  # 出生日期(yyyy-mm-dd), 学号（必填）


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def clean_name(value: Any) -> str:
    name = normalise_text(value)
    # 王 小明 / 王　小明: spaces inside a Chinese name are typing noise; "Anna Li" keeps its space.
    if any(_is_cjk(c) for c in name):
        name = name.replace(" ", "")
    return name


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        return (CN_DIGITS.get(tens, -99) if tens else 1) * 10 + (CN_DIGITS.get(ones, -99) if ones else 0)
    if len(text) == 1:
        return CN_DIGITS.get(text)
    return None


def _grade_number(stage: str | None, number: int | None) -> int | None:
    if number is None:
        return None
    if stage in ("初", "初中"):
        number = number + 6 if 1 <= number <= 3 else number
        return number if 7 <= number <= 9 else None
    if stage in ("高", "高中"):
        number = number + 9 if 1 <= number <= 3 else number
        return number if 10 <= number <= 12 else None
    if stage == "小学":
        return number if 1 <= number <= 6 else None
    return number if 1 <= number <= 12 else None


def parse_grade(value: Any) -> int | None:
    """三年级 / 3 / 初二 / 七年级 / 高一 → 1–12."""
    text = compact(value)
    match = GRADE_RE.match(text)
    if not match:
        match_en = GRADE_EN_RE.match(text.lower())
        return _grade_number(None, int(match_en["grade"])) if match_en else None
    return _grade_number(match["stage"], _cn_number(match["grade"]))


def parse_class(value: Any, grade: int | None = None) -> tuple[int, int] | None:
    """三年级2班 / 初二（3）班 / 高一1班 / Grade 3 Class 2 → (grade, class); "2班" with ``grade`` given."""
    text = compact(value)
    for pattern in CLASS_RES:
        match = pattern.match(text)
        if match:
            number = _grade_number(match["stage"], _cn_number(match["grade"]))
            cls = _cn_number(match["cls"])
            return (number, cls) if number and cls else None
    match = CLASS_EN_RE.match(text.lower())
    if match:
        number = _grade_number(None, int(match["grade"]))
        cls = int(match["cls"])
        return (number, cls) if number and cls else None
    match = CLASS_ONLY_RE.match(text)
    if match and grade:
        cls = _cn_number(match["cls"])
        return (grade, cls) if cls else None
    return None


def parse_date(value: Any) -> dt.date | None:
    """An Excel date, an Excel serial number, or text: 2015-03-07, 2015/3/7, 2015.3.7, 20150307, 2015年3月7日.

    Raises ValueError for a date that has the right shape but does not exist (2015-02-30); returns
    None when the value is not a date at all.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return parse_date(str(int(value)))
        if 1 <= value < 2958466:  # Excel's serial date range
            converted = from_excel(value)
            return converted.date() if isinstance(converted, dt.datetime) else None
        return None
    # "2015-03-07 00:00:00": a date column exported as text with its (meaningless) time
    text = "".join(re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", normalise_text(value)).split())
    for pattern in DATE_RES:
        match = pattern.match(text)
        if match:
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    match = MONTH_RE.match(text)
    if match:  # only year and month (出生年月): the first of the month, close enough for an age
        return dt.date(int(match["y"]), int(match["m"]), 1)
    return None


def parse_student_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 2024020101.0: a number column in Excel
    text = compact(value)
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text
