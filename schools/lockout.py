"""How long a failed login locks one name from one address (django-axes' ``AXES_COOLOFF_TIME``), and the unlock.

A whole class logs in from one school address, so a classmate typing wrong passwords on purpose must not shut a
pupil out for long: the first lock lasts a minute, each further one within a day twice as long, up to 15 minutes.
Guessing stays infeasible (at most 5 tries per 15 minutes after the first hour, against 8 characters from 31).
"""

from __future__ import annotations

import datetime as dt

from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

FIRST = dt.timedelta(minutes=1)
LONGEST = dt.timedelta(minutes=15)
MEMORY = dt.timedelta(days=1)  # failures older than this no longer lengthen a lock


def cool_off(request: HttpRequest | None) -> dt.timedelta:
    """The lock for the name and address of this request: 1, 2, 4, 8, then 15 minutes for the 1st, 2nd, 3rd …
    time 5 failures piled up in the last day. Without a request (axes cleaning old rows) the longest."""
    username = get_client_username(request) if request is not None else None
    ip_address = getattr(request, "axes_ip_address", None)
    if not username or not ip_address:
        return LONGEST
    failures = AccessFailureLog.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gte=timezone.now() - MEMORY
    ).count()
    locks = max(1, failures // settings.AXES_FAILURE_LIMIT)
    return min(FIRST * 2 ** min(locks - 1, 10), LONGEST)


def login_names(user) -> list[str]:
    """What a person may type at login: the username and, for a student, the student number."""
    return [name for name in {user.username, user.student_number or ""} if name]


def locked_among(users) -> set[int]:
    """The ids of those whose login some address failed often enough lately to lock (one query)."""
    by_name = {name: user.pk for user in users for name in login_names(user)}
    names = AccessAttempt.objects.filter(
        username__in=list(by_name),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - LONGEST,
    ).values_list("username", flat=True)
    return {by_name[name] for name in names}


def unlock(user) -> int:
    """Forget the failures of every address for this person's login names; the next lock starts at a minute."""
    names = login_names(user)
    removed, _ = AccessAttempt.objects.filter(username__in=names).delete()
    AccessFailureLog.objects.filter(username__in=names, attempt_time__gte=timezone.now() - MEMORY).delete()
    return removed
