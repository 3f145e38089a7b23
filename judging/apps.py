from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        from competitions.hooks import register_usage_counter
        from judging.selectors import scoring_page_for
        from judging.usage import scores_usage
        from submissions.labels import register_entry_opener

        register_entry_opener(scoring_page_for)
        register_usage_counter(scores_usage)
