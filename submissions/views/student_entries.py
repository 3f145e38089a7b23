"""Students' entries: the list of their entries, the entry form, the shared entry page and its actions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView, View

from competitions.kinds import PHYSICAL_KINDS, FieldType, Kind
from competitions.models import Festival
from competitions.selectors import competitions_visible_to
from competitions.views.mixins import CompetitionObjectMixin
from core.views import add_service_errors, message_of
from schools.models import User
from submissions import labels, services
from submissions.forms import AttachmentUploadForm, EntryActionForm, EntryForm, OriginalityForm
from submissions.forms_staff import OrganizerWithdrawForm
from submissions.models import (
    COUNTED_STATES,
    JUDGED_STATES,
    ORGANIZER_WITHDRAWABLE_STATES,
    Attachment,
    AttachmentRole,
    Entry,
    EntryState,
)
from submissions.selectors import changes_by_others, entries_visible_to, entry_for_action
from submissions.uploads.rules import accepted_kinds, format_mb
from submissions.views.mixins import EntryObjectMixin, RefusedFormMixin


def cover_of(entry: Entry) -> Attachment | None:
    """The picture that stands for the entry: its first photo of the work, else any photo (prefetched)."""
    images = [a for a in entry.attachments.all() if a.thumbnail]
    results = [a for a in images if a.role == AttachmentRole.RESULT]
    return (results or images or [None])[0]


def time_left(closes: dt.datetime, now: dt.datetime) -> str:
    """The deadline countdown: 还剩 3 天 4 小时."""
    minutes = max(int((closes - now).total_seconds()) // 60, 0)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    if days:
        return ngettext("%(days)d day %(hours)d hours left", "%(days)d days %(hours)d hours left", days) % {
            "days": days,
            "hours": hours,
        }
    return _("%(hours)d hours %(minutes)d minutes left") % {"hours": hours, "minutes": mins}


class StudentOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_student:
            raise PermissionDenied(_("This page is for students."))
        return super().dispatch(request, *args, **kwargs)


class MyEntriesView(StudentOnlyMixin, TemplateView):
    template_name = "submissions/my_entries.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user: User = self.request.user
        now = timezone.now()
        entries = list(
            entries_visible_to(user)
            .filter(authors=user)
            .prefetch_related("competition__extensions")
            .order_by("-created_at", "-pk")
        )
        rows = []
        for e in entries:
            closes = e.competition.closes_for(e.school_class)
            is_open = services.competition_is_open_for(competition=e.competition, school_class=e.school_class, now=now)
            rows.append(
                {
                    "entry": e,
                    "cover": cover_of(e),
                    "open": is_open,
                    "left": time_left(closes, now),
                    "withdrawn_by_organizers": services.withdrawn_by_organizers(e),
                }
            )
        context["rows"] = rows
        context["competitions"] = self._open_competitions(user, entries, now)
        context["now"] = now
        return context

    def _open_competitions(self, user: User, entries: list[Entry], now: dt.datetime) -> list[dict]:
        competitions = (
            competitions_visible_to(user)
            .filter(festival__status=Festival.Status.PUBLISHED)
            .select_related("festival")
            .prefetch_related("extensions", "eligible_grades")
            .order_by("festival", "position", "pk")
        )
        school_class = user.school_class if user.school_class_id else None
        cards = []
        for c in competitions:
            closes = c.closes_for(school_class)
            if closes <= now:
                continue
            mine = sum(1 for e in entries if e.competition_id == c.pk and e.state in COUNTED_STATES)
            cards.append(
                {
                    "competition": c,
                    "left": time_left(closes, now),
                    "open": c.submission_opens <= now,
                    "mine": mine,
                    # The service's own answer: the card offers a new entry only where it would be accepted.
                    "refusal": services.entry_create_refusal(competition=c, by=user, now=now, entered=mine),
                }
            )
        return cards


class EntryCreateView(StudentOnlyMixin, CompetitionObjectMixin, RefusedFormMixin, FormView):
    # Competitions of another grade or school are not visible, so they are not found.
    permission_required = "competitions.view_competition"
    competition_prefetch = ("extensions", "eligible_grades")
    template_name = "submissions/entry_form.html"
    form_class = EntryForm

    def form_refusal(self) -> str | None:
        return services.entry_create_refusal(
            competition=self.get_competition(), by=self.request.user, now=timezone.now()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "competition": self.get_competition(), "author": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "competition": self.get_competition(), "entry": None}

    def form_valid(self, form: EntryForm):
        try:
            entry = services.entry_create(
                competition=self.get_competition(), by=self.request.user, **form.service_arguments()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your entry %(code)s is saved as a draft. Now add photos.") % {"code": entry.code}
        )
        return HttpResponseRedirect(reverse("entry_detail", args=[entry.pk]))


class EntryEditView(EntryObjectMixin, RefusedFormMixin, FormView):
    permission_required = "submissions.change_entry"
    template_name = "submissions/entry_form.html"
    form_class = EntryForm

    def form_refusal(self) -> str | None:
        return services.entry_edit_refusal(entry=self.get_entry(), by=self.request.user, now=timezone.now())

    def get_form_kwargs(self):
        entry = self.get_entry()
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "competition": entry.competition,
            "author": entry.created_by,
            "entry": entry,
            # Changing someone else's entry (a pupil's, as head teacher or organizer) is said why.
            "ask_reason": not user.has_perm("submissions.own_entry", entry),
        }

    def get_context_data(self, **kwargs):
        entry = self.get_entry()
        return {**super().get_context_data(**kwargs), "competition": entry.competition, "entry": entry}

    def form_valid(self, form: EntryForm):
        entry = self.get_entry()
        arguments = form.service_arguments()
        if "reason" in form.fields:
            arguments["reason"] = form.cleaned_data.get("reason", "")
        try:
            services.entry_update(entry=entry, by=self.request.user, **arguments)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if getattr(exc, "code", None) == services.STALE_VERSION:
                entry.refresh_from_db(fields=["version"])
                form.show_version(entry.version)
            return self.form_invalid(form)
        messages.success(self.request, _("Your changes are saved."))
        return HttpResponseRedirect(reverse("entry_detail", args=[entry.pk]))


def detail_rows(entry: Entry) -> list[dict]:
    """The competition's own fields with their labels and the value as the reader should see it."""
    rows = []
    for spec in entry.competition.entry_field_specs():
        value = (entry.details or {}).get(spec.name)
        if spec.type == FieldType.BOOLEAN:
            shown = _("Yes") if value else _("No")
        elif spec.choices:
            shown = dict(spec.choices).get(value, value or "")
        else:
            shown = value or ""
        rows.append({"label": spec.label, "value": shown, "long": spec.type == FieldType.TEXTAREA})
    return rows


