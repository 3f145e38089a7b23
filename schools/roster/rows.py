"""What reading a roster gives: clean rows of students and teachers, or errors located as Excel shows them;
and what an import reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# What an import did, in the order the result page and the command show it.
COUNT_LABELS = [
    ("classes_created", pgettext_lazy("roster count", "Classes created")),
    ("students_created", pgettext_lazy("roster count", "Students created")),
    ("students_updated", pgettext_lazy("roster count", "Students updated")),
    ("students_unchanged", pgettext_lazy("roster count", "Students unchanged")),
    ("teachers_created", pgettext_lazy("roster count", "Teachers created")),
    ("teachers_updated", pgettext_lazy("roster count", "Teachers updated")),
    ("teachers_unchanged", pgettext_lazy("roster count", "Teachers unchanged")),
    ("head_teachers_set", pgettext_lazy("roster count", "Head teachers assigned")),
]


@dataclass(frozen=True)
class RowError:
    """One problem, located as the user sees it in Excel."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Sheet “%(sheet)s”") % {"sheet": self.sheet} if self.sheet else ""
        if self.row:
            where = _("%(where)s row %(row)s") % {"where": where, "row": self.row}
        if self.column:
            return _("%(where)s %(column)s: %(problem)s") % {
                "where": where,
                "column": self.column,
                "problem": self.message,
            }
        return _("%(where)s: %(problem)s") % {"where": where, "problem": self.message} if where else self.message


@dataclass
class StudentRow:
    sheet: str
    row: int
    student_number: str
    real_name: str
    gender: str
    birth_date: dt.date
    grade: int
    class_number: int


@dataclass
class TeacherRow:
    sheet: str
    row: int
    username: str
    real_name: str
    gender: str | None  # None: the file does not say; leave the account's gender alone
    head_classes: list[tuple[int, int]]
    is_judge: bool | None  # None: the file does not say; leave the role alone


@dataclass
class Roster:
    students: list[StudentRow] = field(default_factory=list)
    teachers: list[TeacherRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def classes(self) -> set[tuple[int, int]]:
        found = {(s.grade, s.class_number) for s in self.students}
        found.update(c for t in self.teachers for c in t.head_classes)
        return found


class RosterInvalid(Exception):
    """The file cannot be imported; ``errors`` says why, row by row."""

    def __init__(self, errors: Sequence[RowError]):
        super().__init__(f"{len(errors)} error(s) in the roster")
        self.errors = list(errors)


def errors_in_order(errors: Sequence[RowError]) -> list[RowError]:
    """Sheet by sheet as in the file, row by row: the order in which people correct them."""
    sheets: dict[str, int] = {}
    for error in errors:
        sheets.setdefault(error.sheet, len(sheets))
    return sorted(errors, key=lambda e: (sheets[e.sheet], e.row or 0))
