"""The names the audit log shows for the actions on festivals and competitions (``core.audit``)."""

from django.utils.translation import pgettext_lazy

ACTION_NAMES = {
    "festival.create": pgettext_lazy("audit action", "Festival created"),
    "festival.update": pgettext_lazy("audit action", "Festival changed"),
    "festival.phases": pgettext_lazy("audit action", "Festival phases changed"),
    "competition.create": pgettext_lazy("audit action", "Competition created"),
    "competition.update": pgettext_lazy("audit action", "Competition changed"),
    "competition.duplicate": pgettext_lazy("audit action", "Competition copied"),
    "competition.delete": pgettext_lazy("audit action", "Competition deleted"),
    "competition.rubric": pgettext_lazy("audit action", "Rubric changed"),
    "competition.awards": pgettext_lazy("audit action", "Award scheme changed"),
    "competition.judging_window": pgettext_lazy("audit action", "Judging window changed"),
    "competition.extension": pgettext_lazy("audit action", "Deadline extended for a class"),
    "competition.extension_revoke": pgettext_lazy("audit action", "Class extension revoked"),
}