class EntryDetailView(EntryObjectMixin, TemplateView):
    """The entry as everyone who may see it sees it; its authors also find their controls here.

    It is also the address a label's QR code opens. Someone who scans it without being allowed to see
    the entry is sent where they can act on it: a judge to their scoring page, a teacher at the hand-in
    desk (the section head, 部主任) to the hand-in card, which names no student.
    """

    permission_required = "submissions.view_entry"
    template_name = "submissions/entry_detail.html"

    def handle_no_permission(self):
        user: User = self.request.user
        if user.is_authenticated:
            entry = self.get_entry()
            url = labels.opener_for(user, entry)
            if url:
                return HttpResponseRedirect(url)
            if user.has_perm("submissions.receive_entry", entry) and entry.competition.kind in PHYSICAL_KINDS:
                return render(self.request, "submissions/entry_hand_in.html", {"entry": entry})
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.get_entry()
        user: User = self.request.user
        now = timezone.now()
        owner = user.has_perm("submissions.own_entry", entry)
        preview = self.request.GET.get("preview") == "1"
        attachments = list(entry.attachments.all())
        rules = services.file_rules_for(entry.competition)
        # Whether the entry's content may be changed now, by this person: the service's own answer.
        editable = not preview and services.entry_edit_refusal(entry=entry, by=user, now=now) is None
        takes_files = bool(rules.kinds) and rules.max_count > 0  # a race is measured on the day: no files
        can_declare = owner and editable and entry.state == EntryState.DRAFT
        context.update(
            entry=entry,
            competition=entry.competition,
            details=detail_rows(entry),
            results=[a for a in attachments if a.role == AttachmentRole.RESULT],
            process=[a for a in attachments if a.role == AttachmentRole.PROCESS],
            shows_process=entry.competition.kind == Kind.INVENTION,
            is_owner=owner,
            preview=preview,
            withdrawn_by_organizers=services.withdrawn_by_organizers(entry),
            changed_by_others=changes_by_others(entry),
            can_edit=editable and user.has_perm("submissions.change_entry", entry),
            takes_files=takes_files,
            can_upload=can_declare and takes_files,
            can_declare=can_declare,
            missing=services.missing_for_submission(entry) if can_declare else [],
            upload_form=AttachmentUploadForm(),
            originality_form=OriginalityForm(initial={"declared": entry.originality_declared}),
            accepted_kinds=accepted_kinds(rules),
            max_mb=format_mb(rules.max_bytes),
            max_files=rules.max_count,
            accept=_accept_attribute(rules),
            **self._authors_box(entry, user, now, shown=owner and not preview),
            **self._organizer_withdrawal(entry, user, shown=not preview),
        )
        return context

    # The authors' buttons each state may show; each is offered only when its service would accept it now.
    AUTHOR_ACTIONS = {
        EntryState.DRAFT: ("submit", "withdraw"),
        EntryState.SUBMITTED: ("reopen", "withdraw"),
        EntryState.WITHDRAWN: ("reopen",),
        EntryState.RECOMMENDED: ("withdraw",),  # refused: the authors learn to ask the head teacher
    }
    REFUSALS = {
        "submit": services.entry_submit_refusal,
        "withdraw": services.entry_withdraw_refusal,
        "reopen": services.entry_reopen_refusal,
    }

    def _authors_box(self, entry: Entry, user: User, now: dt.datetime, *, shown: bool) -> dict:
        """What the authors' box says at the top (whom to ask, the deadline, the time left), the buttons the
        services would accept now, and in place of the others why they are not offered (each reason once)."""
        # Authors and the head teacher learn whom to ask instead of finding buttons that would be refused.
        asks_organizers = (
            user.has_perm("submissions.own_entry", entry) or user.has_perm("submissions.shortlist_entry", entry)
        ) and not user.has_perm("submissions.override_entry", entry)
        box = {
            "organizers_only": (services.organizers_only_refusal(entry) if asks_organizers else None) or "",
            "window_refusal": services.window_refusal(
                competition=entry.competition, school_class=entry.school_class, now=now
            ),
            "left": time_left(entry.competition.closes_for(entry.school_class), now),
            "action_notes": [],
        }
        refusals = {}
        if shown:
            refusals = {
                a: self.REFUSALS[a](entry=entry, by=user, now=now) for a in self.AUTHOR_ACTIONS.get(entry.state, ())
            }
        said = {box["organizers_only"], box["window_refusal"]}
        for action, refusal in refusals.items():
            # Submitting is refused for the deadline, said above, or for what is missing, listed item by item.
            if refusal and refusal not in said and action != "submit":
                box["action_notes"].append(refusal)
                said.add(refusal)
        for action in self.REFUSALS:
            box[f"can_{action}"] = action in refusals and refusals[action] is None
        return box

    def _organizer_withdrawal(self, entry: Entry, user: User, *, shown: bool) -> dict:
        """The organizers' withdrawal from judging: the form while the service would accept it, else why not
        (the results are locked), for entries in judging or judged."""
        shown = (
            shown
            and user.has_perm("submissions.override_entry", entry)
            and (entry.state in ORGANIZER_WITHDRAWABLE_STATES or entry.state in JUDGED_STATES)
        )
        refusal = services.entry_withdraw_by_organizer_refusal(entry=entry, by=user) if shown else None
        return {
            "organizer_withdrawal": shown,
            "organizer_withdrawal_refusal": refusal,
            "withdraw_form": OrganizerWithdrawForm(),
        }


