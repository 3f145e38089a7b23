"""Organizers' and head judges' pages: the judging overview, panels, invited experts, assignment and
coverage, progress and nudges. Results, awards and publication are in ``manage_results``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions import services as competition_services
from competitions.models import Festival
from competitions.phrases import judging_refusal, when
from competitions.selectors import festivals_visible_to
from competitions.views.mixins import CompetitionObjectMixin
from core.paging import filter_links, paginate
from core.views import add_service_errors, flash_errors, form_errors
from judging import selectors_manage as selectors
from judging import services
from judging.forms_manage import (
    AssignmentAddForm,
    AssignmentRemoveForm,
    CoverageFilterForm,
    ExpertForm,
    JudgingWindowForm,
    NudgeForm,
    PanelForm,
    RemoveJudgeForm,
)
from judging.models import Assignment
from submissions.models import Entry

# --- overview --------------------------------------------------------------------------------------


class JudgingHomeView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Per competition of a festival: panel, entries, coverage, scoring progress, results."""

    permission_required = "judging.view_judging"
    template_name = "judging/manage/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        festivals = list(festivals_visible_to(user))
        chosen = self.request.GET.get("festival", "")
        festival = next((f for f in festivals if str(f.pk) == chosen), None)
        if festival is None:
            current = Festival.objects.current_for(user.school_id, timezone.localdate())
            festival = next(
                (f for f in festivals if current and f.pk == current.pk), festivals[0] if festivals else None
            )
        rows = selectors.judging_overview(selectors.competitions_to_manage(user, festival)) if festival else []
        context.update(
            festivals=festivals,
            festival=festival,
            rows=rows,
            organizer=bool(festival and user.has_perm("judging.manage_judging", festival)),
        )
        return context


# --- panel and experts -----------------------------------------------------------------------------


