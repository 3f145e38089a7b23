"""Students' entry pages, the entry page everyone shares, attachment files and the gallery.

Placeholder views: the entry pages are being built (issue 4).
"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


my_entries = entry_create = entry_detail = entry_edit = entry_action = _todo
attachment_upload = attachment_delete = attachment_file = attachment_thumbnail = gallery = _todo
