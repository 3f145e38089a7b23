"""State changes of schools and people. Each one validates, saves and writes the audit record."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_entry, audit_record
from core.models import AuditLog
from schools import lockout
from schools.models import Grade, RosterImport, School, SchoolClass, User
from schools.roster import (
    Credential,
    RosterInvalid,
    StudentRow,
    TeacherRow,
    credentials_workbook,
    errors_in_order,
    roster_check,
    roster_parse,
)
from schools.selectors import user_traces

# No 0/o, 1/l/i: children copy these from a paper slip.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 8


def password_generate() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


@transaction.atomic
def user_reset_password(*, user: User, by: User) -> str:
    """Give ``user`` a new generated password they must change at the next login; returns it."""
    password = password_generate()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=by, action="user.password_reset", obj=user)
    return password


@transaction.atomic
def user_remove(*, user: User, by: User) -> bool:
    """An operator's removal of ``user``: deleted if nothing refers to them, else deactivated (their entries,
    scores and history stay, and so do the co-authors of a published award). Returns whether they were deleted."""
    if not (by.is_active and by.is_superuser):
        raise PermissionDenied
    traces = user_traces(user)
    if traces:
        was_active = user.is_active
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=by,
            action="user.deactivate",
            obj=user,
            changes={"is_active": (was_active, False)},
            reason="、".join(traces),
        )
        return False
    audit_record(actor=by, action="user.delete", obj=user)
    user.delete()
    return True


@transaction.atomic
def user_unlock_login(*, user: User, by: User) -> int:
    """Lift the login lock of ``user`` on every address (django-axes' attempts for their login names); returns
    how many addresses were locked or counting."""
    if not by.has_perm("schools.unlock_login", user):
        raise ValidationError(_("You may not unlock this person's login."))
    removed = lockout.unlock(user)
    audit_record(actor=by, action="user.login_unlock", obj=user, changes={"addresses": (removed, 0)})
    return removed


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    """The user picked their own password: the first-login lock is lifted."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit_record(actor=user, action="user.password_change", obj=user)


# --- Roster import (花名册导入) ----------------------------------------------------------------

STUDENT_FIELDS = ("real_name", "gender", "birth_date", "school_class", "is_student")
TEACHER_FIELDS = ("real_name", "gender", "is_teacher", "is_judge")
ROSTER_BATCH = 500


def _initial_password_hash(password: str) -> str:
    return make_password(password, hasher="pbkdf2_sha256_initial")


def _roster_classes(
    *, school: School, wanted: set[tuple[int, int]]
) -> tuple[dict[tuple[int, int], SchoolClass], set[tuple[int, int]]]:
    """Every class of the school, after creating the grades and classes the file names that are missing."""
    grades = {g.number: g for g in Grade.objects.filter(school=school)}
    Grade.objects.bulk_create([Grade(school=school, number=n) for n in sorted({g for g, _c in wanted} - set(grades))])
    grades = {g.number: g for g in Grade.objects.filter(school=school)}
    existing = {
        (c.grade.number, c.number): c for c in SchoolClass.objects.filter(grade__school=school).select_related("grade")
    }
    missing = sorted(wanted - set(existing))
    SchoolClass.objects.bulk_create([SchoolClass(grade=grades[g], number=n) for g, n in missing])
    if missing:
        existing = {
            (c.grade.number, c.number): c
            for c in SchoolClass.objects.filter(grade__school=school).select_related("grade", "head_teacher")
        }
    return existing, set(missing)


def _roster_people(
    *,
    school: School,
    rows: list,
    key: str,
    existing: dict[str, User],
    fields: tuple[str, ...],
    wanted: Callable[[Any], dict[str, Any]],
    new_user: Callable[[Any, str], User],
    by: User | None,
    credential: Callable[[Any, str], Credential],
) -> tuple[dict[str, int], list[Credential], list[AuditLog]]:
    """Create the people that are new and update the ones that changed; the same for students and teachers."""
    created: list[User] = []
    updated: list[User] = []
    credentials: list[Credential] = []
    audits: list[AuditLog] = []
    for row in rows:
        values = wanted(row)
        user = existing.get(getattr(row, key))
        if user is None:
            password = password_generate()
            created.append(new_user(row, _initial_password_hash(password)))
            credentials.append(credential(row, password))
            continue
        changes = {f: (getattr(user, f), v) for f, v in values.items() if getattr(user, f) != v}
        if changes:
            for f, (_before, after) in changes.items():
                setattr(user, f, after)
            updated.append(user)
            audits.append(audit_entry(actor=by, action="user.roster_update", obj=user, changes=changes))
    User.objects.bulk_create(created, batch_size=ROSTER_BATCH)
    User.objects.bulk_update(updated, [f for f in fields], batch_size=ROSTER_BATCH)
    counts = {"created": len(created), "updated": len(updated), "unchanged": len(rows) - len(created) - len(updated)}
    return counts, credentials, audits


@transaction.atomic
def roster_import(
    *, school: School, workbook_file: IO[bytes], file_name: str, by: User | None, login_url: str = ""
) -> RosterImport:
    """Import a roster workbook: all of it, or — with ``RosterInvalid`` listing every bad row — nothing.

    Students are matched by student number and teachers by username, so importing the same file again
    changes nothing. Only new accounts get an initial password; they are printed on the credentials
    sheet saved with the returned ``RosterImport``.
    """
    roster = roster_parse(workbook_file=workbook_file)
    # One import per school at a time: two would both create the same missing classes and people.
    School.objects.select_for_update().filter(pk=school.pk).first()
    errors = errors_in_order(roster.errors + roster_check(roster=roster, school=school))
    if errors:
        raise RosterInvalid(errors)

    classes, new_classes = _roster_classes(school=school, wanted=roster.classes())
    people = User.objects.filter(school=school).select_related("school_class__grade")
    by_number = {u.student_number: u for u in people if u.student_number}
    by_username = {u.username: u for u in people}

    def student_values(row: StudentRow) -> dict[str, Any]:
        return {
            "real_name": row.real_name,
            "gender": row.gender,
            "birth_date": row.birth_date,
            "school_class": classes[(row.grade, row.class_number)],
            "is_student": True,
        }

    def new_student(row: StudentRow, password: str) -> User:
        return User(
            username=row.student_number, student_number=row.student_number, school=school, password=password,
            must_change_password=True, **student_values(row),
        )  # fmt: skip

    student_counts, credentials, audits = _roster_people(
        school=school, rows=roster.students, key="student_number", existing=by_number, fields=STUDENT_FIELDS,
        wanted=student_values, new_user=new_student, by=by,
        credential=lambda row, pw: Credential(row.student_number, row.real_name, pw, (row.grade, row.class_number)),
    )  # fmt: skip

    def teacher_values(row: TeacherRow) -> dict[str, Any]:
        values: dict[str, Any] = {"real_name": row.real_name, "is_teacher": True}
        if row.gender is not None:
            values["gender"] = row.gender
        if row.is_judge is not None:
            values["is_judge"] = row.is_judge
        return values

    def new_teacher(row: TeacherRow, password: str) -> User:
        return User(
            username=row.username, school=school, password=password, must_change_password=True,
            **{"gender": "", "is_judge": False, **teacher_values(row)},
        )  # fmt: skip

    teacher_counts, teacher_credentials, teacher_audits = _roster_people(
        school=school, rows=roster.teachers, key="username", existing=by_username, fields=TEACHER_FIELDS,
        wanted=teacher_values, new_user=new_teacher, by=by,
        credential=lambda row, pw: Credential(row.username, row.real_name, pw, None),
    )  # fmt: skip
    credentials += teacher_credentials
    audits += teacher_audits

    heads = {
        t.username: t for t in User.objects.filter(school=school, username__in=[t.username for t in roster.teachers])
    }
    changed_classes = []
    for row in roster.teachers:
        teacher = heads[row.username]
        for key in row.head_classes:
            school_class = classes[key]
            if school_class.head_teacher_id != teacher.pk:
                if key not in new_classes:  # a class made by this import is covered by the import's record
                    changes = {"head_teacher": (school_class.head_teacher, teacher)}
                    audits.append(audit_entry(actor=by, action="class.head_teacher", obj=school_class, changes=changes))
                school_class.head_teacher = teacher
                changed_classes.append(school_class)
    SchoolClass.objects.bulk_update(changed_classes, ["head_teacher"], batch_size=ROSTER_BATCH)
    AuditLog.objects.bulk_create(audits, batch_size=ROSTER_BATCH)

    counts = {
        "classes_created": len(new_classes),
        "head_teachers_set": len(changed_classes),
        **{f"students_{k}": v for k, v in student_counts.items()},
        **{f"teachers_{k}": v for k, v in teacher_counts.items()},
    }
    roster_import = RosterImport.objects.create(school=school, uploaded_by=by, file_name=file_name[:255], counts=counts)
    if credentials:
        today = timezone.localdate()
        content = credentials_workbook(school=school, credentials=credentials, created=today, login_url=login_url)
        # The stored name is not the download name: it stays ASCII and unguessable on disk.
        roster_import.credentials.save(
            f"credentials-{roster_import.pk}-{secrets.token_hex(8)}.xlsx", ContentFile(content)
        )
    audit_record(
        actor=by,
        action="roster.import",
        obj=roster_import,
        changes={name: (None, value) for name, value in counts.items() if value},
    )
    return roster_import
