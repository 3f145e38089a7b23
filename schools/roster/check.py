"""Checks of a read roster against the database: the school's sections, logins taken elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from schools.models import School, Section, User, class_name
from schools.roster.layout import COLUMN_LABELS
from schools.roster.rows import Roster, RowError


def _chunks(values: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _users_by(field_name: str, values: Sequence[str]) -> list[User]:
    found: list[User] = []
    for chunk in _chunks(sorted(set(values))):
        found.extend(
            User.objects.filter(**{f"{field_name}__in": chunk}).only(
                "id", "username", "student_number", "school_id", "is_student"
            )
        )
    return found


def roster_check(*, roster: Roster, school: School) -> list[RowError]:
    """What the database says against the file: sections of the school, logins taken elsewhere."""
    errors: list[RowError] = []
    student_col = str(COLUMN_LABELS["student_number"])
    username_col = str(COLUMN_LABELS["username"])
    class_col = str(COLUMN_LABELS["class"])
    head_col = str(COLUMN_LABELS["head_classes"])

    section_names = "、".join(str(Section(s).label) for s in Section.values if s in school.sections)
    for row in roster.students:
        if not school.has_grade_number(row.grade):
            errors.append(
                RowError(row.sheet, row.row, class_col, _section_problem(row.grade, row.class_number, section_names))
            )
    for row in roster.teachers:
        for grade, number in row.head_classes:
            if not school.has_grade_number(grade):
                errors.append(RowError(row.sheet, row.row, head_col, _section_problem(grade, number, section_names)))

    numbers = [s.student_number for s in roster.students]
    usernames = [t.username for t in roster.teachers]
    by_number = {u.student_number: u for u in _users_by("student_number", numbers + usernames)}
    by_username = {u.username: u for u in _users_by("username", numbers + usernames)}
    for row in roster.students:
        owner = by_number.get(row.student_number)
        if owner is not None and owner.school_id != school.pk:
            errors.append(RowError(row.sheet, row.row, student_col, _taken_by_other_school(row.student_number)))
            continue
        named = by_username.get(row.student_number)
        if named is not None and named.student_number != row.student_number:
            # Logins look up both fields: one string must not name two people.
            errors.append(RowError(row.sheet, row.row, student_col, _taken_by_account(row.student_number)))
    for row in roster.teachers:
        owner = by_username.get(row.username)
        if owner is not None and owner.school_id != school.pk:
            errors.append(RowError(row.sheet, row.row, username_col, _taken_by_other_school(row.username)))
        elif owner is not None and owner.is_student:
            errors.append(RowError(row.sheet, row.row, username_col, _taken_by_account(row.username)))
        elif (student := by_number.get(row.username)) is not None and (owner is None or student.pk != owner.pk):
            errors.append(RowError(row.sheet, row.row, username_col, _taken_by_account(row.username)))
    return errors


def _section_problem(grade: int, number: int, section_names: str) -> str:
    return _("%(class)s is not in a section of this school (%(sections)s).") % {
        "class": class_name(grade, number),
        "sections": section_names,
    }


def _taken_by_other_school(value: str) -> str:
    return _("“%(value)s” is already used by a person of another school.") % {"value": value}


def _taken_by_account(value: str) -> str:
    return _("“%(value)s” is already the login of another account.") % {"value": value}
