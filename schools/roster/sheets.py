"""The two workbooks the roster import hands out: the empty template and the credentials sheet.

Both are printed by school staff, so they are written by core's print-ready writer in its handout look
(``core.exporters.HANDOUT``): A4, a title centred above the header, the header repeated on every printed
page, a frozen header on screen, and columns wide enough for Chinese text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.exporters import HANDOUT, Column, Sheet, write_sheets
from schools.models import SECTION_GRADES, School, Section, class_name
from schools.roster.layout import COLUMN_LABELS


@dataclass(frozen=True)
class Credential:
    """A new account and its initial password, as printed on the slip."""

    login: str
    real_name: str
    password: str
    school_class: tuple[int, int] | None  # None for teachers


def _workbook(sheets: Sequence[Sheet]) -> bytes:
    buffer = io.BytesIO()
    write_sheets(buffer, sheets)
    return buffer.getvalue()


def _columns(labels: Sequence[str], widths: Sequence[int]) -> list[Column]:
    return [Column(str(label), width=width) for label, width in zip(labels, widths, strict=True)]


def _credential_columns(login_label: str) -> list[Column]:
    columns = _columns([COLUMN_LABELS["seq"], login_label, COLUMN_LABELS["name"]], [8, 18, 16])
    return [*columns, Column(_("Initial password"), width=22, code=True)]


def credentials_workbook(
    *, school: School, credentials: Sequence[Credential], created: dt.date, login_url: str = ""
) -> bytes:
    """One sheet per class of new students, one for new teachers: cut into slips or hand out whole."""
    sheets = []
    where = _("Log in at %(url)s.") % {"url": login_url} if login_url else ""
    students = sorted((c for c in credentials if c.school_class), key=lambda c: (c.school_class, c.login))
    by_class: dict[tuple[int, int], list[Credential]] = {}
    for credential in students:
        by_class.setdefault(credential.school_class, []).append(credential)
    for key, rows in by_class.items():
        name = class_name(*key)
        sheets.append(
            Sheet(
                name=name,
                title=_("%(school)s %(class)s — student accounts (%(date)s)")
                % {"school": school.name, "class": name, "date": created.isoformat()},
                hint=" ".join(
                    [where, _("Log in with the student number and the initial password; then choose a new password.")]
                ).strip(),
                columns=_credential_columns(COLUMN_LABELS["student_number"]),
                rows=[[seq, c.login, c.real_name, c.password] for seq, c in enumerate(rows, start=1)],
                look=HANDOUT,
            )
        )
    teachers = sorted((c for c in credentials if not c.school_class), key=lambda c: c.login)
    if teachers:
        sheets.append(
            Sheet(
                name=_("Teachers"),
                title=_("%(school)s — teacher accounts (%(date)s)")
                % {"school": school.name, "date": created.isoformat()},
                hint=" ".join(
                    [where, _("Log in with the staff number and the initial password; then choose a new password.")]
                ).strip(),
                columns=_credential_columns(COLUMN_LABELS["username"]),
                rows=[[seq, c.login, c.real_name, c.password] for seq, c in enumerate(teachers, start=1)],
                look=HANDOUT,
            )
        )
    return _workbook(sheets)


def credentials_filename(*, school: School, created: dt.date) -> str:
    return _("credentials_%(school)s_%(date)s.xlsx") % {"school": school.name, "date": created.isoformat()}


def _example_grades(school: School) -> list[int]:
    grades = [n for s in Section.values if s in school.sections for n in SECTION_GRADES[s]]
    if not grades:
        return [3, 8]
    # one from the first section and one from the last, so examples show both ways of naming classes
    return sorted({grades[min(2, len(grades) - 1)], grades[-2] if len(grades) > 1 else grades[0]})


def template_workbook(*, school: School) -> bytes:
    """The empty roster in the layout the reader expects, with example rows and a notes sheet."""
    grades = _example_grades(school)
    first, last = grades[0], grades[-1]
    label = {key: str(value) for key, value in COLUMN_LABELS.items()}

    student_columns = _columns(
        [label[f] for f in ("seq", "student_number", "name", "gender", "birth_date", "class")], [8, 16, 14, 8, 14, 16]
    )
    student_columns[1].number_format = "@"  # text, so long numbers keep their digits
    examples = [
        ("2024030201", "王小明", _("male"), dt.date(2016, 3, 7), class_name(first, 2)),
        ("2024030202", "李雨萱", _("female"), dt.date(2016, 9, 21), class_name(first, 2)),
        ("2021080301", "张浩然", _("male"), dt.date(2012, 11, 2), class_name(last, 3)),
    ]
    teacher_columns = _columns(
        [label[f] for f in ("seq", "username", "name", "gender", "head_classes", "judge")], [8, 14, 14, 8, 18, 8]
    )
    return _workbook(
        [
            Sheet(
                name=_("Students"),
                title=_("%(school)s student roster") % {"school": school.name},
                columns=student_columns,
                rows=[[seq, *example] for seq, example in enumerate(examples, start=1)],
                look=HANDOUT,
            ),
            Sheet(
                name=_("Teachers"),
                title=_("%(school)s teachers") % {"school": school.name},
                columns=teacher_columns,
                rows=[
                    [1, "T001", "周老师", _("female"), class_name(first, 2), _("no")],
                    [2, "T002", "刘老师", _("male"), class_name(last, 3), _("yes")],
                    [3, "T003", "孙老师", _("female"), "", _("yes")],
                ],
                look=HANDOUT,
            ),
            Sheet(
                name=_("Notes"),
                title=_("How to fill in the roster"),
                columns=[
                    Column(_("Column"), width=16),
                    Column(_("Required"), width=10),
                    Column(_("What to write"), width=80, wrap=True),
                ],
                rows=_notes(),
                look=HANDOUT,
            ),
        ]
    )


def _notes() -> list[tuple[str, str, str]]:
    yes, no = _("yes"), _("no")
    students, teachers = _("Students"), _("Teachers")
    return [
        (students, "", _("One row per student. A title row above the header and blank lines are fine.")),
        (str(COLUMN_LABELS["seq"]), no, _("Any running number; it is not imported.")),
        (
            str(COLUMN_LABELS["student_number"]),
            yes,
            _("Unique in the school; it is the student's login. Letters, digits, - and _; at most 32 characters."),
        ),
        (str(COLUMN_LABELS["name"]), yes, _("The student's real name.")),
        (str(COLUMN_LABELS["gender"]), yes, _("男 or 女.")),
        (
            str(COLUMN_LABELS["birth_date"]),
            yes,
            _("An Excel date or text such as 2015-03-07, 2015/3/7 or 2015年3月7日. Entry labels print the age."),
        ),
        (
            str(COLUMN_LABELS["class"]),
            yes,
            _(
                "Grade and class, e.g. 三年级2班, 七年级3班, 初二(3)班, 高一(1)班. With a separate 年级 column, "
                "the class column may hold just 2班."
            ),
        ),
        (
            "",
            "",
            _(
                "Importing again updates names, genders, birth dates and classes by student number and never "
                "changes passwords. Students left out of the file are not deleted."
            ),
        ),
        (teachers, "", _("One row per teacher, judge or other staff member who needs an account.")),
        (str(COLUMN_LABELS["username"]), yes, _("The teacher's login; unique.")),
        (str(COLUMN_LABELS["name"]), yes, _("The teacher's real name.")),
        (str(COLUMN_LABELS["gender"]), no, _("男 or 女.")),
        (
            str(COLUMN_LABELS["head_classes"]),
            no,
            _("The class this teacher heads, e.g. 三年级2班; several separated by 、. Each class has one."),
        ),
        (str(COLUMN_LABELS["judge"]), no, _("是 if the teacher judges competitions, 否 if not.")),
        (
            "",
            "",
            _(
                "If any row has a problem, nothing is imported and the page lists every problem by row. New "
                "accounts get an initial password on the credentials sheet; it must be changed at first login."
            ),
        ),
    ]
