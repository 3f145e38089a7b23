"""One archive holds a whole installation: the database, the media folder and the private folder.

Students' works live in private storage, apart from both the database and ``MEDIA_ROOT``, so a backup
of the database alone loses every work. ``backup_create`` writes a .tar.gz with

- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs) or
  ``database.dump`` (``pg_dump --format=custom``, in the same snapshot the rows are counted in),
- ``media/…`` and ``private/…``, every file of the two folders,
- ``manifest.json``: the rows of every table and the sha256 of every file.

``backup_restore`` checks every file of the archive against the manifest before it touches anything,
refuses an installation that already has users or festivals (unless forced), restores, and then checks
the restored rows and files against the manifest again. Rows are counted per table from
``apps.get_models()``: core imports no domain model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.dump"
FOLDERS = ("media", "private")
# An installation holding rows here is in use: a restore over it needs --force.
OCCUPIED_MODELS = (("competitions", "Festival"),)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Places:
    """Where an installation keeps its files."""

    media: Path
    private: Path

    @classmethod
    def current(cls) -> Places:
        return cls(media=Path(settings.MEDIA_ROOT), private=Path(settings.STORAGES["private"]["OPTIONS"]["location"]))

    def folder(self, name: str) -> Path:
        return {"media": self.media, "private": self.private}[name]


def tables() -> dict[str, str]:
    """Every table of the installed models (many-to-many tables included): table name → model label."""
    found: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            found.setdefault(meta.db_table, meta.label)
    return dict(sorted(found.items()))


def _occupied_tables() -> list[str]:
    names = [get_user_model()._meta.db_table]
    for app_label, model_name in OCCUPIED_MODELS:
        try:
            names.append(apps.get_model(app_label, model_name)._meta.db_table)
        except LookupError:
            pass
    return names


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to root in POSIX form, file) for every regular file under root, in order."""
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        yield path.relative_to(root).as_posix(), path


def _count_sqlite(path: Path, names: list[str]) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        present = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {name: con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names if name in present}
    finally:
        con.close()


def _count_connection(alias: str, names: list[str]) -> dict[str, int]:
    connection = connections[alias]
    present = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = {}
        for name in names:
            if name in present:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
                counts[name] = cursor.fetchone()[0]
        return counts


# --- PostgreSQL ------------------------------------------------------------------------------------


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The connection arguments of pg_dump / pg_restore and the environment carrying the password."""
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args.append(f"{flag}={db[key]}")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(program)s was not found: install the PostgreSQL client.") % {"program": command[0]}
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": exc.stderr.strip()}
        ) from exc


def _dump_postgresql(alias: str, out: Path, names: list[str]) -> dict[str, int]:
    """pg_dump in the snapshot the rows are counted in, so the manifest describes exactly the dump."""
    connection = connections[alias]
    args, env = _pg_env(connection.settings_dict)
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = _count_connection(alias, names)
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={out}",
                *args,
                connection.settings_dict["NAME"],
            ],
            env,
        )
    return counts


# --- Backup ----------------------------------------------------------------------------------------


def backup_create(out: Path, *, alias: str = DEFAULT_DB_ALIAS, places: Places | None = None) -> dict[str, Any]:
    """Write the archive to ``out`` (complete or not at all) and return its manifest."""
    places = places or Places.current()
    connection = connections[alias]
    names = list(tables())
    with tempfile.TemporaryDirectory(prefix="kejijie-backup-", dir=out.parent) as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            database = work / SQLITE_NAME
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            counts = _count_sqlite(database, names)
        elif connection.vendor == "postgresql":
            database = work / PG_NAME
            counts = _dump_postgresql(alias, database, names)
        else:
            raise BackupError(
                _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
            )
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": connection.vendor, "file": database.name, "sha256": sha256(database)},
            "rows": {table: {"model": label, "count": counts.get(table, 0)} for table, label in tables().items()},
            "files": {},
        }
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(database, arcname=database.name)
            for folder in FOLDERS:
                for name, path in _files(places.folder(folder)):
                    arcname = f"{folder}/{name}"
                    manifest["files"][arcname] = sha256(path)
                    tar.add(path, arcname=arcname, recursive=False)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, out)
    return manifest


# --- Restore ---------------------------------------------------------------------------------------


def _unpack(archive: Path, into: Path) -> dict[str, Any]:
    """Extract the archive and check every file against its manifest before anything is restored."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(
            _("%(archive)s is not a readable backup: %(error)s") % {"archive": archive, "error": exc}
        ) from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(_("%(archive)s has no readable manifest.json.") % {"archive": archive}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("%(archive)s is not a backup of this version.") % {"archive": archive})
    expected = {**manifest["files"], manifest["database"]["file"]: manifest["database"]["sha256"]}
    bad = sorted(
        name for name, digest in expected.items() if not (into / name).is_file() or sha256(into / name) != digest
    )
    extra = sorted({f"{folder}/{name}" for folder in FOLDERS for name, _path in _files(into / folder)} - set(expected))
    if bad or extra:
        raise BackupError(
            _("The backup is damaged: these files do not match its manifest: %(files)s")
            % {"files": ", ".join(bad + extra)}
        )
    return manifest


