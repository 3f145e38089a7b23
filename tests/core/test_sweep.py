"""manage.py sweep_files: what dead processes left in private storage goes; what a row points at stays."""

from __future__ import annotations

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command

from tests.factories.submissions import AttachmentFactory

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 60 * 60


def stored(name: str, *, age: int = TWO_HOURS) -> str:
    storage = storages["private"]
    name = storage.save(name, ContentFile(b"12345"))
    then = time.time() - age
    os.utime(storage.path(name), (then, then))
    return name


def private_files() -> list[str]:
    root = storages["private"].location
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _dirs, files in os.walk(root) for f in files)


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    return settings.FILE_UPLOAD_TEMP_DIR


@pytest.fixture
def files(upload_temp_dir):
    attachment = AttachmentFactory(
        file=stored("entries/2026/11/kept.jpg"), thumbnail=stored("entries/2026/11/kept-thumb.jpg")
    )
    temporary = os.path.join(upload_temp_dir, "tmpab12cd.upload.jpg")
    with open(temporary, "wb") as fh:
        fh.write(b"half an upload")
    os.utime(temporary, (time.time() - TWO_HOURS,) * 2)
    return {
        "attachment": attachment,
        "orphan": stored("entries/2026/11/orphan.jpg"),
        "young_orphan": stored("entries/2026/11/young.jpg", age=10 * 60),
        "partial": stored("exports/2026/.partial-x1y2z3"),
        "temporary": temporary,
    }


def sweep(*args: str) -> list[str]:
    out = StringIO()
    call_command("sweep_files", *args, stdout=out)
    return out.getvalue().splitlines()


def test_sweep_removes_orphans_partials_and_dead_uploads_older_than_an_hour_and_keeps_referenced_files(files):
    report = sweep()

    assert private_files() == [
        "entries/2026/11/kept-thumb.jpg",
        "entries/2026/11/kept.jpg",
        "entries/2026/11/young.jpg",
    ]
    assert not os.path.exists(files["temporary"])
    assert sorted(report) == sorted(
        [
            "removed orphan entries/2026/11/orphan.jpg (5 bytes)",
            "removed partial exports/2026/.partial-x1y2z3 (5 bytes)",
            f"removed upload {files['temporary']} (14 bytes)",
            "removed 3 file(s), 24 bytes",
        ]
    )


def test_dry_run_lists_what_it_would_remove_and_removes_nothing(files):
    before = private_files()

    report = sweep("--dry-run")

    assert private_files() == before
    assert os.path.exists(files["temporary"])
    assert report[-1] == "would remove 3 file(s), 24 bytes"


def test_older_than_takes_younger_orphans_too(files):
    sweep("--older-than", "5")

    assert "entries/2026/11/young.jpg" not in private_files()


def test_every_private_file_field_counts_as_a_reference(upload_temp_dir):
    from core.sweep import private_file_fields

    fields = sorted(f"{model._meta.label}.{field.name}" for model, field in private_file_fields())

    assert fields == [
        "exports.Export.file",
        "schools.RosterImport.credentials",
        "schools.RosterImport.file",
        "submissions.Attachment.clean_file",
        "submissions.Attachment.file",
        "submissions.Attachment.thumbnail",
    ]
