"""The entry named in the URL, for every view of every app that acts on one."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin

from submissions.models import Entry
from submissions.selectors import entry_for_page


class EntryObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The entry of the URL (``entry_id``) as ``get_entry()``, with what its pages and permissions read.

    The view's ``permission_required`` is checked on it: an entry the user may not see is refused (403),
    one that does not exist is not found (404). A view that only posts to a service sets ``entry_for =
    entry_for_action``: it reads less, as the service locks and reads the entry again.
    """

    entry_for = staticmethod(entry_for_page)

    def get_entry(self) -> Entry:
        if not hasattr(self, "_entry"):
            try:
                self._entry = self.entry_for(self.kwargs["entry_id"])
            except Entry.DoesNotExist as exc:
                raise Http404 from exc
        return self._entry

    def get_permission_object(self) -> Entry:
        return self.get_entry()


class RefusedFormMixin:
    """A form page that, when the service would refuse the form now, says why instead of showing it. A POST
    still goes to the service, which refuses it with the same words and keeps what was typed."""

    def form_refusal(self) -> str | None:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        refusal = self.form_refusal()
        if refusal:
            return self.render_to_response(self.get_context_data(form=None, refusal=refusal))
        return super().get(request, *args, **kwargs)
