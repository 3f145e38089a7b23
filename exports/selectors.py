from __future__ import annotations

from django.db.models import QuerySet

from exports.models import Export
from schools.models import User


def exports_visible_to(user: User) -> QuerySet[Export]:
    """Organizers see every export of their school; teachers the ones they asked for."""
    if not user.is_authenticated:
        return Export.objects.none()
    qs = Export.objects.select_related("requested_by", "festival")
    if user.is_organizer:
        return qs.filter(school_id=user.school_id)
    return qs.filter(requested_by=user)
