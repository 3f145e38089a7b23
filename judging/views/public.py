"""After publication: students' and teachers' results, the honour roll (光荣榜), objections (异议).

Placeholder views: being built (issue 5).
"""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


my_results = honour_roll = objection_raise = objections = objection_answer = _todo
