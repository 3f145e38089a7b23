"""The home page: one section per role the person holds."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import TemplateView

from awards.blockers import festival_blockers
from competitions.selectors import current_festival_for
from schools.models import Grade, User
from schools.selectors import classes_visible_to


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user: User = self.request.user
        self._current_festival(context)
        if user.is_student and user.school_class_id:
            context["my_class"] = (
                type(user.school_class).objects.select_related("grade", "head_teacher").get(pk=user.school_class_id)
            )
        if user.is_teacher:
            context["my_classes"] = list(classes_visible_to(user).filter(head_teacher=user))
        if user.is_organizer and user.school_id:
            context["school"] = user.school
            context["grades"] = self._grade_overview(user)
            context["people_counts"] = User.objects.filter(school_id=user.school_id, is_active=True).aggregate(
                students=Count("pk", filter=Q(is_student=True)),
                teachers=Count("pk", filter=Q(is_teacher=True)),
                judges=Count("pk", filter=Q(is_judge=True)),
                organizers=Count("pk", filter=Q(is_organizer=True)),
            )
            festival = self._current_festival(context)
            if festival is not None and user.has_perm("awards.manage_awards", festival):
                context["blockers_festival"] = festival
                context["blockers"] = festival_blockers(festival)
                # All the festival's competitions, which an organizer sees: the festival card's deadlines need no
                # other read of them.
                context["festival_competitions"] = [row.competition for row in context["blockers"]]
        return context

    def _current_festival(self, context: dict):
        """The current festival, read once: the festival card (``{% current_festival %}``) takes it from the
        context rather than reading it again."""
        if "current_festival" not in context:
            context["current_festival"] = current_festival_for(self.request.user, timezone.localdate())
        return context["current_festival"]

    def _grade_overview(self, user: User) -> list[dict]:
        grades = (
            Grade.objects.filter(school_id=user.school_id)
            .annotate(
                class_count=Count("classes", distinct=True),
                student_count=Count("classes__students", filter=Q(classes__students__is_active=True), distinct=True),
            )
            .order_by("number")
        )
        rows = [{"grade": g, "classes": g.class_count, "students": g.student_count} for g in grades]
        most = max((r["students"] for r in rows), default=0) or 1
        for r in rows:
            r["percent"] = round(100 * r["students"] / most)
        return rows
