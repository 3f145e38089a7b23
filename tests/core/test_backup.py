"""manage.py backup and restore: the database, the media and the private files, checked by a manifest.

The round trip restores into an empty installation of the same kind as the one the suite runs on: a new
SQLite file, or on PostgreSQL a scratch database created for the test (a name of its own, dropped after).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.db import connection

from core.backup import tables
from schools.models import School
from tests.factories.competitions import CompetitionFactory
from tests.factories.submissions import submitted_entry

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]

Rows = dict[str, list[tuple]]


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


def _every_row(cursor, present: set[str]) -> Rows:
    """Every row of every table of the installed models, in an order that does not depend on the database."""
    rows = {}
    for table in tables():
        if table in present:
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return rows


def _rows_of_sqlite_file(path: Path) -> Rows:
    # Both sides read with the sqlite3 module itself, so no converter of Django's stands between them.
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return _every_row(con.cursor(), present)
    finally:
        con.close()


def _postgresql_server(dbname: str, **options) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        dbname=dbname,
        **options,
    )


def _rows_of_postgresql_database(name: str) -> Rows:
    with _postgresql_server(name) as con, con.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return _every_row(cursor, {row[0] for row in cursor.fetchall()})


def _rows_of_this_database() -> Rows:
    if connection.vendor == "sqlite":
        return _rows_of_sqlite_file(Path(connection.settings_dict["NAME"]))
    return _rows_of_postgresql_database(connection.settings_dict["NAME"])


@dataclass
class Installation:
    """A new installation beside the test's: its own database (an SQLite file, or a PostgreSQL database of its
    own on the same server) and its own media and private folders, run as the operator runs it: manage.py in
    a process whose environment names them."""

    root: Path
    database_url: str
    rows: Callable[[], Rows]

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.root / "media"),
            "PRIVATE_ROOT": str(self.root / "private"),
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )

    def restore(self, archive: Path, *args: str) -> subprocess.CompletedProcess:
        return self.manage("restore", str(archive), *args)


def _scratch_postgresql_database(root: Path) -> Iterator[Installation]:
    """A new, empty database on the test database's server, with a name of its own (tests run side by side)."""
    name = f"kejijie_restore_{uuid.uuid4().hex[:12]}"
    s = connection.settings_dict
    with _postgresql_server("postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    try:
        yield Installation(
            root=root,
            database_url=f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}",
            rows=lambda: _rows_of_postgresql_database(name),
        )
    finally:
        with _postgresql_server("postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def new_installation(tmp_path) -> Iterator[Installation]:
    root = tmp_path / "restored"
    root.mkdir()
    if connection.vendor == "postgresql":
        yield from _scratch_postgresql_database(root)
    else:
        database = root / "db.sqlite3"
        yield Installation(
            root=root,
            database_url=f"sqlite:///{database}",
            rows=lambda: _rows_of_sqlite_file(database) if database.exists() else {},
        )


def test_backup_holds_the_database_every_file_and_a_manifest_of_rows_and_checksums(archive):
    with tarfile.open(archive) as tar:
        names = sorted(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))

    private = Path(storages["private"].location)
    works = sorted(f"private/{name}" for name in _files(private))
    assert len(works) == 4  # two pictures and their thumbnails
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"
    assert names == sorted([database, "manifest.json", "media/logos/school.png", *works])
    assert manifest["rows"]["submissions_entry"] == {"model": "submissions.Entry", "count": 2}
    assert sorted(manifest["files"]) == sorted(["media/logos/school.png", *works])


@pytest.mark.parametrize("migrated", [False, True], ids=["new-database", "after-migrate"])
def test_restore_into_a_new_installation_gives_every_row_and_every_file_byte_for_byte(
    archive, new_installation, migrated
):
    if migrated:  # the deploy steps run migrate; a restore must work on such an installation as on a bare one
        assert new_installation.manage("migrate", "--noinput").returncode == 0

    restore = new_installation.restore(archive)

    assert restore.returncode == 0, restore.stderr
    rows = sum(len(rows) for rows in _rows_of_this_database().values())
    assert restore.stdout.splitlines()[-1] == f"已从 {archive} 恢复并核对 {rows} 行数据和 5 个文件。"
    restored = new_installation.rows()
    assert restored == _rows_of_this_database()
    assert (len(restored["submissions_entry"]), len(restored["submissions_attachment"])) == (2, 2)
    root = new_installation.root
    assert _files(root / "media") == _files(Path(settings.MEDIA_ROOT))
    assert _files(root / "private") == _files(Path(storages["private"].location))
    assert len(_files(root / "private")) == 4
    # and the next row gets a new id, as it would have here
    added = new_installation.manage(
        "shell", "-c", "from schools.models import School; print(School.objects.create(name='新学校', slug='new').pk)"
    )
    assert added.stdout.split()[-1] == str(School.objects.order_by("pk").last().pk + 1), added.stderr


def test_restore_refuses_an_installation_that_has_users_unless_forced(archive, new_installation):
    assert new_installation.restore(archive).returncode == 0

    refused = new_installation.restore(archive)

    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "CommandError: 此安装不是空的（已有用户、科技节或文件：schools_user, competitions_festival, "
    )
    assert refused.stderr.endswith("请恢复到新的安装中，或加上 --force 替换其中的全部数据。\n")
    forced = new_installation.restore(archive, "--force")
    assert forced.returncode == 0, forced.stderr
    assert new_installation.rows() == _rows_of_this_database()


def test_restore_refuses_a_damaged_archive_and_touches_nothing(archive, new_installation, tmp_path):
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

    refused = new_installation.restore(damaged)

    assert refused.returncode == 1
    assert refused.stderr == (
        f"CommandError: 备份已损坏，以下文件与清单不符：private/{work.relative_to(unpacked / 'private').as_posix()}\n"
    )
    assert new_installation.rows() == {}
    assert sorted(p.name for p in new_installation.root.iterdir()) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="--database-file restores SQLite backups")
def test_a_trial_restore_into_a_file_and_folders_leaves_the_site_alone(archive, tmp_path):
    trial = tmp_path / "trial"
    rows_before = _rows_of_this_database()

    call_command(
        "restore",
        str(archive),
        "--database-file",
        str(trial / "db.sqlite3"),
        "--media-root",
        str(trial / "media"),
        "--private-root",
        str(trial / "private"),
    )

    assert _rows_of_sqlite_file(trial / "db.sqlite3") == rows_before == _rows_of_this_database()
    assert _files(trial / "private") == _files(Path(storages["private"].location))
