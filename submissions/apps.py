from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Entries")

    def ready(self) -> None:
        from competitions.hooks import register_usage_counter
        from submissions.usage import entries_usage

        register_usage_counter(entries_usage)
