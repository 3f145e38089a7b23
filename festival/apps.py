from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    """The project package: settings, URLs, the Celery app and the home page that composes the apps. No models."""

    name = "festival"
    verbose_name = _("Kejijie")

    def ready(self) -> None:
        from festival.local import ensure_local_folders

        ensure_local_folders()
