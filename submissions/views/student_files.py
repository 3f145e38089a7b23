"""Attachments of an entry: upload (one file per request), removal, and the files themselves.

The files live in private storage and are served only here, to people who may see the entry.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from rules.contrib.views import PermissionRequiredMixin

from core.files import serve_private_file
from core.views import message_of
from submissions import services
from submissions.forms import AttachmentUploadForm
from submissions.models import Attachment, Entry
from submissions.selectors import attachment_with_entry, entry_for_action
from submissions.views.mixins import EntryObjectMixin


def wants_json(request) -> bool:
    # The page's script asks for JSON; without script the plain form posts and gets the page back.
    return "application/json" in request.headers.get("Accept", "")


class AttachmentUploadView(EntryObjectMixin, View):
    permission_required = "submissions.change_entry"
    http_method_names = ["post"]
    entry_for = staticmethod(entry_for_action)

    def post(self, request, entry_id: int):
        if not wants_json(request):
            return self._post_without_script(request, entry_id)
        try:
            attachment = self._add(request, request.FILES.get("file"))
        except ValidationError as exc:
            return JsonResponse({"ok": False, "error": message_of(exc)}, status=400)
        html = render_to_string(
            "submissions/_attachment.html", {"attachment": attachment, "removable": True}, request=request
        )
        return JsonResponse({"ok": True, "id": attachment.pk, "role": attachment.role, "html": html}, status=201)

    def _add(self, request, file) -> Attachment:
        form = AttachmentUploadForm(request.POST, {"file": file} if file is not None else {})
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        return services.attachment_add(
            entry=self.get_entry(),
            by=request.user,
            file=form.cleaned_data["file"],
            role=form.cleaned_data["role"],
        )

    def _post_without_script(self, request, entry_id: int):
        # The plain form may carry several files: each is checked and added on its own, like the script does.
        for file in request.FILES.getlist("file") or [None]:
            try:
                attachment = self._add(request, file)
            except ValidationError as exc:
                messages.error(request, message_of(exc))
            else:
                messages.success(request, _("“%(name)s” is added.") % {"name": attachment.original_name})
        return HttpResponseRedirect(reverse("entry_detail", args=[entry_id]))


class AttachmentMixin(LoginRequiredMixin, PermissionRequiredMixin):
    def get_attachment(self) -> Attachment:
        if not hasattr(self, "_attachment"):
            try:
                self._attachment = attachment_with_entry(self.kwargs["pk"])
            except Attachment.DoesNotExist as exc:
                raise Http404 from exc
        return self._attachment

    def get_permission_object(self) -> Entry:
        return self.get_attachment().entry


class AttachmentDeleteView(AttachmentMixin, View):
    permission_required = "submissions.change_entry"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        attachment = self.get_attachment()
        entry_id, name = attachment.entry_id, attachment.original_name
        try:
            services.attachment_remove(attachment=attachment, by=request.user)
        except ValidationError as exc:
            if wants_json(request):
                return JsonResponse({"ok": False, "error": message_of(exc)}, status=400)
            messages.error(request, message_of(exc))
        else:
            if wants_json(request):
                return JsonResponse({"ok": True})
            messages.success(request, _("“%(name)s” is removed.") % {"name": name})
        return HttpResponseRedirect(reverse("entry_detail", args=[entry_id]))


class AttachmentFileView(AttachmentMixin, View):
    """The stored file: photos shown inline, documents downloaded; never cached by shared caches."""

    permission_required = "submissions.view_entry"
    http_method_names = ["get", "head"]
    thumbnail = False

    def get(self, request, pk: int) -> FileResponse:
        attachment = self.get_attachment()
        if self.thumbnail:
            stored, content_type = attachment.thumbnail, "image/jpeg"
            filename, inline = attachment.thumbnail_name, True
        else:
            stored, content_type = attachment.file, attachment.content_type
            filename, inline = attachment.download_name, attachment.is_image
        return serve_private_file(stored, download_name=filename, inline=inline, content_type=content_type)


upload = AttachmentUploadView.as_view()
delete = AttachmentDeleteView.as_view()
file = AttachmentFileView.as_view()
thumbnail = AttachmentFileView.as_view(thumbnail=True)
