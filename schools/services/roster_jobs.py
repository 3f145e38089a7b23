"""The roster import's job: the upload kept and queued, claimed by a worker, retried, queued again when the broker
was down. The reading and writing are ``schools.services.roster``'s."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections.abc import Callable
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from core.audit import audit_record
from schools.models import RosterImport, School, User
from schools.roster import RosterInvalid, RowError, roster_file_problem
from schools.services.roster import READ_SHARE, RosterSuperseded, roster_checked, roster_write

logger = logging.getLogger(__name__)

ROSTER_ERRORS_KEPT = 200  # a file with every row wrong would make a page nobody reads; the count says the rest
# A job queued or running without news for this long is taken as lost and queued again (as for exports).
ROSTER_STALE_AFTER = dt.timedelta(minutes=15)

# What kombu and Celery raise when the broker (Redis) cannot be reached.
BROKER_ERRORS = (OperationalError, ConnectionError, OSError)
ROSTER_BROKER_UNAVAILABLE = gettext_lazy(
    "The background service is unavailable for now. The upload is recorded and the import will start by itself "
    "a little later."
)


class RosterBusy(Exception):
    """Another import of the same school is running; this one waits for it."""


def _this_attempt(job: RosterImport):
    """The job's row while this attempt is the latest: an attempt taken for lost (its worker frozen, the job
    queued again and claimed by another) that wakes up later must not overwrite the newer one's state."""
    return RosterImport.objects.filter(pk=job.pk, attempts=job.attempts)


def _progress_reporter(job: RosterImport) -> Callable[[int], None]:
    last = {"value": -1, "at": 0.0}

    def report(value: int) -> None:
        now = time.monotonic()
        if value != last["value"] and (now - last["at"] >= 0.5 or value >= 95):
            _this_attempt(job).update(progress=value)
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
    _this_attempt(job).update(state=RosterImport.State.FAILED, finished_at=timezone.now(), **fields)


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
    progress = _progress_reporter(job)
    with translation.override(job.language):
        try:
            with job.file.open("rb") as workbook_file:
                roster = roster_checked(school=job.school, workbook_file=workbook_file)
            progress(READ_SHARE)
            roster_write(job=job, roster=roster, progress=progress)
        except RosterInvalid as invalid:
            _roster_failed(job, errors=_errors_kept(invalid.errors), error_count=len(invalid.errors))
            _drop_upload(job)
            return
        except RosterSuperseded:
            logger.warning(
                "roster import %s: attempt %s was taken for lost; the newer one finishes it", job.pk, job.attempts
            )
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
    if not by.has_perm("schools.change_rosterimport", job):
        raise PermissionDenied
    if not roster_import_can_retry(job):
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
