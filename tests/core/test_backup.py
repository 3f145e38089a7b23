"""manage.py backup and restore: the database, the media and the private files, checked by a manifest."""

from __future__ import annotations

import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.utils import translation

from core.backup import tables
from tests.factories.competitions import CompetitionFactory
from tests.factories.submissions import submitted_entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # These restore into a SQLite file; the PostgreSQL path (pg_dump / pg_restore) has no round-trip test yet.
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the backup round trip is tested on SQLite; PostgreSQL's is still to be written",
    ),
]


@pytest.fixture
def school_with_works(festival, student, classmate):
    """Two submitted entries, each with its picture uploaded through the upload service, and a media file."""
    competition = CompetitionFactory(festival=festival, invention=True)
    entries = [submitted_entry(competition, student), submitted_entry(competition, classmate, title="太阳能小车")]
    default_storage.save("logos/school.png", ContentFile(b"\x89PNG logo"))
    return entries


@pytest.fixture
def archive(school_with_works, tmp_path) -> Path:
    out = tmp_path / "kejijie.tar.gz"
    call_command("backup", out=str(out))
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _rows_of_this_database() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in tables():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _restore(archive: Path, target: Path, *args: str) -> None:
    call_command(
        "restore",
        str(archive),
        "--database-file",
        str(target / "db.sqlite3"),
        "--media-root",
        str(target / "media"),
        "--private-root",
        str(target / "private"),
        *args,
    )


def test_backup_holds_the_database_every_file_and_a_manifest_of_rows_and_checksums(archive):
    with tarfile.open(archive) as tar:
        names = sorted(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))

    private = Path(storages["private"].location)
    works = sorted(f"private/{name}" for name in _files(private))
    assert len(works) == 4  # two pictures and their thumbnails
    assert names == sorted(["database.sqlite3", "manifest.json", "media/logos/school.png", *works])
    assert manifest["rows"]["submissions_entry"] == {"model": "submissions.Entry", "count": 2}
    assert sorted(manifest["files"]) == sorted(["media/logos/school.png", *works])


def test_restore_into_an_empty_place_gives_the_same_rows_and_the_same_files(archive, tmp_path):
    target = tmp_path / "restored"
    target.mkdir()

    _restore(archive, target)

    restored = sqlite3.connect(target / "db.sqlite3")
    restored_rows = {t: restored.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables()}
    restored.close()
    assert restored_rows == _rows_of_this_database()
    assert restored_rows["submissions_entry"] == 2
    assert _files(target / "media") == _files(Path(settings.MEDIA_ROOT))
    assert _files(target / "private") == _files(Path(storages["private"].location))


def test_restore_refuses_an_installation_that_has_users_unless_forced(archive, tmp_path):
    target = tmp_path / "restored"
    target.mkdir()
    _restore(archive, target)

    with translation.override("en"), pytest.raises(CommandError) as refused:
        _restore(archive, target)

    assert str(refused.value).startswith(
        "This installation is not empty (it has users, festivals or files: schools_user, competitions_festival, "
    )
    assert str(refused.value).endswith("Restore into a new installation, or pass --force to replace everything in it.")
    _restore(archive, target, "--force")


def test_restore_refuses_a_damaged_archive_and_touches_nothing(archive, tmp_path):
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    work = next((unpacked / "private").rglob("*.jpg"))
    work.write_bytes(work.read_bytes()[:-10])
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    target = tmp_path / "restored"
    target.mkdir()

    with translation.override("en"), pytest.raises(CommandError) as refused:
        _restore(damaged, target)

    assert str(refused.value) == (
        "The backup is damaged: these files do not match its manifest: "
        f"private/{work.relative_to(unpacked / 'private').as_posix()}"
    )
    assert sorted(p.name for p in target.iterdir()) == []
