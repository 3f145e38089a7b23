from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from core.audit import register_action_names
        from exports.audit_actions import ACTION_NAMES

        register_action_names(ACTION_NAMES)
