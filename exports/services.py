"""State changes of the judging app: exports for now."""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import time
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from competitions.models import Festival
from core.audit import audit_record
from core.exporters import EXPORTERS
from core.storage import private_storage
from core.sweep import PARTIAL_PREFIX
from exports.models import Export
from schools.models import User

logger = logging.getLogger(__name__)

# A running export whose worker has not reported for this long is taken as lost and may be retried.
STALE_AFTER = dt.timedelta(minutes=15)


# What kombu and Celery raise when the broker (Redis) cannot be reached, on apply_async as on delay.
BROKER_ERRORS = (OperationalError, ConnectionError, OSError)

BROKER_UNAVAILABLE = gettext_lazy(
    "The background service is unavailable for now. The export is recorded and will start by itself a little "
    "later; you can also click “Build again” later."
)


def _send(export: Export) -> bool:
    """Hand the build to the broker; if it cannot be reached, mark the row so the sweep queues it again.

    Runs after the commit (an ``on_commit`` callback, or the sweep), so an error here must not escape: it
    would reach the view after the request's work is already saved and show a bare server error.
    """
    from exports.tasks import build_export  # tasks import this module

    try:
        build_export.delay(export_id=export.pk)
    except BROKER_ERRORS:
        logger.warning("export %s: the broker is unreachable, left for the sweep", export.pk, exc_info=True)
        Export.objects.filter(pk=export.pk, state=Export.State.QUEUED).update(queue_refused=True)
        export.queue_refused = True
        return False
    return True


def _queue_build(export: Export) -> None:
    """Queue the build once the row is committed, so the worker never looks for a row that is not there."""
    transaction.on_commit(lambda: _send(export))


@transaction.atomic
def export_request(*, kind: str, by: User, festival: Festival | None = None, params: dict | None = None) -> Export:
    """Record the request and queue the build once the row is committed."""
    exporter = EXPORTERS.get(kind)
    if exporter is None:
        raise ValidationError(_("Unknown export."))
    if not by.has_perm(exporter.permission):
        raise ValidationError(_("You may not ask for this export."))
    if exporter.needs_festival and festival is None:
        raise ValidationError(_("Choose the festival to export."))
    if festival is not None and festival.school_id != by.school_id:
        raise ValidationError(_("Choose the festival to export."))
    export = Export.objects.create(
        kind=kind,
        school=by.school,
        festival=festival if exporter.needs_festival else None,
        params=params or {},
        language=translation.get_language() or "zh-hans",
        requested_by=by,
        queued_at=timezone.now(),
    )
    audit_record(actor=by, action="export.request", obj=export)
    _queue_build(export)
    return export


def _overdue(now: dt.datetime) -> Q:
    """Exports the broker refused, or left queued or running past their time (a lost message, a dead worker)."""
    cutoff = now - STALE_AFTER
    queued = Q(state=Export.State.QUEUED)
    return (
        (queued & Q(queue_refused=True))
        | (queued & Q(queued_at__lt=cutoff))
        | (queued & Q(queued_at__isnull=True, created_at__lt=cutoff))
        | Q(state=Export.State.RUNNING, started_at__lt=cutoff)
    )


