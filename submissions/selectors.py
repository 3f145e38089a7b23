"""Which entries a user may see, and the reads the entry pages share."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from festival.models import User
from submissions.models import Attachment, Entry


def _with_related(qs: QuerySet[Entry]) -> QuerySet[Entry]:
    return qs.select_related(
        "competition", "festival", "school_class__grade", "advisor", "received_by", "created_by"
    ).prefetch_related(
        "authors",
        Prefetch("attachments", queryset=Attachment.objects.order_by("role", "position", "id")),
    )


def entries_visible_to(user: User) -> QuerySet[Entry]:
    """Students: their own; teachers: their classes' and the ones they advise; organizers: the school's."""
    qs = Entry.objects.all()
    if not user.is_authenticated or not user.school_id:
        return qs.none()
    if user.is_organizer:
        return _with_related(qs.filter(festival__school_id=user.school_id))
    condition = Q(pk__in=[])
    if user.is_student:
        condition |= Q(authors=user)
    if user.is_teacher:
        condition |= Q(school_class__head_teacher=user) | Q(advisor=user)
    ids = Entry.objects.filter(condition).values("pk")
    return _with_related(qs.filter(pk__in=ids))
