"""Head teachers' class pages: the class dashboard, the shortlist, class entries, hand-in, labels.

Placeholder views: being built (issue 4).
"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


class_dashboard = class_entry_create = shortlist = entry_receive = labels = _todo