class PanelView(CompetitionObjectMixin, FormView):
    permission_required = "judging.manage_judging"
    template_name = "judging/manage/panel.html"
    form_class = PanelForm

    def get_judges(self):
        return selectors.judges_of_school(self.get_competition().festival.school_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "judges": self.get_judges()}

    def get_initial(self):
        panel = selectors.panel_of(self.get_competition())
        if panel is None:
            return {}
        return {
            "judges": list(panel.judges.all()),
            "head_judge": panel.head_judge,
            "normalise": panel.normalise,
            "spread_limit": panel.spread_limit,
        }

    def get_context_data(self, **kwargs):
        competition = self.get_competition()
        panel = selectors.panel_of(competition)
        members = list(panel.judges.order_by("real_name", "pk")) if panel else []
        return super().get_context_data(
            competition=competition,
            festival=competition.festival,
            panel=panel,
            members=members,
            locked=competition.results_locked,
            window_note=judging_refusal(competition, timezone.now()),
            window_form=JudgingWindowForm(
                initial={
                    "judging_opens": timezone.localtime(competition.judging_starts),
                    "judging_closes": timezone.localtime(competition.judging_closes),
                }
            ),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        competition = self.get_competition()
        try:
            services.panel_set(
                competition=competition,
                judges=data["judges"],
                head_judge=data["head_judge"],
                normalise=data["normalise"],
                spread_limit=data["spread_limit"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The panel of “%(name)s” has been saved.") % {"name": competition.name})
        return redirect("judging_panel", competition_id=competition.pk)


class PanelRemoveJudgeView(CompetitionObjectMixin, View):
    """A judge drops out: their unscored entries go to the others."""

    permission_required = "judging.manage_judging"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        panel = selectors.panel_of(competition)
        judges = panel.judges.all() if panel else selectors.judges_of_school(None)
        form = RemoveJudgeForm(request.POST, judges=judges)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("judging_panel", competition_id=competition.pk)
        judge = form.cleaned_data["judge"]
        moving = Assignment.objects.filter(entry__competition=competition, judge=judge).exclude(
            score__state="submitted"
        )
        moved = moving.count()
        try:
            short = services.panel_remove_judge(competition=competition, judge=judge, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("judging_panel", competition_id=competition.pk)
        messages.success(
            request,
            ngettext(
                "%(name)s has left the panel; %(n)d unscored entry was given to the other judges.",
                "%(name)s has left the panel; %(n)d unscored entries were given to the other judges.",
                moved,
            )
            % {"name": judge.real_name, "n": moved},
        )
        if short:
            messages.warning(
                request,
                ngettext(
                    "%(n)d entry is still short of judges.", "%(n)d entries are still short of judges.", len(short)
                )
                % {"n": len(short)},
            )
        return redirect("judging_panel", competition_id=competition.pk)


class JudgingWindowView(CompetitionObjectMixin, View):
    """The organizers open judging early (judging on the day of an on-site contest) or extend it, with a reason."""

    permission_required = "competitions.change_competition"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        form = JudgingWindowForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("judging_panel", competition_id=competition.pk)
        closed = competition.submission_closes
        try:
            competition = competition_services.judging_window_change(
                competition=competition,
                opens=form.cleaned_data["judging_opens"],
                closes=form.cleaned_data["judging_closes"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("judging_panel", competition_id=competition.pk)
        values = {
            "name": competition.name,
            "opens": when(competition.judging_starts),
            "closes": when(competition.judging_closes),
            "submission": when(competition.submission_closes),
        }
        if competition.submission_closes != closed:
            text = _(
                "Judging of “%(name)s” runs from %(opens)s to %(closes)s. "
                "Submission closes when judging opens, at %(submission)s."
            )
        else:
            text = _("Judging of “%(name)s” runs from %(opens)s to %(closes)s.")
        messages.success(request, text % values)
        return redirect("judging_panel", competition_id=competition.pk)


@method_decorator(never_cache, name="dispatch")
class ExpertsView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Accounts for invited experts (外聘专家) who judge; the password slip is printed at once."""

    permission_required = "judging.add_expert"
    template_name = "judging/manage/experts.html"
    form_class = ExpertForm

    def get_context_data(self, **kwargs):
        judges = selectors.judges_of_school(self.request.user.school_id).prefetch_related("panels__competition")
        return super().get_context_data(judges=judges, **kwargs)

    def form_valid(self, form):
        try:
            expert, password = services.expert_create(
                school=self.request.user.school,
                real_name=form.cleaned_data["real_name"],
                username=form.cleaned_data["username"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        return TemplateResponse(
            self.request,
            "accounts/password_slip.html",
            {"slips": [{"person": expert, "password": password}], "login_url": self.request.build_absolute_uri("/")},
        )


# --- assignments and coverage ----------------------------------------------------------------------


class AssignmentsView(CompetitionObjectMixin, TemplateView):
    """The entries in judging with their judges, 50 a page, those short of judges first; filtered (short of
    judges, none yet, one judge's) and searched by code or title."""

    permission_required = "judging.manage_judging"
    template_name = "judging/manage/assignments.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        competition = self.get_competition()
        panel = selectors.panel_of(competition)
        judges = list(panel.judges.order_by("real_name", "pk")) if panel else []
        form = CoverageFilterForm(self.request.GET or None, judges=judges)
        entries = form.filter(selectors.coverage(competition), needed=competition.judges_per_entry)
        paging = paginate(self.request, entries, self.paginate_by)
        rows = []
        for entry in paging["page_obj"].object_list:
            assignments = list(entry.assignments.all())
            assigned = {a.judge_id for a in assignments}
            rows.append(
                {
                    "entry": entry,
                    "assignments": assignments,
                    "short": max(competition.judges_per_entry - len(assignments), 0),
                    "addable": [j for j in judges if j.pk not in assigned],
                }
            )
        counts = selectors.coverage_counts(competition)
        return super().get_context_data(
            competition=competition,
            festival=competition.festival,
            panel=panel,
            judges=judges,
            rows=rows,
            entries_count=counts["entries"],
            short=counts["short"],
            filter_form=form,
            show_links=filter_links(self.request, "show", form.SHOW_CHOICES, form.value("show") or form.ALL),
            filtered=form.narrows(),
            here=self.request.get_full_path(),
            locked=competition.results_locked,
            **paging,
            **kwargs,
        )


def back_to_assignments(request, competition):
    """Where an add or a remove returns: the assignments page as the user filtered it (``next``), else page 1."""
    path = reverse("judging_assignments", args=[competition.pk])
    next_url = request.POST.get("next", "")
    if next_url.startswith(path + "?") and url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        return redirect(next_url)
    return redirect(path)


class AssignAutomaticallyView(CompetitionObjectMixin, View):
    permission_required = "judging.manage_judging"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        try:
            short = services.assignments_plan(competition=competition, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("judging_assignments", competition_id=competition.pk)
        if short:
            messages.warning(
                request,
                ngettext(
                    "Judges assigned; %(n)d entry is still short of judges (too few judges without a conflict).",
                    "Judges assigned; %(n)d entries are still short of judges (too few judges without a conflict).",
                    len(short),
                )
                % {"n": len(short)},
            )
        else:
            messages.success(request, _("Every entry has its judges."))
        return redirect("judging_assignments", competition_id=competition.pk)


class AssignmentAddView(CompetitionObjectMixin, View):
    permission_required = "judging.manage_judging"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        panel = selectors.panel_of(competition)
        form = AssignmentAddForm(
            request.POST,
            entries=Entry.objects.filter(competition=competition).select_related("competition__festival"),
            judges=panel.judges.all() if panel else selectors.judges_of_school(None),
        )
        if not form.is_valid():
            form_errors(request, form)
            return back_to_assignments(request, competition)
        entry, judge = form.cleaned_data["entry"], form.cleaned_data["judge"]
        try:
            services.assignment_add(entry=entry, judge=judge, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request, _("%(name)s now judges entry %(code)s.") % {"name": judge.real_name, "code": entry.code}
            )
        return back_to_assignments(request, competition)


class AssignmentRemoveView(CompetitionObjectMixin, View):
    permission_required = "judging.manage_judging"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        form = AssignmentRemoveForm(
            request.POST,
            assignments=Assignment.objects.filter(entry__competition=competition).select_related(
                "entry__competition__festival", "judge"
            ),
        )
        if not form.is_valid():
            form_errors(request, form)
            return back_to_assignments(request, competition)
        assignment = form.cleaned_data["assignment"]
        try:
            services.assignment_remove(assignment=assignment, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("%(name)s no longer judges entry %(code)s.")
                % {"name": assignment.judge.real_name, "code": assignment.entry.code},
            )
        return back_to_assignments(request, competition)


# --- progress and nudges ---------------------------------------------------------------------------


class ProgressView(CompetitionObjectMixin, TemplateView):
    permission_required = "judging.follow_judging"
    template_name = "judging/manage/progress.html"

    def get_context_data(self, **kwargs):
        competition = self.get_competition()
        panel = selectors.panel_of(competition)
        judges = list(panel.judges.order_by("real_name", "pk")) if panel else []
        rows = selectors.panel_progress(competition, judges)
        assigned = sum(r["assigned"] for r in rows)
        submitted = sum(r["submitted"] for r in rows)
        return super().get_context_data(
            competition=competition,
            festival=competition.festival,
            panel=panel,
            rows=rows,
            assigned=assigned,
            submitted=submitted,
            percent=round(100 * submitted / assigned) if assigned else 0,
            locked=competition.results_locked,
            **kwargs,
        )


class NudgeView(CompetitionObjectMixin, View):
    permission_required = "judging.follow_judging"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        panel = selectors.panel_of(competition)
        form = NudgeForm(request.POST, judges=panel.judges.all() if panel else selectors.judges_of_school(None))
        if not form.is_valid():
            form_errors(request, form)
            return redirect("judging_progress", competition_id=competition.pk)
        judge = form.cleaned_data["judge"]
        try:
            services.judge_nudge(
                judge=judge, competition=competition, by=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(name)s will see a reminder on their home page.") % {"name": judge.real_name})
        return redirect("judging_progress", competition_id=competition.pk)


judging_home = JudgingHomeView.as_view()
panel = PanelView.as_view()
panel_remove_judge = PanelRemoveJudgeView.as_view()
judging_window = JudgingWindowView.as_view()
experts = ExpertsView.as_view()
assignments = AssignmentsView.as_view()
assign_automatically = AssignAutomaticallyView.as_view()
assignment_add = AssignmentAddView.as_view()
assignment_remove = AssignmentRemoveView.as_view()
progress = ProgressView.as_view()
nudge = NudgeView.as_view()
