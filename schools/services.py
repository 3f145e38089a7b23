"""State changes of schools and people. Each one validates, saves and writes the audit record."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from core.audit import audit_entry, audit_record
from core.models import AuditLog
from schools import lockout
from schools.models import Grade, RosterImport, School, SchoolClass, User
from schools.roster import (
    Credential,
    Roster,
    RosterInvalid,
    RowError,
    StudentRow,
    TeacherRow,
    credentials_workbook,
    errors_in_order,
    roster_check,
    roster_file_problem,
    roster_parse,
)
from schools.selectors import user_traces

logger = logging.getLogger(__name__)

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
ROSTER_ERRORS_KEPT = 200  # a file with every row wrong would make a page nobody reads; the count says the rest
# A job queued or running without news for this long is taken as lost and queued again (as for exports).
ROSTER_STALE_AFTER = dt.timedelta(minutes=15)
# Reading and checking the file count as this share of the progress bar; writing the people as the rest.
_READ_SHARE = 30

# What kombu and Celery raise when the broker (Redis) cannot be reached.
BROKER_ERRORS = (OperationalError, ConnectionError, OSError)
ROSTER_BROKER_UNAVAILABLE = gettext_lazy(
    "The background service is unavailable for now. The upload is recorded and the import will start by itself "
    "a little later."
)


class RosterBusy(Exception):
    """Another import of the same school is running; this one waits for it."""


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


def _roster_checked(*, school: School, workbook_file: IO[bytes]) -> Roster:
    """The file read and checked against the database, or ``RosterInvalid`` with every problem. Writes nothing."""
    roster = roster_parse(workbook_file=workbook_file)
    errors = errors_in_order(roster.errors + roster_check(roster=roster, school=school))
    if errors:
        raise RosterInvalid(errors)
    return roster


def _roster_write(*, job: RosterImport, roster: Roster, progress: Callable[[int], None]) -> None:
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
            progress(_READ_SHARE + (95 - _READ_SHARE) * done // max(1, total))

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


def _progress_reporter(job_id: int) -> Callable[[int], None]:
    last = {"value": -1, "at": 0.0}

    def report(value: int) -> None:
        now = time.monotonic()
        if value != last["value"] and (now - last["at"] >= 0.5 or value >= 95):
            RosterImport.objects.filter(pk=job_id).update(progress=value)
            last.update(value=value, at=now)

    return report


def _roster_job(*, school: School, workbook_file: IO[bytes], file_name: str, by: User | None, login_url: str):
    job = RosterImport(
        school=school,
        uploaded_by=by,
        file_name=file_name[:255],
        language=translation.get_language() or "zh-hans",
        login_url=login_url[:200],
        queued_at=timezone.now(),
    )
    job.save()
    workbook_file.seek(0)
    job.file.save(f"roster-{job.pk}-{secrets.token_hex(8)}.xlsx", File(workbook_file), save=False)
    job.save(update_fields=["file"])
    return job


def _send(job: RosterImport) -> bool:
    """Hand the job to the broker; if it cannot be reached, mark the row so that the sweep queues it again.

    Runs after the commit, so an error here must not escape into a request whose work is already saved.
    """
    from schools.tasks import import_roster  # tasks import this module

    try:
        import_roster.delay(roster_import_id=job.pk)
    except BROKER_ERRORS:
        logger.warning("roster import %s: the broker is unreachable, left for the sweep", job.pk, exc_info=True)
        RosterImport.objects.filter(pk=job.pk, state=RosterImport.State.QUEUED).update(queue_refused=True)
        job.queue_refused = True
        return False
    return True


@transaction.atomic
def roster_import_request(
    *, school: School, workbook_file: IO[bytes], file_name: str, by: User, login_url: str = ""
) -> RosterImport:
    """Keep the upload and queue its import once the row is committed.

    Only the file as a whole is looked at here (is it an .xlsx workbook of a sane size?); ``RosterInvalid``
    says what is wrong with it. Its rows are read and checked by the job.
    """
    if not by.has_perm("schools.import_roster"):
        raise PermissionDenied
    problem = roster_file_problem(workbook_file=workbook_file)
    if problem:
        raise RosterInvalid([problem])
    job = _roster_job(school=school, workbook_file=workbook_file, file_name=file_name, by=by, login_url=login_url)
    audit_record(actor=by, action="roster.upload", obj=job)
    transaction.on_commit(lambda: _send(job))
    return job


def _roster_claim(roster_import_id: int) -> RosterImport | None:
    """Mark the job running, unless it is finished, gone, or another import of its school is running."""
    with transaction.atomic():
        job = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("school", "uploaded_by")
            .filter(pk=roster_import_id)
            .first()
        )
        if job is None or not job.is_active:
            return None
        # One import per school at a time: two would both create the same missing classes and people.
        School.objects.select_for_update().filter(pk=job.school_id).first()
        running = RosterImport.objects.filter(
            school_id=job.school_id,
            state=RosterImport.State.RUNNING,
            started_at__gte=timezone.now() - ROSTER_STALE_AFTER,
        ).exclude(pk=job.pk)
        if running.exists():
            raise RosterBusy
        job.state, job.progress, job.error = RosterImport.State.RUNNING, 0, ""
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["state", "progress", "error", "attempts", "started_at"])
    return job


def _errors_kept(errors: list[RowError]) -> list[list]:
    return [[e.sheet, e.row, e.column, e.message] for e in errors[:ROSTER_ERRORS_KEPT]]


def _roster_failed(job: RosterImport, **fields: Any) -> None:
    RosterImport.objects.filter(pk=job.pk).update(state=RosterImport.State.FAILED, finished_at=timezone.now(), **fields)


def _drop_upload(job: RosterImport) -> None:
    """The uploaded file is not needed once the import is done or refused: it names children."""
    if job.file:
        job.file.delete(save=False)
        RosterImport.objects.filter(pk=job.pk).update(file="")


def roster_import_run(*, roster_import_id: int) -> None:
    """The job: read and check the kept file, then write it batch by batch. Safe to run again (a redelivered
    task, a retry): a finished import is left alone, an unfinished one imports the file again, which finds
    what was already written unchanged. Raises ``RosterBusy`` while another import of the school runs."""
    job = _roster_claim(roster_import_id)
    if job is None:
        return
    progress = _progress_reporter(job.pk)
    with translation.override(job.language):
        try:
            with job.file.open("rb") as workbook_file:
                roster = _roster_checked(school=job.school, workbook_file=workbook_file)
            progress(_READ_SHARE)
            _roster_write(job=job, roster=roster, progress=progress)
        except RosterInvalid as invalid:
            _roster_failed(job, errors=_errors_kept(invalid.errors), error_count=len(invalid.errors))
            _drop_upload(job)
            return
        except Exception as exc:
            logger.exception("roster import %s failed", job.pk)
            message = _(
                "The import stopped because of an unexpected problem (%(problem)s). The people it had already "
                "written are kept; click “Import again” to finish it: nobody is imported twice."
            ) % {"problem": f"{type(exc).__name__}: {exc}"[:500]}
            _roster_failed(job, error=message)
            return
    _drop_upload(job)


def roster_import_can_retry(job: RosterImport, *, now: dt.datetime | None = None) -> bool:
    """A job that stopped for a reason other than its file, or was lost on the way (broker down, worker killed)."""
    now = now or timezone.now()
    if job.state == RosterImport.State.FAILED:
        return bool(job.file)  # a refused file is gone: correct it and upload it again
    if job.state == RosterImport.State.QUEUED and job.queue_refused:
        return True
    since = job.started_at if job.state == RosterImport.State.RUNNING else job.queued_at
    return job.is_active and since is not None and since < now - ROSTER_STALE_AFTER


@transaction.atomic
def roster_import_retry(*, roster_import: RosterImport, by: User) -> RosterImport:
    job = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if not by.has_perm("schools.view_rosterimport", job) or not roster_import_can_retry(job):
        raise ValidationError(_("Only an import that stopped halfway can be run again."))
    job.state, job.progress, job.error = RosterImport.State.QUEUED, 0, ""
    job.queued_at, job.queue_refused = timezone.now(), False
    job.save(update_fields=["state", "progress", "error", "queued_at", "queue_refused"])
    audit_record(actor=by, action="roster.retry", obj=job)
    transaction.on_commit(lambda: _send(job))
    return job


def _overdue(now: dt.datetime) -> Q:
    cutoff = now - ROSTER_STALE_AFTER
    queued = Q(state=RosterImport.State.QUEUED)
    return (
        (queued & Q(queue_refused=True))
        | (queued & Q(queued_at__lt=cutoff))
        | Q(state=RosterImport.State.RUNNING, started_at__lt=cutoff)
    )


def roster_imports_requeue(*, school_id: int | None = None, now: dt.datetime | None = None, limit: int = 50) -> int:
    """Queue again the imports the broker refused or that were left queued or running past their time.

    Run whenever the roster import page or an import's page is opened (for its school) and by
    ``manage.py requeue_roster_imports``. Stops at the first refusal: the broker is still down.
    """
    now = now or timezone.now()
    due = RosterImport.objects.filter(_overdue(now))
    if school_id is not None:
        due = due.filter(school_id=school_id)
    sent = 0
    for pk in list(due.order_by("created_at", "pk").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            job = RosterImport.objects.select_for_update().filter(_overdue(now), pk=pk).first()
            if job is None:  # finished or queued meanwhile
                continue
            job.state, job.progress, job.queued_at, job.queue_refused = RosterImport.State.QUEUED, 0, now, False
            job.save(update_fields=["state", "progress", "queued_at", "queue_refused"])
        if not _send(job):
            break
        sent += 1
    return sent


def roster_import(
    *, school: School, workbook_file: IO[bytes], file_name: str, by: User | None, login_url: str = ""
) -> RosterImport:
    """Import a roster workbook now, in this process (the command line): all of it, or — with ``RosterInvalid``
    listing every bad row — nothing.

    The same reading, checking and batch-by-batch writing as the job. Students are matched by student number
    and teachers by username, so importing the same file again changes nothing. Only new accounts get an
    initial password; they are printed on the credentials sheet saved with the returned ``RosterImport``.
    """
    roster = _roster_checked(school=school, workbook_file=workbook_file)
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
    _roster_write(job=job, roster=roster, progress=lambda value: None)
    job.refresh_from_db()
    return job
