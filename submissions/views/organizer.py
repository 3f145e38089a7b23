"""Organizers' list of all entries with filters, search and bulk acceptance into judging.

Placeholder view: being built (issue 4).
"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


all_entries = _todo
