"""Reading a roster workbook into clean rows, or into every row-level error, without touching the database."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from schools.models import GRADE_NAMES, School, class_name
from schools.roster.check import roster_check
from schools.roster.layout import COLUMN_LABELS, REQUIRED, STUDENT, match_header
from schools.roster.rows import Roster, RowError, StudentRow, TeacherRow, errors_in_order
from schools.roster.values import (
    GENDERS,
    NO,
    YES,
    clean_name,
    compact,
    normalise_text,
    parse_class,
    parse_date,
    parse_grade,
    parse_student_number,
)

MB = 1024 * 1024
HEADER_SEARCH_ROWS = 30  # title rows, notes and logos above the header
STUDENT_NUMBER_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
STUDENT_AGE_RANGE = (3, 25)  # anyone outside this is a typo in the birth year, not a pupil


@dataclass
class _Sheet:
    title: str
    kind: str
    header_row: int
    columns: dict[str, int]  # field -> 0-based column index
    headers: dict[str, str]  # field -> the header as written in the file
    rows: Iterator[tuple[int, Sequence[Any]]]

    def label(self, field_name: str) -> str:
        return self.headers.get(field_name) or str(COLUMN_LABELS[field_name])


def _max_rows() -> int:
    # A district-sized school has ~5,000 people; more is a wrong file or a bomb (settings.ROSTER_MAX_ROWS).
    return settings.ROSTER_MAX_ROWS


def _too_many_rows(title: str, rows: int) -> RowError:
    return RowError(
        title,
        None,
        "",
        _(
            "The sheet has %(rows)s rows; a roster may have at most %(max)s. If the list is shorter, delete the "
            "empty rows below it in Excel (select them, then Delete rows) and upload again."
        )
        % {"rows": f"{rows:,}", "max": f"{_max_rows():,}"},
    )


def _declared_too_large(workbook: Any) -> RowError | None:
    """A sheet whose declared size (<dimension ref="A1:F3000000">) is beyond the limit, before reading a row."""
    for ws in workbook.worksheets:
        declared = ws.max_row or 0
        if declared > _max_rows():
            return _too_many_rows(normalise_text(ws.title), declared)
    return None


def _unpacked_too_large(workbook_file: IO[bytes]) -> RowError | None:
    """Sum what the zip's members say they unpack to (zipfile never unpacks more than that) before opening.

    openpyxl reads the whole of sharedStrings.xml into memory on opening: 300 MB of it were 34 s and 319 MB.
    """
    with zipfile.ZipFile(workbook_file) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    workbook_file.seek(0)
    limit = settings.ROSTER_MAX_UNPACKED_BYTES
    if unpacked <= limit:
        return None
    return RowError(
        "",
        None,
        "",
        _(
            "The workbook unpacks to %(size)s MB; a roster may unpack to at most %(max)s MB. Copy only the list "
            "into a new workbook, without pictures or other sheets, and upload that."
        )
        % {"size": f"{-(-unpacked // MB):,}", "max": f"{max(1, limit // MB):,}"},
    )


def _open_sheets(workbook: Any) -> tuple[list[_Sheet], bool]:
    """Find every sheet with a roster header; also say whether the workbook has any content at all."""
    sheets, any_content = [], False
    for ws in workbook.worksheets:
        rows = enumerate(ws.iter_rows(values_only=True), start=1)
        for number, values in rows:
            if any(normalise_text(v) for v in values):
                any_content = True
            matched = match_header(values)
            if matched:
                kind, columns, headers = matched
                sheets.append(_Sheet(normalise_text(ws.title), kind, number, columns, headers, rows))
                break
            if number >= HEADER_SEARCH_ROWS:
                break
    return sheets, any_content


def _cell(values: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(values):
        return None
    value = values[index]
    return value.strip() if isinstance(value, str) else value


def _display(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d")
    return normalise_text(value)


class _Reader:
    """Reads every sheet, collecting errors instead of stopping at the first one."""

    def __init__(self) -> None:
        self.roster = Roster()
        self.student_numbers: dict[str, tuple[str, int]] = {}
        self.usernames: dict[str, tuple[str, int]] = {}
        self.head_of: dict[tuple[int, int], tuple[str, int]] = {}
        self.today = timezone.localdate()
        self.data_rows = 0

    def error(self, sheet: _Sheet | str, row: int | None, field_name: str | None, message: str) -> None:
        title = sheet.title if isinstance(sheet, _Sheet) else sheet
        column = sheet.label(field_name) if isinstance(sheet, _Sheet) and field_name else ""
        self.roster.errors.append(RowError(title, row, column, message))

    def read(self, workbook: Any) -> Roster:
        sheets, any_content = _open_sheets(workbook)
        if not sheets:
            if any_content:
                self.error("", None, None, _no_header_message())
            else:
                self.error("", None, None, _("The workbook is empty."))
            return self.roster
        for sheet in sheets:
            missing = [f for f in REQUIRED[sheet.kind] if f not in sheet.columns]
            for field_name in missing:
                self.error(
                    sheet, sheet.header_row, None,
                    _("The required column “%(column)s” is missing.") % {"column": COLUMN_LABELS[field_name]},
                )  # fmt: skip
            if missing:
                continue
            if not self.read_rows(sheet):
                return self.roster
        if not self.roster.errors and not (self.roster.students or self.roster.teachers):
            self.error("", None, None, _("The roster has a header but no rows of people."))
        return self.roster

    def read_rows(self, sheet: _Sheet) -> bool:
        for number, values in sheet.rows:
            if number > _max_rows():
                # Blank rows too: a dimension that lies, then 3 million empty rows, cost two minutes.
                self.roster.errors.append(_too_many_rows(sheet.title, number))
                return False
            if not any(normalise_text(v) for v in values):
                continue  # blank lines between classes
            self.data_rows += 1
            if self.data_rows > _max_rows():
                self.error(sheet, number, None, _("The file has more than %(max)s rows.") % {"max": _max_rows()})
                return False
            if match_header(values):
                continue  # the header repeated, e.g. sheets pasted one below the other
            if sheet.kind == STUDENT:
                self.read_student(sheet, number, values)
            else:
                self.read_teacher(sheet, number, values)
        return True

    def read_name(self, sheet: _Sheet, number: int, values: Sequence[Any]) -> str:
        name = clean_name(_cell(values, sheet.columns["name"]))
        if not name:
            self.error(sheet, number, "name", _("The name is empty."))
        elif len(name) > 50:
            self.error(sheet, number, "name", _("The name is longer than 50 characters."))
        return name

    def read_gender(self, sheet: _Sheet, number: int, values: Sequence[Any], *, required: bool) -> str | None:
        raw = _cell(values, sheet.columns.get("gender"))
        text = compact(raw).lower()
        if not text:
            if required:
                self.error(sheet, number, "gender", _("The gender is empty; write 男 or 女."))
            return None
        gender = GENDERS.get(text)
        if gender is None:
            self.error(
                sheet, number, "gender", _("“%(value)s” is not a gender; write 男 or 女.") % {"value": _display(raw)}
            )
        return gender

    def read_student(self, sheet: _Sheet, number: int, values: Sequence[Any]) -> None:
        errors_before = len(self.roster.errors)
        cols = sheet.columns
        raw_number = _cell(values, cols["student_number"])
        student_number = parse_student_number(raw_number)
        if not student_number:
            self.error(sheet, number, "student_number", _("The student number is empty."))
        elif not STUDENT_NUMBER_RE.match(student_number):
            self.error(
                sheet, number, "student_number",
                _("“%(value)s” is not a valid student number (letters, digits, - and _, at most 32).")
                % {"value": _display(raw_number)},
            )  # fmt: skip
        elif student_number in self.student_numbers:
            self.error(sheet, number, "student_number", self.duplicate_message(student_number, self.student_numbers))
        else:
            self.student_numbers[student_number] = (sheet.title, number)
        name = self.read_name(sheet, number, values)
        gender = self.read_gender(sheet, number, values, required=True)
        birth_date = self.read_birth_date(sheet, number, _cell(values, cols["birth_date"]))
        school_class = self.read_class(sheet, number, values)
        if len(self.roster.errors) == errors_before:
            self.roster.students.append(
                StudentRow(sheet.title, number, student_number, name, gender, birth_date, *school_class)
            )

    def duplicate_message(self, value: str, seen: dict[str, tuple[str, int]]) -> str:
        other_sheet, other_row = seen[value]
        return _("“%(value)s” also appears in sheet “%(sheet)s” row %(row)s.") % {
            "value": value,
            "sheet": other_sheet,
            "row": other_row,
        }

    def read_birth_date(self, sheet: _Sheet, number: int, raw: Any) -> dt.date | None:
        if not normalise_text(raw):
            self.error(sheet, number, "birth_date", _("The birth date is empty."))
            return None
        try:
            birth_date = parse_date(raw)
        except ValueError:
            birth_date = None
            problem = _("“%(value)s” is not a valid date.")
        else:
            problem = _("“%(value)s” is not a date; write it like 2015-03-07.")
        if birth_date is None:
            self.error(sheet, number, "birth_date", problem % {"value": _display(raw)})
            return None
        age = (
            self.today.year
            - birth_date.year
            - ((self.today.month, self.today.day) < (birth_date.month, birth_date.day))
        )
        if not STUDENT_AGE_RANGE[0] <= age <= STUDENT_AGE_RANGE[1]:
            self.error(
                sheet, number, "birth_date",
                _("“%(value)s” is not a plausible birth date for a student.") % {"value": birth_date.isoformat()},
            )  # fmt: skip
            return None
        return birth_date

    def read_class(self, sheet: _Sheet, number: int, values: Sequence[Any]) -> tuple[int, int] | None:
        raw = _cell(values, sheet.columns["class"])
        raw_grade = _cell(values, sheet.columns.get("grade"))
        grade = None
        if normalise_text(raw_grade):
            grade = parse_grade(raw_grade)
            if grade is None:
                self.error(sheet, number, "grade", _("“%(value)s” is not a grade.") % {"value": _display(raw_grade)})
                return None
        if not normalise_text(raw):
            self.error(sheet, number, "class", _("The class is empty."))
            return None
        parsed = parse_class(raw, grade)
        if parsed is None:
            self.error(sheet, number, "class", _class_problem(raw, with_grade=grade is not None))
            return None
        if grade is not None and parsed[0] != grade:
            self.error(
                sheet, number, "class",
                _("“%(value)s” is not in %(grade)s as the grade column says.")
                % {"value": _display(raw), "grade": GRADE_NAMES[grade]},
            )  # fmt: skip
            return None
        return parsed

    def read_teacher(self, sheet: _Sheet, number: int, values: Sequence[Any]) -> None:
        errors_before = len(self.roster.errors)
        raw_username = _cell(values, sheet.columns["username"])
        username = parse_student_number(raw_username)
        if not username:
            self.error(sheet, number, "username", _("The staff number is empty."))
        elif len(username) > 150 or not _valid_username(username):
            self.error(
                sheet, number, "username",
                _("“%(value)s” is not a valid staff number (letters, digits and @ . + - _).")
                % {"value": _display(raw_username)},
            )  # fmt: skip
        elif username in self.usernames:
            self.error(sheet, number, "username", self.duplicate_message(username, self.usernames))
        elif username in self.student_numbers:
            self.error(sheet, number, "username", self.duplicate_message(username, self.student_numbers))
        else:
            self.usernames[username] = (sheet.title, number)
        name = self.read_name(sheet, number, values)
        gender = self.read_gender(sheet, number, values, required=False)
        head_classes = self.read_head_classes(sheet, number, values)
        is_judge = self.read_judge(sheet, number, values)
        if len(self.roster.errors) == errors_before:
            self.roster.teachers.append(TeacherRow(sheet.title, number, username, name, gender, head_classes, is_judge))

    def read_head_classes(self, sheet: _Sheet, number: int, values: Sequence[Any]) -> list[tuple[int, int]]:
        raw = _cell(values, sheet.columns.get("head_classes"))
        classes: list[tuple[int, int]] = []
        for part in re.split(r"[、,;/|]", normalise_text(raw)):
            if not part.strip() or compact(part) in NO:
                continue
            parsed = parse_class(part)
            if parsed is None:
                self.error(sheet, number, "head_classes", _class_problem(part, with_grade=False))
                continue
            if parsed in self.head_of:
                other_sheet, other_row = self.head_of[parsed]
                self.error(
                    sheet, number, "head_classes",
                    _("%(class)s already has a head teacher in sheet “%(sheet)s” row %(row)s.")
                    % {"class": class_name(*parsed), "sheet": other_sheet, "row": other_row},
                )  # fmt: skip
                continue
            self.head_of[parsed] = (sheet.title, number)
            classes.append(parsed)
        return classes

    def read_judge(self, sheet: _Sheet, number: int, values: Sequence[Any]) -> bool | None:
        raw = _cell(values, sheet.columns.get("judge"))
        text = compact(raw).lower()
        if not text:
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        self.error(sheet, number, "judge", _("“%(value)s” is not 是 or 否.") % {"value": _display(raw)})
        return None


def _valid_username(username: str) -> bool:
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return False
    return True


def _no_header_message() -> str:
    return _(
        "No roster header found. The students sheet needs the columns 学号, 姓名, 性别, 出生日期 and 班级; "
        "the teachers sheet 工号 and 姓名. Download the template to see the layout."
    )


def _class_problem(raw: Any, *, with_grade: bool) -> str:
    if with_grade:
        return _("“%(value)s” is not a class; write it like 2班.") % {"value": _display(raw)}
    return _("“%(value)s” is not a class; write it like 三年级2班 or 初二(3)班.") % {"value": _display(raw)}


def _read_file(workbook_file: IO[bytes]) -> tuple[Any | None, RowError | None]:
    start = workbook_file.read(8)
    workbook_file.seek(0)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return None, RowError(
            "", None, "", _("This is an old Excel .xls file. Save it as .xlsx in Excel and upload again.")
        )
    if not start.startswith(b"PK"):
        return None, RowError("", None, "", _("The file is not an .xlsx workbook."))
    try:
        too_large = _unpacked_too_large(workbook_file)
        if too_large:
            return None, too_large
        workbook = load_workbook(workbook_file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        # openpyxl reports a broken or foreign zip in many ways; all mean the same to the user.
        return None, RowError("", None, "", _("The file cannot be read as an .xlsx workbook."))
    too_large = _declared_too_large(workbook)
    if too_large:
        workbook.close()
        return None, too_large
    return workbook, None


def roster_parse(*, workbook_file: IO[bytes]) -> Roster:
    """Read the whole file without touching the database; ``Roster.errors`` lists every problem."""
    workbook, problem = _read_file(workbook_file)
    if problem:
        return Roster(errors=[problem])
    try:
        return _Reader().read(workbook)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        # A workbook that opens but breaks while streaming its rows (truncated or tampered zip).
        return Roster(errors=[RowError("", None, "", _("The file cannot be read as an .xlsx workbook."))])
    finally:
        workbook.close()


def roster_file_problem(*, workbook_file: IO[bytes]) -> RowError | None:
    """What is wrong with the file as a whole (not a workbook, too large), found without reading its rows.

    Cheap enough for the upload request: the rows are read later, by the import job.
    """
    workbook, problem = _read_file(workbook_file)
    if workbook is not None:
        workbook.close()
    workbook_file.seek(0)
    return problem


def roster_read(*, workbook_file: IO[bytes], school: School) -> Roster:
    """Read the file and check it against ``school`` and the people already in the database."""
    roster = roster_parse(workbook_file=workbook_file)
    roster.errors = errors_in_order(roster.errors + roster_check(roster=roster, school=school))
    return roster
