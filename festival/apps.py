from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    """The project package: settings, URLs, the Celery app and the home page that composes the apps. No models."""

    name = "festival"
    verbose_name = _("Kejijie")

    def ready(self) -> None:
        from festival.local import ensure_local_folders

        ensure_local_folders()


class OperatorsAdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with ``festival.admin_site.OperatorsAdminSite`` as ``admin.site``, the site every
    ``admin.py`` registers in."""

    default = False  # "festival" stays FestivalConfig
    default_site = "festival.admin_site.OperatorsAdminSite"
