"""Files nothing points at, left behind by processes that died or disks that filled up.

A gunicorn worker killed between storing an upload and committing its row leaves stored files without a
row; a Celery worker killed during an export leaves a ``.partial-*`` file of ``write_file_atomically``;
a request killed while its upload streamed to disk leaves Django's temporary ``tmp*.upload*`` file.
``manage.py sweep_files`` and the nightly task ``core.sweep_files`` (Celery beat, see the README) delete them
once they are old enough that no live process can still be about to use them.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone

from core.storage import private_storage

PARTIAL_PREFIX = ".partial-"  # exports.services.write_file_atomically's temporary files
DEFAULT_MINUTES = 60


@dataclass(frozen=True, slots=True)
class Leftover:
    kind: str  # "orphan", "partial" or "upload"
    name: str  # a name in private storage, or the path of a temporary upload
    size: int


def private_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """Every FileField (of every installed app) whose files live in private storage."""
    private = (private_storage(), storages["private"])
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and any(field.storage is storage for storage in private)
    ]


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model, field in private_file_fields():
        values = model._base_manager.exclude(**{f"{field.attname}__isnull": True}).exclude(**{field.attname: ""})
        names.update(values.values_list(field.attname, flat=True).iterator())
    return names


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # private storage not created yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def find_leftovers(*, older_than: dt.timedelta = dt.timedelta(minutes=DEFAULT_MINUTES)) -> list[Leftover]:
    """Leftovers older than ``older_than``: younger ones may belong to an upload or export still running."""
    storage = private_storage()
    cutoff = timezone.now() - older_than
    # Read the rows before listing the files: a file stored and committed meanwhile is young, so kept anyway.
    referenced = referenced_names()
    found = []
    for name in _walk(storage):
        if name in referenced or storage.get_modified_time(name) > cutoff:
            continue
        kind = "partial" if os.path.basename(name).startswith(PARTIAL_PREFIX) else "orphan"
        found.append(Leftover(kind=kind, name=name, size=storage.size(name)))
    return found + _temporary_uploads(cutoff)


def _temporary_uploads(cutoff: dt.datetime) -> list[Leftover]:
    # Django's TemporaryUploadedFile: NamedTemporaryFile(suffix=".upload" + extension, dir=FILE_UPLOAD_TEMP_DIR).
    folder = settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not (entry.name.startswith("tmp") and ".upload" in entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.st_uid == os.getuid() and dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC) <= cutoff:
            found.append(Leftover(kind="upload", name=entry.path, size=stat.st_size))
    return found


def remove(leftover: Leftover) -> None:
    if leftover.kind == "upload":
        try:
            os.unlink(leftover.name)
        except FileNotFoundError:
            pass
    else:
        private_storage().delete(leftover.name)


def sweep(*, older_than: dt.timedelta = dt.timedelta(minutes=DEFAULT_MINUTES), dry_run: bool = False) -> list[Leftover]:
    """Find the leftovers and delete them (unless ``dry_run``); returns what was found."""
    leftovers = find_leftovers(older_than=older_than)
    if not dry_run:
        for leftover in leftovers:
            remove(leftover)
    return leftovers