def export_can_retry(export: Export, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if export.state == Export.State.FAILED or (export.state == Export.State.QUEUED and export.queue_refused):
        return True
    since = export.started_at if export.state == Export.State.RUNNING else (export.queued_at or export.created_at)
    return export.is_active and since is not None and since < now - STALE_AFTER


@transaction.atomic
def export_retry(*, export: Export, by: User) -> Export:
    export = Export.objects.select_for_update().get(pk=export.pk)
    if not export_can_retry(export):
        raise ValidationError(_("Only a failed export can be built again."))
    export.state, export.progress, export.error = Export.State.QUEUED, 0, ""
    export.queued_at, export.queue_refused = timezone.now(), False
    export.save(update_fields=["state", "progress", "error", "queued_at", "queue_refused"])
    audit_record(actor=by, action="export.retry", obj=export)
    _queue_build(export)
    return export


def exports_requeue(*, school_id: int | None = None, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Queue again the exports the broker refused or that were left queued or running past their time.

    Run by ``manage.py requeue_exports`` (every few minutes from cron) and, for its school, whenever the exports
    page is opened. Stops at the first refusal: the broker is still down, the rest wait for the next sweep.
    Returns how many were queued.
    """
    now = now or timezone.now()
    due = Export.objects.filter(_overdue(now))
    if school_id is not None:
        due = due.filter(school_id=school_id)
    sent = 0
    for pk in list(due.order_by("created_at", "pk").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            export = Export.objects.select_for_update().filter(_overdue(now), pk=pk).first()
            if export is None:  # built or queued meanwhile
                continue
            export.state, export.progress, export.queued_at, export.queue_refused = Export.State.QUEUED, 0, now, False
            export.save(update_fields=["state", "progress", "queued_at", "queue_refused"])
        if not _send(export):
            break
        sent += 1
    return sent


def export_build(*, export_id: int) -> None:
    """Run the exporter into a temporary file and put it in place only when it is complete.

    Safe to run twice (a redelivered or requeued task after a worker was killed): a finished export is left
    alone, an unfinished one is built again from the start, and the half-written file of the attempt before
    is deleted. Each attempt writes the row only while it is the latest (``attempts`` fences it), so an
    attempt taken for lost that finishes after all cannot overwrite the newer one's state.
    """
    with transaction.atomic():
        export = (
            Export.objects.select_for_update(of=("self",))
            .select_related("school", "festival", "requested_by")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.state == Export.State.DONE:
            return
        export.state, export.progress, export.error = Export.State.RUNNING, 0, ""
        export.attempts += 1
        export.started_at = timezone.now()
        export.save(update_fields=["state", "progress", "error", "attempts", "started_at"])

    storage = private_storage()
    exporter = EXPORTERS[export.kind](
        school=export.school, festival=export.festival, params=export.params, user=export.requested_by
    )
    folder = f"exports/{export.school_id}/{export.pk}"
    _delete_partials(storage, folder)
    this_attempt = Export.objects.filter(pk=export.pk, attempts=export.attempts)
    name = f"{folder}/{uuid.uuid4().hex}.{exporter.extension}"
    try:
        with translation.override(export.language):
            file_name = exporter.get_filename()
            stored = _write_atomically(storage, name, lambda fh: exporter.write(fh, _progress_reporter(this_attempt)))
    except Exception as exc:
        logger.exception("export %s failed", export.pk)
        this_attempt.update(
            state=Export.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return
    if not this_attempt.update(
        state=Export.State.DONE, progress=100, file=stored, file_name=file_name, finished_at=timezone.now()
    ):
        # A newer attempt owns the row; this file is nobody's (sweep_files would find it too).
        storage.delete(stored)


def _delete_partials(storage: Storage, folder: str) -> None:
    """The half-written files of the export's earlier attempts, whose workers were killed while writing."""
    try:
        _folders, names = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in names:
        if name.startswith(PARTIAL_PREFIX):
            logger.info("export %s: deleting %s left by an earlier attempt", folder, name)
            storage.delete(f"{folder}/{name}")


def _progress_reporter(this_attempt):
    last = {"value": -1, "at": 0.0}

    def report(value: int) -> None:
        now = time.monotonic()
        if value != last["value"] and (now - last["at"] >= 0.5 or value >= 99):
            this_attempt.update(progress=value)
            last.update(value=value, at=now)

    return report


def write_file_atomically(path: str | os.PathLike, write) -> None:
    """Write through ``write(fh)`` to a temporary file beside ``path``, then rename it to ``path``.

    Nobody ever sees a half-written file at ``path``: it appears complete or not at all.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    # In the destination folder, so the final rename never crosses file systems.
    fd, tmp_path = tempfile.mkstemp(prefix=PARTIAL_PREFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private to its owner; give it the permissions any new file gets here.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)
        os.replace(tmp_path, path)
    finally:
        if os.path.exists(tmp_path):
            os.unlink(tmp_path)


def _write_atomically(storage: Storage, name: str, write) -> str:
    """Write through ``write(fh)`` into ``storage`` as ``name``, never leaving a partial file there."""
    try:
        final_path = storage.path(name)
    except NotImplementedError:  # remote storage (S3): the object appears only once uploaded whole
        final_path = None
    if final_path:
        write_file_atomically(final_path, write)
        return name
    with tempfile.TemporaryFile() as fh:
        write(fh)
        fh.seek(0)
        return storage.save(name, File(fh))
