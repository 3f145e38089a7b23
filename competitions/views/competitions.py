"""Competition pages: organizers set up a competition (rules, rubric, award scheme, extensions); students and
teachers read its rules and deadlines."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions import phrases, plans, services
from competitions.forms import AwardSchemeForm, CompetitionForm, ExtensionForm, RubricFormSet, TemplateChoiceForm
from competitions.models import ClassExtension, Phase
from competitions.selectors import competitions_visible_to, entries_possible
from competitions.views.mixins import CompetitionObjectMixin, FestivalObjectMixin
from core.views import add_service_errors, message_of


class CompetitionCreateView(FestivalObjectMixin, FormView):
    permission_required = "competitions.add_competition"
    template_name = "competitions/form.html"
    form_class = CompetitionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "festival": self.get_festival()}

    def get_initial(self):
        festival = self.get_festival()
        phases = {p.kind: p for p in festival.phases.all()}
        tz = timezone.get_current_timezone()
        initial = {"eligible_grades": [n for n in range(1, 13) if festival.school.has_grade_number(n)]}
        if Phase.Kind.SUBMISSION in phases and Phase.Kind.JUDGING in phases:
            sub, judging = phases[Phase.Kind.SUBMISSION], phases[Phase.Kind.JUDGING]
            initial.update(
                submission_opens=dt.datetime.combine(sub.starts_on, plans.OPENS_AT, tzinfo=tz),
                submission_closes=dt.datetime.combine(sub.ends_on, plans.CLOSES_AT, tzinfo=tz),
                judging_opens=dt.datetime.combine(judging.starts_on, plans.OPENS_AT, tzinfo=tz),
                judging_closes=dt.datetime.combine(judging.ends_on, plans.CLOSES_AT, tzinfo=tz),
            )
        return initial

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "festival": self.get_festival()}

    def form_valid(self, form):
        try:
            competition = services.competition_create(
                festival=self.get_festival(),
                values=form.values(),
                grade_numbers=form.grade_numbers(),
                by=self.request.user,
            )
        except ValidationError as e:
            add_service_errors(form, e)
            return self.form_invalid(form)
        if competition.is_rubric:
            messages.success(self.request, _("The competition has been created. Now set up its rubric."))
            return redirect("competition_rubric", competition_id=competition.pk)
        messages.success(self.request, _("The competition has been created."))
        return redirect("competition_detail", competition_id=competition.pk)


class CompetitionFromTemplateView(FestivalObjectMixin, FormView):
    permission_required = "competitions.add_competition"
    template_name = "competitions/from_template.html"
    form_class = TemplateChoiceForm

    def get_initial(self):
        return {"template": self.request.GET.get("template", ""), "start": self.get_festival().starts_on}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "festival": self.get_festival(), "templates": plans.TEMPLATES}

    def form_valid(self, form):
        try:
            competition = services.competition_create_from_template(
                festival=self.get_festival(),
                key=form.cleaned_data["template"],
                start=form.cleaned_data["start"],
                by=self.request.user,
            )
        except ValidationError as e:
            add_service_errors(form, e)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(name)s” has been added from the template.") % {"name": competition.name})
        return redirect("competition_detail", competition_id=competition.pk)


class CompetitionDetailView(CompetitionObjectMixin, TemplateView):
    permission_required = "competitions.view_competition"
    competition_prefetch = ("criteria", "award_tiers")
    template_name = "competitions/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        c = self.get_competition()
        now = timezone.now()
        closes = c.closes_for(user.school_class if user.school_class_id else None)
        context.update(
            competition=c,
            festival=c.festival,
            closes=closes,
            extended=closes != c.submission_closes,
            state=c.submission_state(now, closes),
            countdown=phrases.countdown(closes, now),
            rules=phrases.rules_summary(c, closes),
            entry_fields=c.entry_field_specs(),
            award_tiers=list(c.award_tiers.all()),
        )
        return context


class CompetitionEditView(CompetitionObjectMixin, FormView):
    permission_required = "competitions.change_competition"
    competition_prefetch = ("criteria", "award_tiers")
    template_name = "competitions/form.html"
    form_class = CompetitionForm

    def get_form_kwargs(self):
        c = self.get_competition()
        return {**super().get_form_kwargs(), "festival": c.festival, "instance": c}

    def get_context_data(self, **kwargs):
        c = self.get_competition()
        return {**super().get_context_data(**kwargs), "festival": c.festival, "competition": c}

    def form_valid(self, form):
        try:
            services.competition_update(
                competition=self.get_competition(),
                values=form.values(),
                grade_numbers=form.grade_numbers(),
                by=self.request.user,
            )
        except ValidationError as e:
            add_service_errors(form, e)
            return self.form_invalid(form)
        messages.success(self.request, _("The competition has been saved."))
        return redirect("competition_detail", competition_id=self.get_competition().pk)


class CompetitionDuplicateView(CompetitionObjectMixin, View):
    permission_required = "competitions.add_competition"
    http_method_names = ["post"]

    def get_permission_object(self):
        return self.get_competition().festival

    def post(self, request, competition_id: int):
        copy = services.competition_duplicate(competition=self.get_competition(), by=request.user)
        messages.success(request, _("A copy has been made: check its name and code."))
        return redirect("competition_edit", competition_id=copy.pk)


class CompetitionDeleteView(CompetitionObjectMixin, View):
    permission_required = "competitions.delete_competition"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        festival = competition.festival
        try:
            services.competition_delete(competition=competition, by=request.user)
        except ValidationError as e:
            messages.error(request, message_of(e))
            return redirect("competition_detail", competition_id=competition.pk)
        messages.success(request, _("The competition has been deleted."))
        return redirect("festival_detail", festival_slug=festival.slug)


class RubricEditView(CompetitionObjectMixin, TemplateView):
    """Add, reorder and remove criteria; the sum is checked as you type (rubric-editor.js) and on the server."""

    permission_required = "competitions.change_competition"
    competition_prefetch = ("criteria", "award_tiers")
    template_name = "competitions/rubric.html"

    def get_formset(self, data=None) -> RubricFormSet:
        initial = [
            {"name": c.name, "description": c.description, "max_points": c.max_points, "ORDER": i + 1}
            for i, c in enumerate(self.get_competition().criteria.all())
        ]
        return RubricFormSet(data, initial=None if data else initial, prefix="criteria")

    def get(self, request, *args, **kwargs):
        competition = self.get_competition()
        if not competition.is_rubric:
            messages.info(request, _("This competition is scored by measurement: it has no rubric."))
            return redirect("competition_detail", competition_id=competition.pk)
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        formset = self.get_formset(request.POST)
        if formset.is_valid():
            try:
                services.rubric_save(competition=self.get_competition(), criteria=formset.criteria(), by=request.user)
            except ValidationError as e:
                formset._non_form_errors = formset.error_class(e.messages, renderer=formset.renderer)
            else:
                messages.success(request, _("The rubric has been saved."))
                return redirect("competition_detail", competition_id=self.get_competition().pk)
        return self.render_to_response(self.get_context_data(formset=formset), status=400)

    def get_context_data(self, **kwargs):
        c = self.get_competition()
        total = sum(x.max_points for x in c.criteria.all())
        return {**super().get_context_data(**kwargs), "competition": c, "festival": c.festival, "total": total}


class AwardSchemeView(CompetitionObjectMixin, FormView):
    permission_required = "competitions.change_competition"
    competition_prefetch = ("criteria", "award_tiers")
    template_name = "competitions/awards.html"

    def get_form(self, form_class=None):
        return AwardSchemeForm.for_competition(self.get_competition(), self.request.POST or None)

    def get_context_data(self, **kwargs):
        c = self.get_competition()
        context = super().get_context_data(**kwargs)
        context.update(competition=c, festival=c.festival)
        context["capacity"] = entries_possible(
            festival=c.festival,
            grade_numbers=c.grade_numbers,
            entry_mode=c.entry_mode,
            class_quota=c.class_quota,
            grouping=context["form"]["award_grouping"].value() or c.award_grouping,
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.award_scheme_save(
                competition=self.get_competition(),
                grouping=data["award_grouping"],
                basis=data["award_basis"],
                amounts=form.amounts(),
                min_score=data["award_min_score"],
                recommend_count=data["recommend_count"],
                by=self.request.user,
            )
        except ValidationError as e:
            add_service_errors(form, e)
            return self.form_invalid(form)
        messages.success(self.request, _("The award scheme has been saved."))
        return redirect("competition_detail", competition_id=self.get_competition().pk)


class ExtensionsView(CompetitionObjectMixin, FormView):
    permission_required = "competitions.change_competition"
    template_name = "competitions/extensions.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "competition": self.get_competition()}

    def get_form_class(self):
        return ExtensionForm

    def get_context_data(self, **kwargs):
        c = self.get_competition()
        context = super().get_context_data(**kwargs)
        context.update(
            competition=c,
            festival=c.festival,
            extensions=c.extensions.select_related("school_class__grade", "granted_by"),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.extension_grant(
                competition=self.get_competition(),
                school_class=data["school_class"],
                closes_at=data["closes_at"],
                reason=data["reason"],
                by=self.request.user,
            )
        except ValidationError as e:
            add_service_errors(form, e)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(cls)s may now submit until %(when)s.")
            % {
                "cls": data["school_class"].name,
                "when": phrases.when(data["closes_at"]),
            },
        )
        return HttpResponseRedirect(
            reverse("competition_extensions", kwargs={"competition_id": self.get_competition().pk})
        )


class ExtensionRevokeView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "competitions.change_competition"
    http_method_names = ["post"]

    def get_extension(self) -> ClassExtension:
        if not hasattr(self, "_extension"):
            visible = competitions_visible_to(self.request.user)
            self._extension = get_object_or_404(
                ClassExtension.objects.select_related("competition__festival", "school_class__grade").filter(
                    competition__in=visible
                ),
                pk=self.kwargs["pk"],
            )
        return self._extension

    def get_permission_object(self):
        return self.get_extension().competition

    def post(self, request, pk: int):
        extension = self.get_extension()
        competition = extension.competition
        services.extension_revoke(extension=extension, by=request.user)
        messages.success(request, _("The extension has been removed."))
        return redirect("competition_extensions", competition_id=competition.pk)
