"""The Celery application. Tasks live in each app's ``tasks.py`` and are found automatically."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "festival.settings")

app = Celery("kejijie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_local_folders(sender, **kwargs) -> None:
    """The file-system broker's folders, for celery commands that never set Django up (purge, call, inspect).

    The worker and every Django process get them from ``FestivalConfig.ready()`` as well.
    """
    from festival.local import ensure_local_folders

    ensure_local_folders()
