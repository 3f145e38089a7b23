"""The names the audit log shows for the actions of exports (``core.audit.register_action_names``)."""

from django.utils.translation import pgettext_lazy

ACTION_NAMES = {
    "export.request": pgettext_lazy("audit action", "Export requested"),
    "export.retry": pgettext_lazy("audit action", "Export retried"),
}
