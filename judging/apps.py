from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self) -> None:
        from competitions.hooks import register_usage_counter
        from core.audit import register_action_names
        from judging.audit_actions import ACTION_NAMES
        from judging.selectors import scoring_page_for
        from judging.services import assignments_drop_withdrawn
        from judging.usage import scores_usage
        from submissions.hooks import register_withdrawal_listener
        from submissions.labels import register_entry_opener

        register_entry_opener(scoring_page_for)
        register_usage_counter(scores_usage)
        register_withdrawal_listener(assignments_drop_withdrawn)
        register_action_names(ACTION_NAMES)
