from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self) -> None:
        from competitions.audit_actions import ACTION_NAMES
        from core.audit import register_action_names

        register_action_names(ACTION_NAMES)
