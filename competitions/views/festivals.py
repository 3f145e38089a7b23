"""Festival pages: organizers create and edit festivals; everyone of the school reads the festival home."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competitions import phrases, plans, services
from competitions.forms import FestivalCreateForm, FestivalEditForm
from competitions.models import Festival
from competitions.selectors import competitions_of_festival, deadlines_for, festivals_visible_to
from competitions.timeline import competition_timeline
from competitions.views.mixins import FestivalObjectMixin
from core.views import add_service_errors


def timeline(festival: Festival, today: dt.date) -> list[dict]:
    rows = []
    for phase in sorted(festival.phases.all(), key=lambda p: p.position):
        state = "past" if phase.ends_on < today else "current" if phase.starts_on <= today else "future"
        rows.append({"phase": phase, "state": state})
    return rows


class FestivalListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "competitions.list_festivals"
    template_name = "festivals/list.html"
    context_object_name = "festivals"

    def get_queryset(self):
        return festivals_visible_to(self.request.user).annotate(competition_count=Count("competitions"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [
            {"festival": f, "phase": f.phase_on(today), "starts_on": f.starts_on, "ends_on": f.ends_on}
            for f in context["festivals"]
        ]
        return context


class FestivalCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "competitions.add_festival"
    template_name = "festivals/form.html"
    form_class = FestivalCreateForm

    def get_initial(self):
        today = timezone.localdate()
        existing = Festival.objects.filter(school_id=self.request.user.school_id).count()
        return {
            "year": today.year,
            "slug": str(today.year),
            "start": today,
            "theme": "体验生活，健康成长",
            "name": _("Science festival no. %(n)s") % {"n": existing + 1},
        }

    def form_valid(self, form):
        data = form.cleaned_data
        create = (
            services.festival_create_from_plan
            if data["setup"] == FestivalCreateForm.FROM_PLAN
            else services.festival_create
        )
        try:
            festival = create(
                school=self.request.user.school,
                name=data["name"],
                year=data["year"],
                slug=data["slug"],
                theme=data["theme"],
                start=data["start"],
                by=self.request.user,
            )
        except ValidationError as e:
            add_service_errors(form, e)
            return self.form_invalid(form)
        messages.success(self.request, _("The festival has been created. Check the dates, then publish it."))
        return redirect("festival_detail", festival_slug=festival.slug)


class FestivalDetailView(FestivalObjectMixin, TemplateView):
    """The festival home: theme, phases with today marked, competitions open to me with countdowns."""

    permission_required = "competitions.view_festival"
    template_name = "festivals/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        festival = self.get_festival()
        now = timezone.now()
        today = timezone.localdate(now)
        competitions = list(competitions_of_festival(festival, user))
        school_class = user.school_class if user.school_class_id else None
        # The organizers see the lock before the results are published; everyone else the stage of the dates.
        see_lock = user.has_perm("competitions.change_festival", festival)
        cards = []
        for c in competitions:
            closes = c.closes_for(school_class)
            cards.append(
                {
                    "competition": c,
                    "closes": closes,
                    "extended": closes != c.submission_closes,
                    "state": c.submission_state(now, closes),
                    "countdown": phrases.countdown(closes, now),
                    "rules": phrases.rules_summary(c, closes),
                    "steps": competition_timeline(c, now, see_lock=see_lock, closes=closes),
                }
            )
        deadlines = deadlines_for(user, competitions, now)
        context.update(
            festival=festival,
            timeline=timeline(festival, today),
            today=today,
            current_phase=festival.phase_on(today),
            cards=cards,
            next_deadline=deadlines[0] if deadlines else None,
            next_countdown=phrases.countdown(deadlines[0].closes, now) if deadlines else "",
            templates=plans.TEMPLATES,
        )
        return context


class FestivalEditView(FestivalObjectMixin, FormView):
    permission_required = "competitions.change_festival"
    template_name = "festivals/edit.html"
    form_class = FestivalEditForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "festival": self.get_festival()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "festival": self.get_festival()}

    def form_valid(self, form):
        festival = self.get_festival()
        try:
            services.festival_update(festival=festival, values=form.festival_values(), by=self.request.user)
            services.phases_update(festival=festival, dates=form.phase_dates(), by=self.request.user)
        except ValidationError as e:
            add_service_errors(form, e)
            return self.form_invalid(form)
        messages.success(self.request, _("The festival has been saved."))
        return redirect("festival_detail", festival_slug=festival.slug)
