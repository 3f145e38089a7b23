"""The names the audit log shows for the actions of results and awards (``core.audit.register_action_names``)."""

from django.utils.translation import pgettext_lazy

ACTION_NAMES = {
    "results.compute": pgettext_lazy("audit action", "Results computed"),
    "results.lock": pgettext_lazy("audit action", "Results locked"),
    "results.unlock": pgettext_lazy("audit action", "Results unlocked"),
    "result.adjust": pgettext_lazy("audit action", "Award adjusted"),
    "result.drop_withdrawn": pgettext_lazy("audit action", "Result of a withdrawn entry removed"),
    "result.correct": pgettext_lazy("audit action", "Award corrected after an objection"),
    "results.publish": pgettext_lazy("audit action", "Results published"),
    "results.withdraw_publication": pgettext_lazy("audit action", "Publication withdrawn"),
    "objection.raise": pgettext_lazy("audit action", "Objection raised"),
    "objection.answer": pgettext_lazy("audit action", "Objection answered"),
    "collective.compute": pgettext_lazy("audit action", "Collective awards computed"),
    "collective.confirm": pgettext_lazy("audit action", "Collective awards confirmed"),
    "special_award.confirm": pgettext_lazy("audit action", "Special award confirmed"),
}
