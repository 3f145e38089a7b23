from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    name = "festival"
    verbose_name = _("School and people")

    def ready(self) -> None:
        from festival.local import ensure_local_folders

        ensure_local_folders()
