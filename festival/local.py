"""The folders of the embedded default, made when Django starts rather than when the settings are imported.

``FestivalConfig.ready()`` calls ``ensure_local_folders()``, so every process that sets Django up makes them
before it needs them: ``manage.py`` (``migrate`` on a fresh clone, ``runserver``), gunicorn, the Celery worker
(Celery's Django fix-up calls ``django.setup()`` before the worker connects to the broker) and pytest-django
(which sets Django up before it creates the SQLite test database in ``VAR_DIR``). A deployment on PostgreSQL
and Redis gets none of them. Uploads, exports and the file-based cache make their own folders when they write.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

BROKER_FOLDER_OPTIONS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


def local_folders() -> list[Path]:
    """The folders the configured embedded services need: SQLite's, the file-system broker's, STATIC_ROOT."""
    folders: list[Path] = []
    var_dir = getattr(settings, "VAR_DIR", None)
    if var_dir and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # The database and the test databases (one file per test run) live in VAR_DIR.
        folders.append(Path(var_dir))
    if str(getattr(settings, "CELERY_BROKER_URL", "")).startswith("filesystem://"):
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
        folders += [Path(options[key]) for key in BROKER_FOLDER_OPTIONS if options.get(key)]
    if not getattr(settings, "PRODUCTION", False) and settings.STATIC_ROOT:
        # WhiteNoise serves from the finders in development but warns when STATIC_ROOT is missing; in
        # production collectstatic makes it.
        folders.append(Path(settings.STATIC_ROOT))
    return folders


def ensure_local_folders() -> None:
    for folder in local_folders():
        folder.mkdir(parents=True, exist_ok=True)
