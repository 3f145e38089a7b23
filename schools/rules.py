"""Who may do what in the festival app. Views name these permissions; nothing is checked ad hoc."""

from __future__ import annotations

import rules

from schools.models import SchoolClass, User


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
def same_school(user: User, obj) -> bool:
    if obj is None or not user.is_authenticated:
        return False
    school_id = obj.school_id if hasattr(obj, "school_id") else obj.grade.school_id
    return school_id is not None and school_id == user.school_id


@rules.predicate
def heads_class(user: User, school_class: SchoolClass | None) -> bool:
    return user.is_authenticated and school_class is not None and school_class.head_teacher_id == user.pk


@rules.predicate
def heads_class_of_student(user: User, student: User | None) -> bool:
    if not user.is_authenticated or student is None or not student.is_student or student.school_class_id is None:
        return False
    return SchoolClass.objects.filter(pk=student.school_class_id, head_teacher=user).exists()


@rules.predicate
def is_self(user: User, other: User | None) -> bool:
    return other is not None and other.pk == user.pk


@rules.predicate
def has_school(user: User) -> bool:
    return bool(user.is_authenticated and user.school_id)


organizer_of_school = is_organizer & same_school

# An organizer imports into their own school; past imports and their credentials stay in that school.
rules.add_perm("schools.import_roster", is_organizer & has_school)
rules.add_perm("schools.view_rosterimport", organizer_of_school)
rules.add_perm("schools.view_people", is_organizer)
rules.add_perm("schools.view_auditlog", is_organizer)
rules.add_perm("schools.view_classes", is_organizer | is_teacher)
rules.add_perm("schools.view_schoolclass", organizer_of_school | heads_class)
# A head teacher resets their own students' passwords; an organizer anyone's in the school, but not
# their own (they change it like everyone else, knowing the old one).
rules.add_perm("schools.reset_password", (organizer_of_school & ~is_self) | heads_class_of_student)
# 学生名单 (the class rosters as a spreadsheet): organizers (every class), teachers (the classes they head).
rules.add_perm("schools.export_class_roster", is_organizer | is_teacher)
