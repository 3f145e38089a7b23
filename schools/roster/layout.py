"""The columns of a roster sheet: which fields a students or teachers sheet has, how people label them, and
how a header row is recognised."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import pgettext_lazy

from schools.roster.values import header_key, normalise_text

# The columns a sheet may have, by field, with how people actually label them. Matching is done on
# the normalised header (see ``values.header_key``): no spaces, lower case, without notes in brackets.
STUDENT = "students"
TEACHER = "teachers"

COLUMN_LABELS = {
    "seq": pgettext_lazy("roster column", "No."),
    "student_number": pgettext_lazy("roster column", "Student number"),
    "name": pgettext_lazy("roster column", "Name"),
    "gender": pgettext_lazy("roster column", "Gender"),
    "birth_date": pgettext_lazy("roster column", "Birth date"),
    "class": pgettext_lazy("roster column", "Class"),
    "grade": pgettext_lazy("roster column", "Grade"),
    "username": pgettext_lazy("roster column", "Staff number"),
    "head_classes": pgettext_lazy("roster column", "Head teacher of"),
    "judge": pgettext_lazy("roster column", "Judge"),
}

_LOGIN_ALIASES = ("账号", "帐号", "用户名", "登录名", "登录账号", "username", "login", "account")
_NAME_ALIASES = ("姓名", "名字", "name", "fullname", "realname")
_GENDER_ALIASES = ("性别", "gender", "sex")
STAFF_ALIASES = ("工号", "教工号", "职工号", "教师工号", "staffnumber", "staffno", "staffid")
STUDENT_NUMBER_ALIASES = ("学号", "学籍号", "学生学号", "学籍号码", "studentnumber", "studentno", "studentid")
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    STUDENT: {
        "seq": ("序号", "编号", "no", "no.", "#", "seq"),
        "student_number": (*STUDENT_NUMBER_ALIASES, *_LOGIN_ALIASES),
        "name": (*_NAME_ALIASES, "学生姓名", "studentname"),
        "gender": _GENDER_ALIASES,
        "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "birthdate", "dateofbirth", "dob", "birthday"),
        "class": ("班级", "班别", "所在班级", "班级名称", "class", "classname"),
        "grade": ("年级", "所在年级", "grade"),
    },
    TEACHER: {
        "seq": ("序号", "编号", "no", "no.", "#", "seq"),
        "username": (*STAFF_ALIASES, *_LOGIN_ALIASES),
        "name": (*_NAME_ALIASES, "教师姓名", "teachername"),
        "gender": _GENDER_ALIASES,
        "head_classes": ("班主任班级", "班主任", "担任班主任", "任班主任班级", "所带班级", "headteacherof", "homeroom"),
        "judge": ("评委", "是否评委", "担任评委", "judge", "isjudge"),
    },
}
REQUIRED = {
    STUDENT: ("student_number", "name", "gender", "birth_date", "class"),
    TEACHER: ("username", "name"),
}
_ALIAS_TO_FIELD = {
    kind: {alias: f for f, aliases in table.items() for alias in aliases} for kind, table in ALIASES.items()
}


def match_header(values: Sequence[Any]) -> tuple[str, dict[str, int], dict[str, str]] | None:
    """If ``values`` is a roster header: the kind of sheet, its columns by field and their labels as written."""
    keys = [header_key(v) for v in values]
    found: dict[str, dict[str, int]] = {STUDENT: {}, TEACHER: {}}
    for index, key in enumerate(keys):
        for kind in (STUDENT, TEACHER):
            field_name = _ALIAS_TO_FIELD[kind].get(key)
            if field_name and field_name not in found[kind]:
                found[kind][field_name] = index
    students, teachers = found[STUDENT], found[TEACHER]
    # Strongest signs first: a 学号 column means students, a 工号 / 班主任班级 / 评委 column teachers (a
    # teachers sheet may well have a 班级 column too); then 班级 or 出生日期; then a bare 账号 column.
    teacher_specific = "head_classes" in teachers or "judge" in teachers or any(k in STAFF_ALIASES for k in keys)
    if "name" in students and any(k in STUDENT_NUMBER_ALIASES for k in keys):
        kind = STUDENT
    elif "name" in teachers and teacher_specific:
        kind = TEACHER
    elif "name" in students and ("class" in students or "birth_date" in students):
        kind = STUDENT
    elif "name" in teachers and "username" in teachers:
        kind = TEACHER
    else:
        return None
    columns = found[kind]
    return kind, columns, {f: normalise_text(values[i]) for f, i in columns.items()}
