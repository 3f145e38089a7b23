"""Helpers of the teachers' and organizers' page tests: competitions open now, and entries made through services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from competitions.models import Competition, EntryMode, Festival
from submissions import services
from tests.submissions.conftest import NOW, make_competition, submitted_entry


def open_competition(festival: Festival, **fields) -> Competition:
    """A competition whose window holds both the tests' NOW (for the service helpers) and the real now (views)."""
    real_now = timezone.now()
    opens = min(NOW, real_now) - dt.timedelta(days=30)
    closes = max(NOW, real_now) + dt.timedelta(days=30)
    values = {
        "submission_opens": opens,
        "submission_closes": closes,
        "judging_opens": closes + dt.timedelta(days=1),
        "judging_closes": closes + dt.timedelta(days=10),
        **fields,
    }
    return make_competition(festival, **values)


def class_competition(festival: Festival, **fields) -> Competition:
    return open_competition(
        festival,
        code="BB",
        name="科普板报",
        kind="poster",
        entry_fields=["poster_topic"],
        entry_mode=EntryMode.CLASS,
        class_quota=1,
        **fields,
    )


def recommended_entry(competition, student, head_teacher, **kw):
    entry = submitted_entry(competition, student, **kw)
    return services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
