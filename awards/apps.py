from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from awards.audit_actions import ACTION_NAMES
        from awards.exporters.awards import AwardListExporter, CollectiveAwardsExporter, RecommendedListExporter
        from awards.exporters.certificates import CertificatesExporter
        from awards.exporters.entries import EntryRosterExporter, ScoreDetailsExporter
        from awards.services import result_drop_withdrawn
        from core.audit import register_action_names
        from core.exporters import register
        from submissions.hooks import register_withdrawal_listener

        register(
            AwardListExporter,
            CollectiveAwardsExporter,
            ScoreDetailsExporter,
            EntryRosterExporter,
            RecommendedListExporter,
            CertificatesExporter,
        )
        register_withdrawal_listener(result_drop_withdrawn)
        register_action_names(ACTION_NAMES)
