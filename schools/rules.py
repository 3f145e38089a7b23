"""The predicates every app builds its permissions from: the roles, and "of my school" resolved from any object.

Views, services and templates name permissions (``user.has_perm("awards.manage_results", competition)``);
nothing checks a role or a school inline. Models attach their permissions with ``Meta.rules_permissions``, so
this module imports no model at load time (the models import it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

if TYPE_CHECKING:
    from schools.models import SchoolClass, User

# How to reach an object's school, tried in order: the first relation the object's model has decides.
_SCHOOL_PATHS = (
    ("school_id",),
    ("grade", "school_id"),
    ("festival", "school_id"),
    ("competition", "festival", "school_id"),
    ("entry", "festival", "school_id"),
    ("result", "entry", "festival", "school_id"),
)


def school_id_of(obj: Any) -> int | None:
    """The id of the school an object belongs to: a school itself, a person, a class, a festival, a competition,
    an entry, a result, an objection… None when it belongs to none."""
    if obj is None:
        return None
    if obj._meta.label == "schools.School":
        return obj.pk
    model = type(obj)
    for path in _SCHOOL_PATHS:
        if hasattr(model, path[0]):
            value = obj
            for step in path:
                value = getattr(value, step)
                if value is None:
                    return None
            return value
    raise TypeError(f"{model.__name__} has no way to its school")


@rules.predicate
def is_organizer(user: User) -> bool:
    return bool(user.is_authenticated and user.is_organizer)


@rules.predicate
def is_teacher(user: User) -> bool:
    return bool(user.is_authenticated and user.is_teacher)


@rules.predicate
def is_judge(user: User) -> bool:
    return bool(user.is_authenticated and user.is_judge)


@rules.predicate
def is_student(user: User) -> bool:
    return bool(user.is_authenticated and user.is_student)


@rules.predicate
def of_my_school(user: User, obj) -> bool:
    """The object belongs to the user's school."""
    if obj is None or not user.is_authenticated or not user.school_id:
        return False
    return school_id_of(obj) == user.school_id


# "Organizes this object's school": the one predicate behind every organizer's permission.
organizes = is_organizer & of_my_school


@rules.predicate
def heads_class(user: User, school_class: SchoolClass | None) -> bool:
    return user.is_authenticated and school_class is not None and school_class.head_teacher_id == user.pk


@rules.predicate
def heads_class_of_student(user: User, student: User | None) -> bool:
    if not user.is_authenticated or student is None or not student.is_student or student.school_class_id is None:
        return False
    return student.school_class.head_teacher_id == user.pk


@rules.predicate
def is_self(user: User, other: User | None) -> bool:
    return other is not None and other.pk == user.pk


@rules.predicate
def has_school(user: User) -> bool:
    return bool(user.is_authenticated and user.school_id)


# An organizer imports into their own school; past imports and their credentials stay in that school
# (``schools.view_rosterimport`` is the model's: RosterImport.Meta.rules_permissions).
rules.add_perm("schools.import_roster", is_organizer & has_school)
rules.add_perm("schools.view_people", is_organizer)
rules.add_perm("schools.view_auditlog", is_organizer)
rules.add_perm("schools.view_classes", is_organizer | is_teacher)
# A head teacher resets their own students' passwords; an organizer anyone's in the school, but not
# their own (they change it like everyone else, knowing the old one).
rules.add_perm("schools.reset_password", (organizes & ~is_self) | heads_class_of_student)
# Lifting a login lock (wrong passwords typed, by the pupil or a classmate): the same people.
rules.add_perm("schools.unlock_login", (organizes & ~is_self) | heads_class_of_student)
# 学生名单 (the class rosters as a spreadsheet): organizers (every class), teachers (the classes they head).
rules.add_perm("schools.export_class_roster", is_organizer | is_teacher)
