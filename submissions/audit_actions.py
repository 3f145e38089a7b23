"""The names the audit log shows for the actions of entries (``core.audit.register_action_names``)."""

from django.utils.translation import pgettext_lazy

ACTION_NAMES = {
    "entry.create": pgettext_lazy("audit action", "Entry created"),
    "entry.update": pgettext_lazy("audit action", "Entry edited"),
    "entry.declare": pgettext_lazy("audit action", "Originality declared"),
    "entry.submit": pgettext_lazy("audit action", "Entry submitted"),
    "entry.reopen": pgettext_lazy("audit action", "Entry reopened to edit"),
    "entry.withdraw": pgettext_lazy("audit action", "Entry withdrawn"),
    "entry.attachment_add": pgettext_lazy("audit action", "File added"),
    "entry.attachment_remove": pgettext_lazy("audit action", "File removed"),
    "entry.attachment_clean_copy": pgettext_lazy("audit action", "Judges' copy of a file made"),
    "entry.recommend": pgettext_lazy("audit action", "Shortlisted by the class"),
    "entry.unrecommend": pgettext_lazy("audit action", "Taken off the class shortlist"),
    "entry.received": pgettext_lazy("audit action", "Marked received"),
    "entry.accept": pgettext_lazy("audit action", "Accepted into judging"),
    "entry.withdraw_by_organizer": pgettext_lazy("audit action", "Withdrawn from judging by the organizers"),
    "entry.judged": pgettext_lazy("audit action", "Judged (results locked)"),
    "entry.unjudged": pgettext_lazy("audit action", "Back in judging (results unlocked)"),
    "entry.award_correct": pgettext_lazy("audit action", "Award corrected"),
}
