"""Organizers' list of all entries with filters, search and bulk acceptance into judging; withdrawing an entry
from judging."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import ListView, View
from rules.contrib.views import PermissionRequiredMixin

from core.paging import other_params, pk_url
from core.views import flash_errors, form_errors
from submissions import selectors, services
from submissions.forms_staff import BulkAcceptForm, EntryFilterForm, OrganizerWithdrawForm
from submissions.views.mixins import EntryObjectMixin


class AllEntriesView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "submissions.view_all_entries"
    template_name = "submissions/organizer/all_entries.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = EntryFilterForm(self.request.GET or None, user=self.request.user)
        return self.filter_form.filter(selectors.entries_for_organizer(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = list(context["page_obj"].object_list)
        # Each row's links: one reverse() each for the page, not two a row.
        entry_url, thumbnail_url = pk_url("entry_detail"), pk_url("attachment_thumbnail")
        for entry in entries:
            entry.url = entry_url(entry.pk)
            entry.cover_url = thumbnail_url(entry.cover_pk) if entry.cover_pk else ""
        context.update(
            filter_form=self.filter_form,
            filter_selects=self.filter_form.selects(),
            entries=entries,
            query_string=other_params(self.request).urlencode(),
        )
        return context


class AcceptEntriesView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Bulk: the ticked entries that the classes recommended go into judging; others are left alone."""

    permission_required = "submissions.accept_entries"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = BulkAcceptForm(request.POST, user=request.user)
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        if not form.is_valid():
            form_errors(request, form)
            return redirect(next_url or "all_entries")
        ticked = form.cleaned_data["entries"]
        try:
            accepted = services.entries_accept(entries=ticked, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect(next_url or "all_entries")
        messages.success(
            request,
            ngettext("%(n)d entry accepted into judging.", "%(n)d entries accepted into judging.", accepted)
            % {"n": accepted},
        )
        left = len(ticked) - accepted
        if left:
            messages.warning(
                request,
                ngettext(
                    "%(n)d ticked entry was not recommended by its class and was left as it was.",
                    "%(n)d ticked entries were not recommended by their classes and were left as they were.",
                    left,
                )
                % {"n": left},
            )
        return redirect(next_url or "all_entries")


class EntryWithdrawByOrganizerView(EntryObjectMixin, View):
    """The organizers take an entry out of judging with a reason (the form on the entry page); the service
    refuses once the competition's results are locked."""

    permission_required = "submissions.override_entry"
    http_method_names = ["post"]
    entry_for = staticmethod(selectors.entry_for_action)

    def post(self, request, entry_id: int):
        entry = self.get_entry()
        form = OrganizerWithdrawForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("entry_detail", entry_id=entry.pk)
        try:
            services.entry_withdraw_by_organizer(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("%(code)s is withdrawn; its judges' assignments and scores are removed.") % {"code": entry.code},
            )
        return redirect("entry_detail", entry_id=entry.pk)


all_entries = AllEntriesView.as_view()
accept_entries = AcceptEntriesView.as_view()
entry_withdraw_by_organizer = EntryWithdrawByOrganizerView.as_view()
