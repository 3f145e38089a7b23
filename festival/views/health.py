"""``GET /healthz/``: database, cache, broker and storage, each ``ok`` or ``failing``; errors only for superusers.

The load balancer needs the status code and may read which service fails; the rest of the world must not
learn host names, ports or exception texts from it. Operators read them here when logged in as a superuser,
and in the log, where every failure is written.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from festival.celery import app as celery_app

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just stored")
    cache.delete(key)


def _check_broker() -> None:
    options = celery_app.conf.broker_transport_options or {}
    if celery_app.conf.broker_url.startswith("filesystem://"):
        # The embedded broker is a pair of folders: both must exist and be writable.
        for key in ("data_folder_out", "processed_folder"):
            folder = options.get(key)
            if not folder or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
                raise RuntimeError(f"broker folder {folder!r} is missing or not writable")
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
        # Opening a channel proves the transport answers (the file-system transport checks its folders).
        channel = conn.default_channel
        channel.queue_declare("healthz", passive=False, auto_delete=True)


def _check_storage() -> None:
    """Private files and media: each folder takes a new file, and has room for more."""
    for alias in ("private", "default"):
        folder = getattr(storages[alias], "location", None)
        if folder is None:  # not on this machine's disk (S3): the storage service watches its own space
            continue
        os.makedirs(folder, exist_ok=True)
        # A small file created and deleted again: a read-only mount or a full disk fails here.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".healthz-") as probe:
            probe.write(b"ok")
            probe.flush()
        usage = shutil.disk_usage(folder)
        low_mb = usage.free < settings.HEALTH_MIN_FREE_MB * 1024 * 1024
        low_percent = usage.free * 100 < settings.HEALTH_MIN_FREE_PERCENT * usage.total
        if low_mb and low_percent:
            raise RuntimeError(f"{alias} storage {folder}: only {usage.free // (1024 * 1024)} MB free")


def _run(name: str, check) -> str:
    try:
        check()
    except Exception as exc:
        logger.warning("healthz: %s is failing", name, exc_info=True)
        return f"error: {type(exc).__name__}: {exc}"[:300]
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker, "storage": _check_storage}
    report = {name: _run(name, check) for name, check in checks.items()}
    healthy = all(v == "ok" for v in report.values())
    user = request.user
    if not (user.is_active and user.is_superuser):
        report = {name: "ok" if value == "ok" else "failing" for name, value in report.items()}
    return JsonResponse({"status": "ok" if healthy else "error", **report}, status=200 if healthy else 503)
