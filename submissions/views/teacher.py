"""Head teachers' class pages: the class dashboard, the shortlist, class entries, hand-in, labels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from competitions.kinds import PHYSICAL_KINDS
from competitions.models import Competition, EntryMode
from competitions.views.mixins import CompetitionObjectMixin
from core.views import add_service_errors, flash_errors
from schools.models import SchoolClass
from submissions import labels as entry_labels
from submissions import selectors, services
from submissions.forms_staff import ClassEntryForm, LabelFilterForm, ReceiveForm, ShortlistForm
from submissions.models import Entry
from submissions.views.mixins import EntryObjectMixin, RefusedFormMixin

MAX_LABELS = 400  # one print run; more is a sign the filter was forgotten


def redirect_back(request: HttpRequest, next_url: str, entry: Entry) -> HttpResponseRedirect:
    """Back to the list the button was on, or to the entry page."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect("entry_detail", entry_id=entry.pk)


class ClassCompetitionMixin(CompetitionObjectMixin):
    """A class (headed by the user, or of the organizer's school) and a competition its grade may enter.

    The permission is checked on the class; the competition is looked for among those the class may enter.
    """

    permission_required = "schools.view_schoolclass"
    competition_prefetch = ("extensions",)

    def get_permission_object(self) -> SchoolClass:
        if not hasattr(self, "_school_class"):
            self._school_class = get_object_or_404(
                SchoolClass.objects.select_related("grade__school", "head_teacher"), pk=self.kwargs["class_id"]
            )
        return self._school_class

    def get_competition_queryset(self) -> QuerySet[Competition]:
        return (
            super()
            .get_competition_queryset()
            .filter(festival__school_id=self.school_class.grade.school_id, eligible_grades=self.school_class.grade_id)
        )

    @property
    def school_class(self) -> SchoolClass:
        return self.get_permission_object()

    @property
    def competition(self) -> Competition:
        return self.get_competition()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        closes = self.competition.closes_for(self.school_class)
        context.update(
            school_class=self.school_class,
            competition=self.competition,
            closes=closes,
            window=self.competition.submission_state(now, closes),
            is_physical=self.competition.kind in PHYSICAL_KINDS,
        )
        return context


class ClassDashboardView(ClassCompetitionMixin, TemplateView):
    template_name = "submissions/teacher/class_dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = selectors.class_dashboard(
            user=self.request.user, competition=self.competition, school_class=self.school_class
        )
        is_class_mode = self.competition.entry_mode == EntryMode.CLASS
        context.update(
            dashboard=dashboard,
            is_class_mode=is_class_mode,
            # Offered only when the service would take it; else why not (not open yet, closed, …).
            class_entry_refusal=services.class_entry_create_refusal(
                competition=self.competition, school_class=self.school_class, by=self.request.user, now=timezone.now()
            )
            if is_class_mode and dashboard.class_entry is None
            else None,
            competitions=selectors.competitions_for_class(self.request.user, self.school_class),
        )
        return context


class ClassEntryCreateView(ClassCompetitionMixin, RefusedFormMixin, FormView):
    """The head teacher submits the class's collective entry; photos are added on the entry page."""

    template_name = "submissions/teacher/class_entry_form.html"
    form_class = ClassEntryForm

    def form_refusal(self) -> str | None:
        if self.competition.entry_mode != EntryMode.CLASS:
            raise Http404
        return services.class_entry_create_refusal(
            competition=self.competition, school_class=self.school_class, by=self.request.user, now=timezone.now()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("refusal"):  # the class has its entry already: a link to it rather than a dead end
            context["class_entry"] = services.class_entry_of(
                competition=self.competition, school_class=self.school_class
            )
        return context

    def get_form_kwargs(self):
        if self.competition.entry_mode != EntryMode.CLASS:
            raise Http404
        return {**super().get_form_kwargs(), "competition": self.competition}

    def form_valid(self, form):
        try:
            entry = services.class_entry_create(
                competition=self.competition,
                school_class=self.school_class,
                by=self.request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                details=form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The class entry %(code)s is saved. Add its photos here, then submit it.") % {"code": entry.code},
        )
        return redirect("entry_detail", entry_id=entry.pk)


class EntryPostView(EntryObjectMixin, View):
    """A button on an entry (from the class list or the entry page): POST only, then back where it was."""

    http_method_names = ["post"]
    entry_for = staticmethod(selectors.entry_for_action)
    form_class: type

    def post(self, request, *args, **kwargs):
        entry = self.get_entry()
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _("That did not work; reload the page and try again."))
            return redirect_back(request, request.POST.get("next", ""), entry)
        try:
            self.act(entry, form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        return redirect_back(request, form.cleaned_data["next"], entry)

    def act(self, entry: Entry, data: dict) -> None:  # pragma: no cover - every subclass has its own
        raise NotImplementedError


class ShortlistView(EntryPostView):
    permission_required = "submissions.shortlist_entry"
    form_class = ShortlistForm

    def act(self, entry: Entry, data: dict) -> None:
        user = self.request.user
        if data["action"] == "add":
            entry = services.shortlist_add(entry=entry, by=user)
            used = services.quota_used(competition=entry.competition, school_class=entry.school_class)
            messages.success(
                self.request,
                _("“%(title)s” is recommended. %(class)s has used %(used)d of %(quota)d places.")
                % {
                    "title": entry.title,
                    "class": entry.school_class.name,
                    "used": used,
                    "quota": entry.competition.class_quota,
                },
            )
        else:
            entry = services.shortlist_remove(entry=entry, by=user)
            messages.success(self.request, _("“%(title)s” is off the list.") % {"title": entry.title})


class ReceiveView(EntryPostView):
    permission_required = "submissions.receive_entry"
    form_class = ReceiveForm

    def act(self, entry: Entry, data: dict) -> None:
        entry = services.entry_mark_received(entry=entry, by=self.request.user, received=data["received"])
        if data["received"]:
            messages.success(self.request, _("%(code)s is marked as received.") % {"code": entry.code})
        else:
            messages.success(self.request, _("%(code)s is no longer marked as received.") % {"code": entry.code})


class LabelsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Printable labels (作品标签), 8 to an A4 sheet, each with a QR code that opens the entry."""

    permission_required = "schools.view_classes"
    template_name = "submissions/labels.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = LabelFilterForm(self.request.GET, user=user, today=timezone.localdate())
        form.is_valid()
        data = form.cleaned_data  # the fields that are valid: a competition of another festival is dropped alone
        entries = list(
            selectors.entries_for_labels(
                user,
                festival=data.get("festival"),
                competition=data.get("competition"),
                school_class=data.get("school_class"),
                # A competition chosen by name shows its labels whatever its kind.
                physical_only=not (data.get("all_kinds") or data.get("competition")),
            )[: MAX_LABELS + 1]
        )
        labels = entry_labels.build_labels(self.request, entries[:MAX_LABELS])
        context.update(
            form=form,
            labels=labels,
            sheets=list(entry_labels.sheets(labels)),
            too_many=len(entries) > MAX_LABELS,
            max_labels=MAX_LABELS,
        )
        return context


class_dashboard = ClassDashboardView.as_view()
class_entry_create = ClassEntryCreateView.as_view()
shortlist = ShortlistView.as_view()
entry_receive = ReceiveView.as_view()
labels = LabelsView.as_view()
