"""Factories of the submissions app: entries and their attachments, as rows.

An ``EntryFactory`` row has no file, no audit record and no checks: for pages and queries where only the row
matters. A test that needs an entry as the services make it (its code, its picture, its declaration, its
state changes recorded) uses ``draft``, ``ready_entry``, ``submitted_entry`` or ``recommended_entry``, which go
through ``submissions.services`` at the tests' clock ``NOW``.
"""

from __future__ import annotations

import datetime as dt

import factory

from submissions import services
from submissions.models import Attachment, AttachmentRole, Entry, EntryState
from tests import corpus
from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.schools import StudentFactory

# The competition's own fields of an invention (科技创新制作), as a student fills them in.
DETAILS = {"subtype": "invention", "design_idea": "用废旧塑料瓶做自动浇花器，利用虹吸原理。"}


def _prefix(entry) -> str:
    return f"{entry.festival.year}-{entry.competition.code}-"


def _next_number(entry) -> int:
    return Entry.objects.filter(school=entry.festival.school, code__startswith=_prefix(entry)).count() + 1


class EntryFactory(factory.django.DjangoModelFactory):
    """A submitted entry numbered after the competition's last; ``created_by`` is its author unless ``authors``
    are given (``authors=[]`` for none)."""

    class Meta:
        model = Entry
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)
    festival = factory.SelfAttribute("competition.festival")
    school = factory.SelfAttribute("festival.school")
    number = factory.LazyAttribute(_next_number)
    code = factory.LazyAttribute(lambda o: f"{_prefix(o)}{o.number:04d}")
    title = "作品"
    state = EntryState.SUBMITTED
    created_by = factory.SubFactory(StudentFactory)
    school_class = factory.SelfAttribute("created_by.school_class")

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        self.authors.add(*(extracted if extracted is not None else [self.created_by]))


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A picture's row as the lists read it: the file names are set, no file is written."""

    class Meta:
        model = Attachment

    entry = factory.SubFactory(EntryFactory)
    role = AttachmentRole.RESULT
    kind = "image"
    position = factory.Sequence(lambda n: n)
    file = factory.LazyAttribute(lambda o: f"2026/11/{o.entry.pk}-{o.position}.jpg")
    thumbnail = factory.LazyAttribute(lambda o: f"2026/11/{o.entry.pk}-{o.position}-thumb.jpg")
    original_name = factory.LazyAttribute(lambda o: f"作品{o.position}.jpg")
    content_type = "image/jpeg"
    size = 1000
    sha256 = "0" * 64
    width = 64
    height = 48


# --- Entries through the services --------------------------------------------------------------


def made_at(competition) -> dt.datetime:
    """``NOW``, or just after submission opened when it is no longer open at ``NOW`` (judging is)."""
    if competition.submission_state(NOW) == "open":
        return NOW
    return competition.submission_opens + dt.timedelta(minutes=1)


def draft(competition, student, **kw) -> Entry:
    """A draft 自动浇花器 with the invention's details (``entry_create``)."""
    return services.entry_create(
        competition=competition,
        by=student,
        title=kw.pop("title", "自动浇花器"),
        details=DETAILS,
        now=made_at(competition),
        **kw,
    )


def ready_entry(competition, student, **kw) -> Entry:
    """A draft with everything needed to submit it: a picture and the originality declaration."""
    entry = draft(competition, student, **kw)
    services.attachment_add(
        entry=entry, by=student, file=corpus.upload("作品.jpg", corpus.jpeg(size=(64, 48))), now=made_at(competition)
    )
    services.entry_declare_original(entry=entry, by=student, declared=True, now=made_at(competition))
    return entry


def submitted_entry(competition, student, **kw) -> Entry:
    entry = ready_entry(competition, student, **kw)
    return services.entry_submit(entry=entry, by=student, now=made_at(competition))


def recommended_entry(competition, student, head_teacher, **kw) -> Entry:
    """Submitted and put on the class's shortlist by the head teacher."""
    entry = submitted_entry(competition, student, **kw)
    return services.shortlist_add(entry=entry, by=head_teacher, now=made_at(competition))


def accept_entries(competition, students, *, head_teacher, organizer) -> list[Entry]:
    """An entry of each student submitted, shortlisted by the head teacher and accepted for judging, all while
    submission is open (``made_at``): classes choose before judging starts."""
    entries = []
    for student in students:
        entry = submitted_entry(competition, student)
        services.shortlist_add(entry=entry, by=head_teacher, now=made_at(competition))
        entries.append(entry)
    services.entries_accept(entries=entries, by=organizer, now=made_at(competition))
    return entries


def many_entries(competition, author, count: int, *, start: int = 1, state: str = EntryState.IN_JUDGING) -> list[Entry]:
    """``count`` entries of one author as rows, made in one statement (for the tests of pages at scale):
    numbered from ``start``, titled 作品N."""
    prefix = f"{competition.festival.year}-{competition.code}-"
    entries = Entry.objects.bulk_create(
        Entry(
            competition=competition,
            festival=competition.festival,
            school=competition.festival.school,
            number=n,
            code=f"{prefix}{n:04d}",
            title=f"作品{n}",
            state=state,
            created_by=author,
            school_class=author.school_class,
        )
        for n in range(start, start + count)
    )
    Entry.authors.through.objects.bulk_create(Entry.authors.through(entry=e, user=author) for e in entries)
    return entries
