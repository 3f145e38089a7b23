"""Roster import pages (花名册导入): upload, the import's page (its progress while a worker imports it, then its
result or the file's problems), past imports, the template and the credentials sheet."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.audit import audit_record
from core.files import serve_private_file
from schools import services
from schools.models import RosterImport
from schools.roster import COUNT_LABELS, RosterInvalid, RowError, credentials_filename, template_workbook

MAX_UPLOAD_MB = 10
ERRORS_SHOWN = services.ROSTER_ERRORS_KEPT
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("An Excel workbook of at most %(max)s MB in the layout of the template.") % {
            "max": MAX_UPLOAD_MB
        }

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB. A whole school's roster is far smaller: is it the right file?")
                % {"max": MAX_UPLOAD_MB}
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Choose an Excel .xlsx file. An .xls or .csv file must first be saved as .xlsx in Excel.")
            )
        # The content is checked by the reader, which knows a real workbook from a renamed file.
        return upload


def _recent_imports(user) -> list[RosterImport]:
    return list(RosterImport.objects.filter(school_id=user.school_id).select_related("uploaded_by")[:20])


@method_decorator(never_cache, name="dispatch")
class RosterImportView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "schools.import_roster"
    template_name = "roster/import.html"
    form_class = RosterUploadForm

    def get(self, request, *args, **kwargs):
        # The sweep, lazily: imports the broker refused start as soon as someone looks and the broker is back.
        services.roster_imports_requeue(school_id=request.user.school_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = _recent_imports(self.request.user)
        context["max_upload_mb"] = MAX_UPLOAD_MB
        return context

    def form_valid(self, form: RosterUploadForm):
        upload = form.cleaned_data["file"]
        try:
            roster_import = services.roster_import_request(
                school=self.request.user.school,
                workbook_file=upload,
                file_name=upload.name,
                by=self.request.user,
                login_url=self.request.build_absolute_uri(reverse("login")),
            )
        except RosterInvalid as invalid:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    errors=invalid.errors[:ERRORS_SHOWN],
                    error_count=len(invalid.errors),
                    errors_hidden=max(0, len(invalid.errors) - ERRORS_SHOWN),
                    file_name=upload.name,
                )
            )
        if roster_import.queue_refused:
            messages.warning(self.request, services.ROSTER_BROKER_UNAVAILABLE)
        else:
            messages.info(self.request, _("The roster is being imported. This page shows how far it is."))
        return redirect("roster_import_detail", pk=roster_import.pk)


class _RosterImportObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "schools.view_rosterimport"

    def get_permission_object(self) -> RosterImport:
        if not hasattr(self, "_roster_import"):
            self._roster_import = get_object_or_404(
                RosterImport.objects.select_related("school", "uploaded_by"), pk=self.kwargs["pk"]
            )
        return self._roster_import


@method_decorator(never_cache, name="dispatch")
class RosterImportDetailView(_RosterImportObjectMixin, TemplateView):
    """The import as it is now. While it is queued or running, htmx asks for this page again every second and
    swaps in its ``#roster-job`` part; a finished or failed import's part has no trigger, so the polling stops."""

    template_name = "roster/result.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roster_import = self.get_permission_object()
        context["roster_import"] = roster_import
        context["counts"] = [(label, roster_import.counts.get(key, 0)) for key, label in COUNT_LABELS]
        context["imports"] = _recent_imports(self.request.user)
        context["can_retry"] = services.roster_import_can_retry(roster_import)
        if roster_import.error_count:
            context["errors"] = [RowError(*error) for error in roster_import.errors]
            context["error_count"] = roster_import.error_count
            context["errors_hidden"] = max(0, roster_import.error_count - len(roster_import.errors))
            context["file_name"] = roster_import.file_name
        return context


class RosterImportRetryView(_RosterImportObjectMixin, View):
    permission_required = "schools.change_rosterimport"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        try:
            roster_import = services.roster_import_retry(roster_import=self.get_permission_object(), by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            if roster_import.queue_refused:
                messages.warning(request, services.ROSTER_BROKER_UNAVAILABLE)
            else:
                messages.info(request, _("The roster is being imported again."))
        return redirect("roster_import_detail", pk=pk)


@method_decorator(never_cache, name="dispatch")
class CredentialsDownloadView(_RosterImportObjectMixin, View):
    """The initial passwords: private storage, only through this view, every download recorded."""

    def get(self, request, pk: int) -> FileResponse:
        roster_import = self.get_permission_object()
        if roster_import.state != RosterImport.State.DONE or not roster_import.credentials:
            raise Http404(_("This import created no accounts, so it has no credentials sheet."))
        audit_record(actor=request.user, action="roster.credentials_download", obj=roster_import)
        return serve_private_file(
            roster_import.credentials,
            download_name=credentials_filename(
                school=roster_import.school, created=timezone.localdate(roster_import.created_at)
            ),
            inline=False,
            content_type=XLSX_TYPE,
            max_age=None,  # initial passwords: never kept in any cache
        )


class RosterTemplateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "schools.import_roster"

    def get(self, request) -> FileResponse:
        school = request.user.school  # the permission makes sure there is one
        filename = _("roster_template_%(school)s.xlsx") % {"school": school.name}
        # FileResponse writes a non-ASCII file name the way every browser understands (RFC 5987).
        return FileResponse(
            io.BytesIO(template_workbook(school=school)), as_attachment=True, filename=filename, content_type=XLSX_TYPE
        )


roster_template = RosterTemplateView.as_view()
credentials_download = CredentialsDownloadView.as_view()
