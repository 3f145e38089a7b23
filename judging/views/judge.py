"""Judges' pages: the scoring queue, the scoring page, blind attachment files, declared conflicts.

Placeholder views: being built (issue 5).
"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


queue = score_entry = judge_attachment = conflicts = _todo