class EntryActionsView(EntryDetailView):
    """The author's box of the entry page alone, for htmx to swap in after files are added or removed."""

    template_name = "submissions/_entry_actions.html"

    def handle_no_permission(self):
        # Whoever may not see the entry is refused, not sent on as a scanned label is. An htmx request gets no
        # login page either: htmx would put the whole page into the box.
        if self.request.headers.get("HX-Request"):
            raise PermissionDenied
        return super(EntryDetailView, self).handle_no_permission()


def _accept_attribute(rules) -> str:
    """A hint for the phone's file picker only: the server decides by content."""
    by_kind = {
        "image": "image/*,.heic,.heif",
        "pdf": "application/pdf,.pdf",
        "docx": ".docx",
        "video": "video/mp4,.mp4",
    }
    return ",".join(by_kind[k] for k in sorted(rules.kinds) if k in by_kind)


class EntryActionView(EntryObjectMixin, View):
    """Submit, withdraw or reopen: POST only; the service says whether it may happen now."""

    permission_required = "submissions.change_entry"
    http_method_names = ["post"]
    entry_for = staticmethod(entry_for_action)
    SERVICES = {
        "submit": (
            services.entry_submit,
            gettext_lazy("Your entry is submitted. You can reopen it until the deadline."),
        ),
        "withdraw": (services.entry_withdraw, gettext_lazy("Your entry is withdrawn.")),
        "reopen": (
            services.entry_reopen,
            gettext_lazy("Your entry is a draft again; submit it again before the deadline."),
        ),
    }

    def post(self, request, entry_id: int, action: str):
        form = EntryActionForm({"action": action})
        if not form.is_valid():
            raise Http404
        entry = self.get_entry()
        service, done = self.SERVICES[form.cleaned_data["action"]]
        try:
            service(entry=entry, by=request.user)
        except ValidationError as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("entry_detail", args=[entry_id]))


class EntryDeclareView(EntryObjectMixin, View):
    permission_required = "submissions.change_entry"
    http_method_names = ["post"]
    entry_for = staticmethod(entry_for_action)

    def post(self, request, entry_id: int):
        form = OriginalityForm(request.POST)
        form.is_valid()  # a single optional checkbox is always valid
        try:
            services.entry_declare_original(
                entry=self.get_entry(), by=request.user, declared=form.cleaned_data["declared"]
            )
        except ValidationError as exc:
            messages.error(request, message_of(exc))
        return HttpResponseRedirect(reverse("entry_detail", args=[entry_id]) + "#declaration")


my_entries = MyEntriesView.as_view()
entry_create = EntryCreateView.as_view()
entry_edit = EntryEditView.as_view()
entry_detail = EntryDetailView.as_view()
entry_actions = EntryActionsView.as_view()
entry_action = EntryActionView.as_view()
entry_declare = EntryDeclareView.as_view()
