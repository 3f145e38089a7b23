"""The periodic work Celery beat sends: every scheduled name is a task the workers know, and each one does its job."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from exports.models import Export
from festival.celery import app
from schools.models import RosterImport
from tests.factories.exports import ExportFactory

pytestmark = pytest.mark.django_db


def test_every_scheduled_task_is_one_the_workers_run():
    app.loader.import_default_modules()  # what a worker imports at start: every app's tasks.py

    scheduled = {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}

    assert scheduled == {
        "requeue-exports": "exports.requeue_exports",
        "requeue-roster-imports": "schools.requeue_roster_imports",
        "sweep-files": "core.sweep_files",
    }
    assert all(task in app.tasks for task in scheduled.values())
    assert settings.CELERY_BEAT_SCHEDULE["requeue-exports"]["schedule"] == 300.0
    assert settings.CELERY_BEAT_SCHEDULE["sweep-files"]["schedule"] == crontab(hour=3, minute=30)


def test_the_nightly_sweep_task_deletes_an_old_file_no_row_points_at():
    storage = storages["private"]
    old = storage.save("entries/2026/11/orphan.jpg", ContentFile(b"12345"))
    young = storage.save("entries/2026/11/young.jpg", ContentFile(b"12345"))
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(storage.path(old), (two_hours_ago, two_hours_ago))

    removed = app.tasks["core.sweep_files"].apply().get()

    assert removed == 1
    assert (storage.exists(old), storage.exists(young)) == (False, True)


def test_the_requeue_task_hands_a_lost_export_to_the_broker_again(monkeypatch):
    sent = []
    monkeypatch.setattr("exports.tasks.build_export.delay", lambda *, export_id: sent.append(export_id))
    lost = ExportFactory(state=Export.State.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1))
    busy = ExportFactory(state=Export.State.RUNNING, started_at=timezone.now())

    assert app.tasks["exports.requeue_exports"].apply().get() == 1

    assert sent == [lost.pk]
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert (lost.state, busy.state) == ("queued", "running")


def test_the_requeue_task_hands_a_roster_import_the_broker_refused_to_it_again(monkeypatch, school, organizer):
    sent = []
    monkeypatch.setattr("schools.tasks.import_roster.delay", lambda *, roster_import_id: sent.append(roster_import_id))
    refused = RosterImport.objects.create(
        school=school, uploaded_by=organizer, file_name="花名册.xlsx", queue_refused=True, queued_at=timezone.now()
    )

    assert app.tasks["schools.requeue_roster_imports"].apply().get() == 1

    assert sent == [refused.pk]
    refused.refresh_from_db()
    assert refused.queue_refused is False
