"""Which entries a user may see, and the reads the entry pages share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from competitions.kinds import PHYSICAL_KINDS
from competitions.models import Competition, EntryMode, Festival
from competitions.selectors import competitions_visible_to
from core.models import AuditLog
from schools.models import SchoolClass, User
from schools.selectors import classes_visible_to, students_of_class
from submissions.models import QUOTA_STATES, Attachment, AttachmentRole, Entry, EntryState

# An entry in one of these states is not (or no longer) taking part.
NOT_ENTERED_STATES = (EntryState.DRAFT, EntryState.WITHDRAWN)


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


# --- Head teachers' and organizers' pages ----------------------------------------------------------


def with_covers(entries: Iterable[Entry]) -> list[Entry]:
    """Give each entry a ``cover``: its first picture of the work itself, else its first attachment with a
    thumbnail (a making-of photo); uses the prefetched attachments."""
    entries = list(entries)
    for entry in entries:
        pictures = [a for a in entry.attachments.all() if a.thumbnail]
        entry.cover = next((a for a in pictures if a.role == AttachmentRole.RESULT), pictures[0] if pictures else None)
    return entries


def competitions_for_class(user: User, school_class: SchoolClass) -> QuerySet[Competition]:
    """Competitions of festivals still running that the class's grade may enter."""
    return (
        competitions_visible_to(user)
        .filter(festival__school_id=school_class.grade.school_id, eligible_grades=school_class.grade_id)
        .exclude(festival__status=Festival.Status.FINISHED)
        .order_by("festival_id", "position", "id")
    )


@dataclass
class StudentRow:
    student: User
    entries: list[Entry]

    @property
    def has_entered(self) -> bool:
        return any(e.state not in NOT_ENTERED_STATES for e in self.entries)


@dataclass
class ClassDashboard:
    competition: Competition
    school_class: SchoolClass
    entries: list[Entry]
    rows: list[StudentRow]
    other_entries: list[Entry]  # by students no longer in the class, and the class entry
    quota: int

    @property
    def shortlist(self) -> list[Entry]:
        return [e for e in self.entries if e.state in QUOTA_STATES]

    @property
    def used(self) -> int:
        return len(self.shortlist)

    @property
    def left(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def full(self) -> bool:
        return self.used >= self.quota

    @property
    def entered(self) -> int:
        return sum(1 for row in self.rows if row.has_entered)

    @property
    def class_entry(self) -> Entry | None:
        return next((e for e in self.entries if e.is_class_entry), None)


def class_dashboard(*, user: User, competition: Competition, school_class: SchoolClass) -> ClassDashboard:
    """Every student of the class with their entries of one competition, and the class's shortlist.

    A fixed number of queries whatever the size of the class: students, entries, authors, attachments.
    """
    entries = with_covers(
        entries_visible_to(user).filter(competition=competition, school_class=school_class).order_by("number")
    )
    students = list(students_of_class(school_class))
    by_student: dict[int, list[Entry]] = {s.pk: [] for s in students}
    others = []
    for entry in entries:
        placed = False
        for author in entry.authors.all():
            if author.pk in by_student:
                by_student[author.pk].append(entry)
                placed = True
        if not placed:
            others.append(entry)
    return ClassDashboard(
        competition=competition,
        school_class=school_class,
        entries=entries,
        rows=[StudentRow(s, by_student[s.pk]) for s in students],
        other_entries=others,
        quota=1 if competition.entry_mode == EntryMode.CLASS else competition.class_quota,
    )


def entries_for_labels(
    user: User,
    *,
    festival: Festival | None,
    competition: Competition | None = None,
    school_class: SchoolClass | None = None,
    physical_only: bool = True,
) -> QuerySet[Entry]:
    """Entries of the festival whose labels the user may print: head teachers their classes', organizers the
    school's. Without a festival (the school has none the user may see), none."""
    if festival is None:
        return Entry.objects.none()
    qs = entries_visible_to(user).filter(festival=festival).exclude(state__in=NOT_ENTERED_STATES)
    if not user.is_organizer:
        qs = qs.filter(school_class__in=classes_visible_to(user).values("pk"))
    if competition is not None:
        qs = qs.filter(competition=competition)
    if school_class is not None:
        qs = qs.filter(school_class=school_class)
    if physical_only:
        qs = qs.filter(competition__kind__in=list(PHYSICAL_KINDS))
    # A label shows no attachment: only the authors are prefetched.
    return (
        qs.prefetch_related(None)
        .prefetch_related("authors")
        .order_by("school_class__grade__number", "school_class__number", "competition__position", "number")
    )


def entries_for_organizer(user: User) -> QuerySet[Entry]:
    """The organizers' list of all entries of their school, newest festival first: only the columns its rows
    show (the template reads no other field), the authors' names, and ``cover_pk``, the attachment its thumbnail
    shows (see ``cover_subquery``), as ``cover_pk``."""
    if not user.is_authenticated or not user.is_organizer or not user.school_id:
        return Entry.objects.none()
    return (
        Entry.objects.filter(festival__school_id=user.school_id)
        .select_related("competition", "festival", "school_class__grade", "received_by")
        .only(*ORGANIZER_LIST_FIELDS)
        .prefetch_related(Prefetch("authors", queryset=User.objects.only("id", "real_name", "username")))
        .annotate(cover_pk=cover_subquery())
        .order_by("-festival__year", "competition__position", "competition_id", "number")
    )


ORGANIZER_LIST_FIELDS = (
    "id",
    "code",
    "title",
    "state",
    "is_class_entry",
    "received_at",
    "competition__name",
    "festival__name",
    "school_class__number",
    "school_class__grade__number",
    "received_by__real_name",
    "received_by__username",
)


def cover_subquery() -> Subquery:
    """The pk of an entry's cover as ``with_covers`` chooses it, in the query: its first picture of the work
    itself, else its first attachment with a thumbnail."""
    pictures = Attachment.objects.filter(entry=OuterRef("pk")).exclude(thumbnail="")
    first = Case(When(role=AttachmentRole.RESULT, then=Value(0)), default=Value(1))
    return Subquery(pictures.order_by(first, "role", "position", "id").values("pk")[:1])


def entry_for_page(pk: int) -> Entry:
    """One entry with everything its page and the permission check read; the caller checks the permission."""
    qs = _with_related(Entry.objects.all()).prefetch_related("competition__extensions", "competition__eligible_grades")
    return qs.get(pk=pk)


def entry_for_action(pk: int) -> Entry:
    """One entry with what the permission check and a service's first checks read (authors, class, deadline
    extensions): for the views that only post to a service, which locks and reads the entry again itself."""
    return (
        Entry.objects.select_related("competition__festival", "festival", "school_class__grade")
        .prefetch_related("authors", "competition__extensions")
        .get(pk=pk)
    )


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


def changes_by_others(entry: Entry) -> list[AuditLog]:
    """The changes of the entry's content made by someone other than its authors (the head teacher, the
    organizers), newest first, with who, when and why: its authors read them on the entry page."""
    authors = [a.pk for a in entry.authors.all()]
    if not authors:  # a class entry: the head teacher is its author
        return []
    return list(
        AuditLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Entry), object_id=str(entry.pk), action="entry.update"
        )
        .exclude(actor_id__in=authors)
        .order_by("-at", "-pk")[:5]
    )
