from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Entries")

    def ready(self) -> None:
        from competitions.hooks import register_usage_counter
        from core.audit import register_action_names
        from submissions.audit_actions import ACTION_NAMES
        from submissions.usage import entries_usage

        register_usage_counter(entries_usage)
        register_action_names(ACTION_NAMES)
