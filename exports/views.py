"""Exports: ask for one, watch its progress (htmx fetches the row again), download it, build a failed one again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from awards import selectors
from awards.selectors import latest_festival_with_results
from competitions.models import Festival
from core.exporters import EXPORTERS
from core.files import serve_private_file
from exports import services
from exports.forms import ExportRequestForm
from exports.models import Export
from exports.selectors import exports_visible_to


def export_names() -> dict[str, str]:
    return {key: cls.verbose_name for key, cls in EXPORTERS.items()}


class ExportListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "exports.view_exports"
    template_name = "exports/list.html"
    context_object_name = "exports"
    paginate_by = 30

    def get_queryset(self):
        return exports_visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        # The sweep, lazily: exports the broker refused start as soon as someone looks and the broker is back.
        services.exports_requeue(school_id=request.user.school_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        offered = latest_festival_with_results(user)
        context["form"] = kwargs.get("form") or ExportRequestForm(user=user, initial={"festival": offered})
        # Where each competition's results stand: the award lists and certificates carry the published ones.
        festival = Festival.objects.filter(pk=offered, school_id=user.school_id).first() if offered else None
        if festival is not None and user.has_perm("awards.manage_awards", festival):
            now = timezone.now()
            context["results_festival"] = festival
            context["results_stages"] = [(c, c.stage(now)) for c in selectors.competitions_taking_part(festival)]
        available = [cls for cls in EXPORTERS.values() if user.has_perm(cls.permission)]
        context["festival_exporters"] = [cls for cls in available if cls.needs_festival]
        context["school_exporters"] = [cls for cls in available if not cls.needs_festival]
        context["available"] = available
        context["names"] = export_names()
        for export in context["exports"]:
            export.can_retry = services.export_can_retry(export)
        return context

    def post(self, request, *args, **kwargs):
        form = ExportRequestForm(request.POST, user=request.user)
        if not form.is_valid():
            self.object_list = self.get_queryset()
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            export = services.export_request(
                kind=form.cleaned_data["kind"], festival=form.cleaned_data.get("festival"), by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            self.object_list = self.get_queryset()
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if export.queue_refused:
            messages.warning(request, services.BROKER_UNAVAILABLE)
        else:
            messages.info(request, _("The export is being built. It appears below when it is ready."))
        return redirect("exports")


class _ExportObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "exports.view_export"

    def get_permission_object(self) -> Export:
        if not hasattr(self, "_export"):
            self._export = get_object_or_404(
                Export.objects.select_related("school", "festival", "requested_by"), pk=self.kwargs["pk"]
            )
        return self._export


class ExportStatusView(_ExportObjectMixin, View):
    """The export's row of the exports page, as it is now: htmx swaps it in while the export is built."""

    def handle_no_permission(self):
        if self.request.headers.get("HX-Request"):
            # Not the login page's redirect: htmx would put the whole login page into the row.
            raise PermissionDenied
        return super().handle_no_permission()

    def get(self, request, pk: int):
        export = self.get_permission_object()
        export.can_retry = services.export_can_retry(export)
        return render(request, "exports/_row.html", {"export": export, "names": export_names()})


class ExportDownloadView(_ExportObjectMixin, View):
    def get(self, request, pk: int):
        export = self.get_permission_object()
        if export.state != Export.State.DONE or not export.file:
            raise Http404(_("This export is not ready."))
        # Names, classes, scores and birth dates of children: kept in no cache, the browser's included.
        return serve_private_file(
            export.file,
            download_name=export.file_name,
            inline=False,
            content_type=EXPORTERS[export.kind].content_type,
            max_age=None,
        )


class ExportRetryView(_ExportObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        try:
            export = services.export_retry(export=self.get_permission_object(), by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            if export.queue_refused:
                messages.warning(request, services.BROKER_UNAVAILABLE)
            else:
                messages.info(request, _("The export is being built again."))
        return redirect("exports")
