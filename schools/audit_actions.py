"""The names the audit log shows for the actions on the school's people and classes (``core.audit``)."""

from django.utils.translation import pgettext_lazy

ACTION_NAMES = {
    "roster.upload": pgettext_lazy("audit action", "Roster uploaded for import"),
    "roster.import": pgettext_lazy("audit action", "Roster imported"),
    "roster.retry": pgettext_lazy("audit action", "Roster import started again"),
    "roster.credentials_download": pgettext_lazy("audit action", "Login sheet downloaded"),
    "user.roster_update": pgettext_lazy("audit action", "Changed by a roster import"),
    "user.password_reset": pgettext_lazy("audit action", "Password reset"),
    "user.password_change": pgettext_lazy("audit action", "Password changed"),
    "user.login_unlock": pgettext_lazy("audit action", "Login unlocked"),
    "user.deactivate": pgettext_lazy("audit action", "Account deactivated"),
    "user.delete": pgettext_lazy("audit action", "Account deleted"),
    "class.head_teacher": pgettext_lazy("audit action", "Head teacher changed"),
}
