from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("School and people")

    def ready(self) -> None:
        from core.exporters import register
        from schools.exporters import ClassRosterExporter

        register(ClassRosterExporter)
