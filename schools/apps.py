from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("School and people")

    def ready(self) -> None:
        from core.audit import register_action_names
        from core.exporters import register
        from schools.audit_actions import ACTION_NAMES
        from schools.exporters import ClassRosterExporter

        register(ClassRosterExporter)
        register_action_names(ACTION_NAMES)
