"""Organizers' and head judges' pages: panels, invited experts, assignment and coverage, progress and
nudges, results (compute, adjust, lock), collective and special awards, publication.

Placeholder views: being built (issue 5).
"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


judging_home = panel = experts = assignments = progress = nudge = results = result_adjust = _todo
collective = special_awards = publish = _todo
