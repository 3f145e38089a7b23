"""The two workbooks the roster import hands out: the empty template and the credentials sheet.

Both are printed by school staff, so they are laid out for A4 paper: a title row, the header
repeated on every printed page, a frozen header on screen, and columns wide enough for Chinese text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from schools.models import SECTION_GRADES, School, Section, class_name
from schools.roster import COLUMN_LABELS

FONT_NAME = "等线"  # Office's default CJK font; viewers without it fall back to any CJK font
PASSWORD_FONT = Font(name="Consolas", size=14, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=12)
HINT_FONT = Font(name=FONT_NAME, size=10, italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Credential:
    """A new account and its initial password, as printed on the slip."""

    login: str
    real_name: str
    password: str
    school_class: tuple[int, int] | None  # None for teachers


BODY_STYLE, PASSWORD_STYLE, HEADER_STYLE = "roster body", "roster password", "roster header"


def _workbook() -> Workbook:
    """An empty workbook with the cell styles registered once: naming a style per cell is far cheaper
    than setting font, border and alignment on each of 3,000 rows."""
    wb = Workbook()
    wb.remove(wb.active)
    middle = Alignment(vertical="center")
    for name, font, alignment, fill in (
        (BODY_STYLE, BODY_FONT, middle, PatternFill()),
        (PASSWORD_STYLE, PASSWORD_FONT, middle, PatternFill()),
        (HEADER_STYLE, HEADER_FONT, Alignment(horizontal="center", vertical="center"), HEADER_FILL),
    ):
        wb.add_named_style(NamedStyle(name=name, font=font, border=BORDER, alignment=alignment, fill=fill))
    return wb


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(text: str) -> str:
    return text.translate(INVALID_SHEET_CHARS)[:31]


def _printable(
    ws: Worksheet, *, title: str, hint: str, headers: Sequence[str], widths: Sequence[int], landscape: bool = False
) -> int:
    """Title row, an optional hint row, the header; returns the header's row number."""
    last = get_column_letter(len(headers))
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    header_row = 2
    if hint:
        ws.append([hint])
        ws.merge_cells(f"A2:{last}2")
        ws["A2"].font = HINT_FONT
        ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[2].height = 32
        header_row = 3
    ws.append(list(headers))
    for cell in ws[header_row]:
        cell.style = HEADER_STYLE
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"1:{header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as needed, one page wide
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "&P / &N"
    return header_row


def _body_row(ws: Worksheet, values: Iterable[object], *, password_column: int | None = None) -> None:
    ws.append(list(values))
    row = ws.max_row
    ws.row_dimensions[row].height = 24
    for cell in ws[row]:
        cell.style = PASSWORD_STYLE if cell.column == password_column else BODY_STYLE


def credentials_workbook(
    *, school: School, credentials: Sequence[Credential], created: dt.date, login_url: str = ""
) -> bytes:
    """One sheet per class of new students, one for new teachers: cut into slips or hand out whole."""
    wb = _workbook()
    where = _("Log in at %(url)s.") % {"url": login_url} if login_url else ""
    students = sorted((c for c in credentials if c.school_class), key=lambda c: (c.school_class, c.login))
    by_class: dict[tuple[int, int], list[Credential]] = {}
    for credential in students:
        by_class.setdefault(credential.school_class, []).append(credential)
    for key, rows in by_class.items():
        name = class_name(*key)
        ws = wb.create_sheet(_sheet_title(name))
        _printable(
            ws,
            title=_("%(school)s %(class)s — student accounts (%(date)s)")
            % {"school": school.name, "class": name, "date": created.isoformat()},
            hint=" ".join(
                [where, _("Log in with the student number and the initial password; then choose a new password.")]
            ).strip(),
            headers=[
                str(COLUMN_LABELS["seq"]),
                str(COLUMN_LABELS["student_number"]),
                str(COLUMN_LABELS["name"]),
                _("Initial password"),
            ],
            widths=[8, 18, 16, 22],
        )
        for seq, credential in enumerate(rows, start=1):
            _body_row(ws, [seq, credential.login, credential.real_name, credential.password], password_column=4)
    teachers = sorted((c for c in credentials if not c.school_class), key=lambda c: c.login)
    if teachers:
        ws = wb.create_sheet(_sheet_title(_("Teachers")))
        _printable(
            ws,
            title=_("%(school)s — teacher accounts (%(date)s)") % {"school": school.name, "date": created.isoformat()},
            hint=" ".join(
                [where, _("Log in with the staff number and the initial password; then choose a new password.")]
            ).strip(),
            headers=[
                str(COLUMN_LABELS["seq"]),
                str(COLUMN_LABELS["username"]),
                str(COLUMN_LABELS["name"]),
                _("Initial password"),
            ],
            widths=[8, 18, 16, 22],
        )
        for seq, credential in enumerate(teachers, start=1):
            _body_row(ws, [seq, credential.login, credential.real_name, credential.password], password_column=4)
    return _save(wb)


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
    wb = _workbook()
    grades = _example_grades(school)
    first, last = grades[0], grades[-1]
    label = {key: str(value) for key, value in COLUMN_LABELS.items()}

    ws = wb.create_sheet(_sheet_title(_("Students")))
    headers = [label[f] for f in ("seq", "student_number", "name", "gender", "birth_date", "class")]
    _printable(
        ws, title=_("%(school)s student roster") % {"school": school.name}, hint="", headers=headers,
        widths=[8, 16, 14, 8, 14, 16],
    )  # fmt: skip
    examples = [
        ("2024030201", "王小明", _("male"), dt.date(2016, 3, 7), class_name(first, 2)),
        ("2024030202", "李雨萱", _("female"), dt.date(2016, 9, 21), class_name(first, 2)),
        ("2021080301", "张浩然", _("male"), dt.date(2012, 11, 2), class_name(last, 3)),
    ]
    for seq, (number, name, gender, birth, school_class) in enumerate(examples, start=1):
        _body_row(ws, [seq, number, name, gender, birth, school_class])
        ws.cell(row=ws.max_row, column=2).number_format = "@"  # text, so long numbers keep their digits
        ws.cell(row=ws.max_row, column=5).number_format = "yyyy-mm-dd"

    ws = wb.create_sheet(_sheet_title(_("Teachers")))
    headers = [label[f] for f in ("seq", "username", "name", "gender", "head_classes", "judge")]
    _printable(
        ws, title=_("%(school)s teachers") % {"school": school.name}, hint="", headers=headers,
        widths=[8, 14, 14, 8, 18, 8],
    )  # fmt: skip
    _body_row(ws, [1, "T001", "周老师", _("female"), class_name(first, 2), _("no")])
    _body_row(ws, [2, "T002", "刘老师", _("male"), class_name(last, 3), _("yes")])
    _body_row(ws, [3, "T003", "孙老师", _("female"), "", _("yes")])

    ws = wb.create_sheet(_sheet_title(_("Notes")))
    _printable(
        ws, title=_("How to fill in the roster"), hint="",
        headers=[_("Column"), _("Required"), _("What to write")], widths=[16, 10, 80],
    )  # fmt: skip
    for column, required, note in _notes():
        _body_row(ws, [column, required, note])
        ws.cell(row=ws.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="center")
    return _save(wb)


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
