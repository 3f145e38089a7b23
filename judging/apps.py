from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging and awards")

    def ready(self) -> None:
        from judging.selectors import scoring_page_for
        from submissions.labels import register_entry_opener

        register_entry_opener(scoring_page_for)
