"""Which entries a user may see, and the reads the entry pages share."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from festival.models import User
from submissions.models import Attachment, Entry, EntryState


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


def entry_for_page(pk: int) -> Entry:
    """One entry with everything its page and the permission check read; the caller checks the permission."""
    qs = _with_related(Entry.objects.all()).prefetch_related("competition__extensions", "competition__eligible_grades")
    return qs.get(pk=pk)


def attachment_with_entry(pk: int) -> Attachment:
    """One attachment with what the permission check on its entry reads."""
    return (
        Attachment.objects.select_related("entry__festival", "entry__school_class", "entry__competition")
        .prefetch_related("entry__authors")
        .get(pk=pk)
    )


def gallery_entries(user: User, *, competition_id: int | None = None) -> QuerySet[Entry]:
    """What the gallery shows: the entries the user may see, without withdrawn ones; drafts only their own."""
    qs = entries_visible_to(user).exclude(state=EntryState.WITHDRAWN)
    own = Entry.objects.filter(authors=user).values("pk") if user.is_authenticated else Entry.objects.none()
    qs = qs.filter(~Q(state=EntryState.DRAFT) | Q(pk__in=own))
    if competition_id is not None:
        qs = qs.filter(competition_id=competition_id)
    return qs.order_by("competition__position", "competition_id", "code")
