"""The names the audit log shows for the actions of judging (``core.audit.register_action_names``)."""

from django.utils.translation import pgettext_lazy

ACTION_NAMES = {
    "panel.set": pgettext_lazy("audit action", "Panel set"),
    "panel.remove_judge": pgettext_lazy("audit action", "Judge removed from the panel"),
    "judge.conflict_declare": pgettext_lazy("audit action", "Conflict of interest declared"),
    "judge.nudge": pgettext_lazy("audit action", "Judge nudged"),
    "judge.expert_create": pgettext_lazy("audit action", "Invited expert added"),
    "judging.assign": pgettext_lazy("audit action", "Entries assigned to judges"),
    "judging.assignment_add": pgettext_lazy("audit action", "Assignment added"),
    "judging.assignment_remove": pgettext_lazy("audit action", "Assignment removed"),
    "judging.drop_withdrawn": pgettext_lazy("audit action", "Assignments of a withdrawn entry removed"),
    "score.save": pgettext_lazy("audit action", "Score saved"),
    "score.submit": pgettext_lazy("audit action", "Score submitted"),
}