def _check_empty(counts: dict[str, int], places: Places) -> None:
    occupied = [name for name in _occupied_tables() if counts.get(name)]
    folders = [str(places.folder(folder)) for folder in FOLDERS if any(_files(places.folder(folder)))]
    if occupied or folders:
        raise BackupError(
            _(
                "This installation is not empty (it has users, festivals or files: %(what)s). "
                "Restore into a new installation, or pass --force to replace everything in it."
            )
            % {"what": ", ".join(occupied + folders)}
        )


def _restore_sqlite(source: Path, target: Path) -> None:
    # The backup API writes into the target through SQLite itself, so a WAL file beside it stays consistent.
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _restore_files(unpacked: Path, places: Places) -> None:
    for folder in FOLDERS:
        target = places.folder(folder)
        if target.exists():
            shutil.rmtree(target)
        source = unpacked / folder
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.mkdir(parents=True)


def _verify(manifest: dict[str, Any], counts: dict[str, int], places: Places) -> None:
    rows = {table: row["count"] for table, row in manifest["rows"].items()}
    wrong_rows = sorted(table for table, count in rows.items() if counts.get(table, 0) != count)
    wrong_files = sorted(
        name
        for name, digest in manifest["files"].items()
        if not (path := places.folder(name.split("/", 1)[0]) / name.split("/", 1)[1]).is_file()
        or sha256(path) != digest
    )
    if wrong_rows or wrong_files:
        raise BackupError(
            _("The restored installation does not match the backup's manifest: %(what)s")
            % {"what": ", ".join(wrong_rows + wrong_files)}
        )


def backup_restore(
    archive: Path,
    *,
    alias: str = DEFAULT_DB_ALIAS,
    database_file: Path | None = None,
    places: Places | None = None,
    force: bool = False,
    say: Callable[[str], None] = lambda text: None,
) -> dict[str, Any]:
    """Restore ``archive`` into this installation (or into ``database_file`` and ``places``), checked.

    ``database_file`` restores an SQLite backup into that file instead of the configured database.
    """
    places = places or Places.current()
    connection = connections[alias]
    vendor = "sqlite" if database_file else connection.vendor
    names = list(tables())

    def count() -> dict[str, int]:
        if database_file:
            return _count_sqlite(database_file, names) if database_file.exists() else {}
        return _count_connection(alias, names)

    with tempfile.TemporaryDirectory(prefix="kejijie-restore-") as tmp:
        unpacked = Path(tmp)
        manifest = _unpack(archive, unpacked)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                _("The backup holds a %(backup)s database; this installation uses %(here)s.")
                % {"backup": manifest["database"]["vendor"], "here": vendor}
            )
        if not force:
            _check_empty(count(), places)
        database = unpacked / manifest["database"]["file"]
        say(_("Restoring the database…"))
        if vendor == "sqlite":
            target = database_file or Path(connection.settings_dict["NAME"])
            connections.close_all()
            target.parent.mkdir(parents=True, exist_ok=True)  # a trial restore's new folder
            _restore_sqlite(database, target)
        else:
            args, env = _pg_env(connection.settings_dict)
            connections.close_all()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    f"--dbname={connection.settings_dict['NAME']}",
                    *args,
                    str(database),
                ],
                env,
            )
        say(_("Restoring the media and private files…"))
        _restore_files(unpacked, places)
    _verify(manifest, count(), places)
    return manifest
