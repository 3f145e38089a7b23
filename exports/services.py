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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competitions.models import Festival
from core.audit import audit_record
from core.exporters import EXPORTERS
from core.storage import private_storage
from exports.models import Export
from schools.models import User

logger = logging.getLogger(__name__)

# A running export whose worker has not reported for this long is taken as lost and may be retried.
STALE_AFTER = dt.timedelta(minutes=15)


def _queue_build(export: Export) -> None:
    from exports.tasks import build_export  # tasks import this module

    transaction.on_commit(lambda: build_export.delay(export_id=export.pk))


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
    )
    audit_record(actor=by, action="export.request", obj=export)
    _queue_build(export)
    return export


def export_can_retry(export: Export, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    stale = export.state == Export.State.RUNNING and export.started_at and export.started_at < now - STALE_AFTER
    return export.state == Export.State.FAILED or bool(stale)


@transaction.atomic
def export_retry(*, export: Export, by: User) -> Export:
    export = Export.objects.select_for_update().get(pk=export.pk)
    if not export_can_retry(export):
        raise ValidationError(_("Only a failed export can be built again."))
    export.state, export.progress, export.error = Export.State.QUEUED, 0, ""
    export.save(update_fields=["state", "progress", "error"])
    audit_record(actor=by, action="export.retry", obj=export)
    _queue_build(export)
    return export


def export_build(*, export_id: int) -> None:
    """Run the exporter into a temporary file and put it in place only when it is complete.

    Safe to run twice (a redelivered task after a worker was killed): a finished export is left alone,
    an unfinished one is built again from the start.
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
    name = f"exports/{export.school_id}/{export.pk}/{uuid.uuid4().hex}.{exporter.extension}"
    try:
        with translation.override(export.language):
            file_name = exporter.get_filename()
            stored = _write_atomically(storage, name, lambda fh: exporter.write(fh, _progress_reporter(export.pk)))
    except Exception as exc:
        logger.exception("export %s failed", export.pk)
        Export.objects.filter(pk=export.pk).update(
            state=Export.State.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return
    Export.objects.filter(pk=export.pk).update(
        state=Export.State.DONE, progress=100, file=stored, file_name=file_name, finished_at=timezone.now()
    )


def _progress_reporter(export_id: int):
    last = {"value": -1, "at": 0.0}

    def report(value: int) -> None:
        now = time.monotonic()
        if value != last["value"] and (now - last["at"] >= 0.5 or value >= 99):
            Export.objects.filter(pk=export_id).update(progress=value)
            last.update(value=value, at=now)

    return report


def write_file_atomically(path: str | os.PathLike, write) -> None:
    """Write through ``write(fh)`` to a temporary file beside ``path``, then rename it to ``path``.

    Nobody ever sees a half-written file at ``path``: it appears complete or not at all.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    # In the destination folder, so the final rename never crosses file systems.
    fd, tmp_path = tempfile.mkstemp(prefix=".partial-", dir=folder)
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
