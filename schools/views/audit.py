"""Organizers read the audit log, filtered by person, object or action."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from core.audit import action_name
from core.models import AuditLog
from core.paging import other_params
from schools.forms import AuditFilterForm
from schools.models import User

# How ``core.audit`` stores a date and time it was given (``str(datetime)``, or ISO from older records).
_STORED_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


def shown_value(value: Any, field: models.Field | None = None) -> Any:
    """A recorded value as the reader wants it: a choice by its label, yes or no, a stored moment in the school's
    time (the active time zone)."""
    if field is not None and field.choices and isinstance(value, (str, int)):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if not isinstance(value, str) or not _STORED_MOMENT.match(value):
        return value
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")


def shown_changes(record: AuditLog) -> list[tuple[str, Any, Any]]:
    """(field, before, after) of a record: a field of the changed object by its verbose name, others as recorded."""
    model = record.content_type.model_class() if record.content_type_id else None
    rows = []
    for name, change in record.changes.items():
        if not isinstance(change, dict):
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = field.verbose_name if isinstance(field, models.Field) else name
        field = field if isinstance(field, models.Field) else None
        rows.append((label, shown_value(change.get("before"), field), shown_value(change.get("after"), field)))
    return rows


class AuditLogView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "schools.view_auditlog"
    template_name = "audit/list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.filter_form = AuditFilterForm(self.request.GET or None)
        self.actor = None
        # Organizers see what people of their own school did, and what was done to them.
        qs = AuditLog.objects.select_related("content_type").filter(actor__school_id=user.school_id)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            person = data["person"].strip()
            if person:
                qs = qs.filter(
                    Q(actor__real_name__icontains=person)
                    | Q(actor__username__icontains=person)
                    | Q(actor__student_number__icontains=person)
                )
            if data["actor"]:
                self.actor = User.objects.filter(school_id=user.school_id, pk=data["actor"]).first()
                qs = qs.filter(actor=self.actor)
            if data["object_type"] and data["object_id"]:
                app_label, _, model = data["object_type"].partition(".")
                ct = ContentType.objects.filter(app_label=app_label, model=model).first()
                qs = qs.filter(content_type=ct, object_id=data["object_id"])
            if data["action"]:
                qs = qs.filter(action=data["action"])
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for record in context["records"]:
            record.action_name = action_name(record.action)
            record.shown_changes = shown_changes(record)
        context["filter_form"] = self.filter_form
        context["actor"] = self.actor
        context["query_string"] = other_params(self.request).urlencode()
        context["query_without_actor"] = other_params(self.request, "actor").urlencode()
        return context
