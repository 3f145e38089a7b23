"""Classes and people of the school."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from schools import lockout
from schools.forms import PeopleFilterForm
from schools.selectors import classes_visible_to, people_visible_to, students_of_class


class ClassListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "schools.view_classes"
    template_name = "school/class_list.html"
    context_object_name = "classes"

    def get_queryset(self):
        return classes_visible_to(self.request.user).order_by("grade__number", "number")


class ClassDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "schools.view_schoolclass"
    template_name = "school/class_detail.html"

    def get_permission_object(self):
        if not hasattr(self, "_school_class"):
            self._school_class = get_object_or_404(
                classes_visible_to(self.request.user).model.objects.select_related("grade", "head_teacher"),
                pk=self.kwargs["pk"],
            )
        return self._school_class

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school_class = self.get_permission_object()
        context["school_class"] = school_class
        students = list(students_of_class(school_class))
        locked = lockout.locked_among(students)
        for student in students:
            student.login_locked = student.pk in locked
        context["students"] = students
        return context


class PeopleListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "schools.view_people"
    template_name = "school/people_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = PeopleFilterForm(self.request.GET or None)
        qs = people_visible_to(self.request.user).order_by(
            "-is_organizer",
            "-is_teacher",
            "school_class__grade__number",
            "school_class__number",
            "student_number",
            "username",
        )
        return self.filter_form.filter(qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context
