"""The roster import (花名册导入): a workbook read and checked, then written batch by batch (the job around it is
``schools.services.roster_jobs``'s; the command line calls ``roster_import`` directly)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation

from core.audit import audit_entry, audit_record
from core.models import AuditLog
from schools.models import Grade, RosterImport, School, SchoolClass, User
from schools.roster import (
    Credential,
    Roster,
    RosterInvalid,
    StudentRow,
    TeacherRow,
    credentials_workbook,
    errors_in_order,
    roster_check,
    roster_parse,
)
from schools.services.people import password_generate

# --- Roster import (花名册导入) ----------------------------------------------------------------
#
# An upload becomes a RosterImport row (the file kept in private storage) and a Celery job. The job reads and
# checks the whole file without writing anything: a file with problems is recorded with them and changes
# nothing. A good file is then written a batch of people at a time, each batch its own short transaction, so
# that logins and uploads get SQLite's write lock between batches instead of waiting for the whole import.
# Importing is idempotent (people are matched by student number and username), so a job stopped halfway is
# simply run again; the accounts it had created get new passwords on the credentials sheet if nobody has
# logged in with them yet (``User.created_by_import``).

STUDENT_FIELDS = ("real_name", "gender", "birth_date", "school_class", "is_student")
TEACHER_FIELDS = ("real_name", "gender", "is_teacher", "is_judge")
# People written per transaction. 300 new students hold SQLite's write lock for ~30 ms; their passwords are
# hashed before the transaction starts.
ROSTER_BATCH = 300
# Reading and checking the file count as this share of the progress bar; writing the people as the rest.
READ_SHARE = 30


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


@dataclass
class _People:
    """How one kind of person (students or teachers) is matched, created and updated."""

    rows: list
    key: str
    existing: dict[str, User]
    fields: tuple[str, ...]
    wanted: Callable[[Any], dict[str, Any]]
    new_user: Callable[[Any, str], User]
    credential: Callable[[Any, str], Credential]
    counts: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})


def _users_set(users: list[User], fields: list[str]) -> None:
    """``bulk_update`` without its CASE … WHEN: one prepared UPDATE, run once per user (executemany).

    Django's ``bulk_update`` spent 0.3 s compiling 300 users × 5 fields — inside the transaction, so holding
    SQLite's write lock all that time; this takes a few milliseconds.
    """
    if not users:
        return
    qn = connection.ops.quote_name
    columns = [User._meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{qn(column.column)} = %s" for column in columns)
    sql = f"UPDATE {qn(User._meta.db_table)} SET {assignments} WHERE {qn(User._meta.pk.column)} = %s"
    rows = [[c.get_db_prep_save(getattr(u, c.attname), connection) for c in columns] + [u.pk] for u in users]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _roster_batch(
    people: _People, rows: list, *, by: User | None, reissue: set[int], credentials: list[Credential]
) -> None:
    """Write one batch of people in one short transaction; everything slow (hashing) happens before it."""
    created: list[User] = []
    updated: list[User] = []
    renewed: list[User] = []
    audits: list[AuditLog] = []
    for row in rows:
        values = people.wanted(row)
        user = people.existing.get(getattr(row, people.key))
        if user is None or user.pk in reissue:
            password = password_generate()
            if user is None:
                created.append(people.new_user(row, _initial_password_hash(password)))
            else:  # made by an interrupted run of this import; its password was never handed out
                for name, value in values.items():
                    setattr(user, name, value)
                user.password = _initial_password_hash(password)
                renewed.append(user)
            credentials.append(people.credential(row, password))
            continue
        changes = {f: (getattr(user, f), v) for f, v in values.items() if getattr(user, f) != v}
        if changes:
            for name, (_before, after) in changes.items():
                setattr(user, name, after)
            updated.append(user)
            audits.append(audit_entry(actor=by, action="user.roster_update", obj=user, changes=changes))
    with transaction.atomic():
        User.objects.bulk_create(created)
        _users_set(updated, list(people.fields))
        _users_set(renewed, [*people.fields, "password"])
        AuditLog.objects.bulk_create(audits)
    people.counts["created"] += len(created) + len(renewed)
    people.counts["updated"] += len(updated)
    people.counts["unchanged"] += len(rows) - len(created) - len(renewed) - len(updated)


def roster_checked(*, school: School, workbook_file: IO[bytes]) -> Roster:
    """The file read and checked against the database, or ``RosterInvalid`` with every problem. Writes nothing."""
    roster = roster_parse(workbook_file=workbook_file)
    errors = errors_in_order(roster.errors + roster_check(roster=roster, school=school))
    if errors:
        raise RosterInvalid(errors)
    return roster


class RosterSuperseded(Exception):
    """This attempt was taken for lost and the job claimed again by another: it stops without writing the job."""


def roster_write(*, job: RosterImport, roster: Roster, progress: Callable[[int], None]) -> None:
    """Write a checked roster into ``job``'s school, batch by batch, and finish ``job`` with its counts and sheet."""
    school, by = job.school, job.uploaded_by
    with transaction.atomic():
        classes, new_classes = _roster_classes(school=school, wanted=roster.classes())
    existing = list(User.objects.filter(school=school).select_related("school_class__grade"))
    # Accounts a stopped run of this same import created and nobody has used: their passwords are issued again.
    reissue = {u.pk for u in existing if u.created_by_import_id == job.pk and u.last_login is None}

    def student_values(row: StudentRow) -> dict[str, Any]:
        return {
            "real_name": row.real_name,
            "gender": row.gender,
            "birth_date": row.birth_date,
            "school_class": classes[(row.grade, row.class_number)],
            "is_student": True,
        }

    def teacher_values(row: TeacherRow) -> dict[str, Any]:
        values: dict[str, Any] = {"real_name": row.real_name, "is_teacher": True}
        if row.gender is not None:
            values["gender"] = row.gender
        if row.is_judge is not None:
            values["is_judge"] = row.is_judge
        return values

    by_number = {u.student_number: u for u in existing if u.student_number}
    students = _People(
        rows=roster.students, key="student_number", existing=by_number,
        fields=STUDENT_FIELDS, wanted=student_values,
        new_user=lambda row, password: User(
            username=row.student_number, student_number=row.student_number, school=school, password=password,
            must_change_password=True, created_by_import=job, **student_values(row),
        ),
        credential=lambda row, pw: Credential(row.student_number, row.real_name, pw, (row.grade, row.class_number)),
    )  # fmt: skip
    teachers = _People(
        rows=roster.teachers, key="username", existing={u.username: u for u in existing},
        fields=TEACHER_FIELDS, wanted=teacher_values,
        new_user=lambda row, password: User(
            username=row.username, school=school, password=password, must_change_password=True,
            created_by_import=job, **{"gender": "", "is_judge": False, **teacher_values(row)},
        ),
        credential=lambda row, pw: Credential(row.username, row.real_name, pw, None),
    )  # fmt: skip

    credentials: list[Credential] = []
    total, done = len(roster.students) + len(roster.teachers), 0
    for people in (students, teachers):
        for start in range(0, len(people.rows), ROSTER_BATCH):
            batch = people.rows[start : start + ROSTER_BATCH]
            _roster_batch(people, batch, by=by, reissue=reissue, credentials=credentials)
            done += len(batch)
            progress(READ_SHARE + (95 - READ_SHARE) * done // max(1, total))

    counts = {
        "classes_created": len(new_classes),
        **{f"students_{k}": v for k, v in students.counts.items()},
        **{f"teachers_{k}": v for k, v in teachers.counts.items()},
    }
    content = None
    if credentials:
        content = credentials_workbook(
            school=school, credentials=credentials, created=timezone.localdate(), login_url=job.login_url
        )
    _roster_finish(job=job, roster=roster, classes=classes, new_classes=new_classes, counts=counts, sheet=content)


@transaction.atomic
def _roster_finish(
    *,
    job: RosterImport,
    roster: Roster,
    classes: dict[tuple[int, int], SchoolClass],
    new_classes: set[tuple[int, int]],
    counts: dict[str, int],
    sheet: bytes | None,
) -> None:
    """The head teachers, the import's audit record and the finished job, in the last transaction."""
    if not RosterImport.objects.select_for_update().filter(pk=job.pk, attempts=job.attempts).exists():
        raise RosterSuperseded  # the last batch is rolled back; the newer attempt writes it
    by = job.uploaded_by
    heads = {
        t.username: t
        for t in User.objects.filter(school=job.school, username__in=[t.username for t in roster.teachers])
    }
    changed_classes, audits = [], []
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
    counts = {**counts, "head_teachers_set": len(changed_classes)}

    job.counts, job.state, job.progress, job.finished_at = counts, RosterImport.State.DONE, 100, timezone.now()
    job.error, job.errors, job.error_count = "", [], 0
    if sheet is not None:
        # The stored name is not the download name: it stays ASCII and unguessable on disk.
        job.credentials.save(f"credentials-{job.pk}-{secrets.token_hex(8)}.xlsx", ContentFile(sheet), save=False)
    job.save(
        update_fields=["counts", "state", "progress", "finished_at", "error", "errors", "error_count", "credentials"]
    )
    audit_record(
        actor=by,
        action="roster.import",
        obj=job,
        changes={name: (None, value) for name, value in counts.items() if value},
    )


def roster_import(
    *, school: School, workbook_file: IO[bytes], file_name: str, by: User | None, login_url: str = ""
) -> RosterImport:
    """Import a roster workbook now, in this process (the command line): all of it, or — with ``RosterInvalid``
    listing every bad row — nothing.

    The same reading, checking and batch-by-batch writing as the job. Students are matched by student number
    and teachers by username, so importing the same file again changes nothing. Only new accounts get an
    initial password; they are printed on the credentials sheet saved with the returned ``RosterImport``.
    """
    roster = roster_checked(school=school, workbook_file=workbook_file)
    job = RosterImport.objects.create(
        school=school,
        uploaded_by=by,
        file_name=file_name[:255],
        language=translation.get_language() or "zh-hans",
        login_url=login_url[:200],
        state=RosterImport.State.RUNNING,
        attempts=1,
        started_at=timezone.now(),
    )
    roster_write(job=job, roster=roster, progress=lambda value: None)
    job.refresh_from_db()
    return job
