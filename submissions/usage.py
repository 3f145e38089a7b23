"""What the competitions app needs to know before changing a competition that has entries."""

from __future__ import annotations

from django.db.models import Count, Q

from competitions.hooks import Usage
from competitions.models import Competition
from submissions.models import QUOTA_STATES, Entry, EntryState


def entries_usage(competition: Competition) -> Usage:
    if competition.pk is None:
        return Usage()
    qs = Entry.objects.filter(competition=competition)
    totals = qs.aggregate(entries=Count("pk"), drafts=Count("pk", filter=Q(state=EntryState.DRAFT)))
    recommended = dict(
        qs.filter(state__in=QUOTA_STATES)
        .values_list("school_class_id")
        .annotate(n=Count("pk"))
        .values_list("school_class_id", "n")
    )
    per_grade = dict(
        qs.values_list("school_class__grade__number")
        .annotate(n=Count("pk"))
        .values_list("school_class__grade__number", "n")
    )
    return Usage(
        entries=totals["entries"],
        drafts=totals["drafts"],
        recommended_per_class=recommended,
        entries_per_grade=per_grade,
    )
