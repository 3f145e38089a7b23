"""Organizers read the audit log, filtered by person, object or action."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from core.models import AuditLog
from schools.forms import AuditFilterForm
from schools.models import User


class AuditLogView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "schools.view_auditlog"
    template_name = "audit/list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        school_people = User.objects.filter(school_id=user.school_id)
        self.filter_form = AuditFilterForm(self.request.GET or None, actors=school_people.order_by("real_name"))
        # Organizers see what people of their own school did, and what was done to them.
        qs = AuditLog.objects.select_related("content_type").filter(actor__school_id=user.school_id)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["actor"]:
                qs = qs.filter(actor=data["actor"])
            if data["object_type"] and data["object_id"]:
                app_label, _, model = data["object_type"].partition(".")
                ct = ContentType.objects.filter(app_label=app_label, model=model).first()
                qs = qs.filter(content_type=ct, object_id=data["object_id"])
            if data["action"]:
                qs = qs.filter(action__startswith=data["action"])
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context
