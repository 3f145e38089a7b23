"""The demo entries seed_demo makes: this year's in every state with pictures that open, last year's as they
went into judging, and nothing new on a second run.

One seed (scale 1) is shared by the module: it is made once in a transaction that is rolled back at the end,
and each test runs inside it as usual.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.models import AuditLog
from schools.models import Section, User, section_of_grade
from submissions.models import QUOTA_STATES, Attachment, AttachmentRole, Entry, EntryState
from submissions.selectors import with_covers
from tests.competitions.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder / "private"), "base_url": None},
        },
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=folder / "media"), django_db_blocker.unblock():
        with transaction.atomic():
            call_command("seed_demo", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _isolated_files(demo):
    """Replaces the suite's per-test file folder: the pictures of the module's seed stay where it put them."""


def this_year():
    return Entry.objects.filter(festival__year=max(Entry.objects.values_list("festival__year", flat=True)))


def last_year():
    return Entry.objects.filter(festival__year=min(Entry.objects.values_list("festival__year", flat=True)))


def test_this_year_has_entries_in_every_state_a_class_goes_through():
    entries = this_year()

    states = set(entries.values_list("state", flat=True))
    assert {
        EntryState.DRAFT,
        EntryState.SUBMITTED,
        EntryState.WITHDRAWN,
        EntryState.RECOMMENDED,
        EntryState.IN_JUDGING,
    } <= states
    assert entries.filter(state=EntryState.RECOMMENDED, received_at__isnull=False).exists()
    reopened = AuditLog.objects.filter(
        action="entry.reopen", object_id__in=[str(pk) for pk in entries.values_list("pk", flat=True)]
    )
    assert reopened.exists()
    grades = set(entries.values_list("school_class__grade__number", flat=True))
    assert {section_of_grade(number) for number in grades} == set(Section.values)
    assert set(entries.values_list("competition__code", flat=True)) == {"ZZ", "BB", "HH", "LW"}
    assert not entries.filter(state__in=[EntryState.SUBMITTED, EntryState.RECOMMENDED], originality_declared=False)


def test_this_years_class_posters_are_all_in_judging_and_nothing_else_is():
    entries = this_year()
    classes = Entry.objects.values("school_class").distinct().count()

    posters = entries.filter(competition__code="BB")
    assert posters.count() == classes
    assert not posters.exclude(state=EntryState.IN_JUDGING)
    assert not entries.filter(state=EntryState.IN_JUDGING).exclude(competition__code="BB")


def test_the_inventions_closed_with_the_classes_shortlists():
    inventions = this_year().filter(competition__code="ZZ").select_related("competition")
    shortlisted = inventions.filter(state=EntryState.RECOMMENDED)

    assert shortlisted.values("school_class").distinct().count() >= 12
    assert shortlisted.filter(received_at__isnull=False).exists()
    assert inventions.filter(state=EntryState.SUBMITTED).exists()  # submitted, not chosen by the class
    for entry in shortlisted.select_related("school_class"):
        assert entry.recommended_by == entry.school_class.head_teacher


@pytest.mark.parametrize("year", [this_year, last_year])
def test_the_class_poster_is_submitted_by_the_head_teacher(year):
    posters = year().filter(competition__code="BB").select_related("school_class", "created_by")

    assert posters.exists()
    for poster in posters:
        assert (poster.is_class_entry, poster.created_by, poster.advisor) == (
            True,
            poster.school_class.head_teacher,
            poster.school_class.head_teacher,
        )
        assert poster.authors.count() == 0


def test_no_class_goes_beyond_its_quota():
    for festival_entries in (this_year(), last_year()):
        used = (
            festival_entries.filter(state__in=QUOTA_STATES)
            .values("competition__class_quota", "competition", "school_class")
            .annotate(n=Count("pk"))
        )
        assert used
        assert all(row["n"] <= row["competition__class_quota"] for row in used)


def test_every_entry_has_a_drawn_picture_with_a_thumbnail_and_a_teacher_as_advisor():
    entries = Entry.objects.all()
    with_picture = entries.filter(attachments__role=AttachmentRole.RESULT, attachments__kind="image").distinct()

    assert with_picture.count() == entries.count()
    assert not Attachment.objects.filter(thumbnail="")
    assert Attachment.objects.filter(role=AttachmentRole.PROCESS).exists()
    advisors = User.objects.filter(advised_entries__isnull=False).distinct()
    assert advisors.exists()
    assert not advisors.filter(is_teacher=False)


def test_covers_show_the_work_itself_not_the_making_of():
    with_process = Entry.objects.filter(attachments__role=AttachmentRole.PROCESS).prefetch_related("attachments")

    covers = with_covers(with_process)

    assert covers
    assert {entry.cover.role for entry in covers} == {AttachmentRole.RESULT}


def test_the_head_teacher_opens_the_thumbnail_of_a_class_entry(client):
    teacher = User.objects.get(username="t0302")
    entry = this_year().filter(school_class__head_teacher=teacher, competition__code="HH").first()
    attachment = entry.attachments.get(role=AttachmentRole.RESULT)
    client.force_login(teacher)

    response = client.get(reverse("attachment_thumbnail", args=[attachment.pk]))

    assert response.status_code == 200
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert picture.format == "JPEG"
    assert max(picture.size) == 480
    # Drawn, not a blank square: many colours.
    assert len(picture.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50


def test_the_demo_student_finds_this_years_entry_on_my_entries(client):
    student = User.objects.get(username="20240201")
    client.force_login(student)

    page = parse(client.get(reverse("my_entries")).content.decode())

    titles = [a.text() for a in page.select("#my-entries .entry-row h2 a")]
    mine = this_year().filter(authors=student)
    assert mine.exists()
    assert sorted(titles) == sorted(e.title for e in Entry.objects.filter(authors=student))


def test_last_year_every_class_sent_its_poster_and_each_grade_enough_paintings():
    entries = last_year()
    classes = Entry.objects.values("school_class").distinct().count()

    assert not entries.exclude(state__in=[EntryState.AWARDED, EntryState.NOT_AWARDED, EntryState.IN_JUDGING])
    assert entries.filter(competition__code="BB").count() == classes
    paintings = entries.filter(competition__code="HH").values("school_class__grade").annotate(n=Count("pk"))
    assert len(paintings) == 12
    assert all(4 <= row["n"] <= 8 for row in paintings)
    inventions = entries.filter(competition__code="ZZ")
    sections = {Section.PRIMARY: range(1, 7), Section.JUNIOR: range(7, 10), Section.SENIOR: range(10, 13)}
    for grades in sections.values():
        assert inventions.filter(school_class__grade__number__in=grades).count() >= 4
    physical = entries.filter(competition__code__in=["BB", "HH", "ZZ"])
    assert not physical.filter(received_at__isnull=True)
    assert not entries.filter(recommended_by__isnull=True)
    accepted = AuditLog.objects.filter(
        action="entry.accept", object_id__in=[str(pk) for pk in entries.values_list("pk", flat=True)]
    )
    assert accepted.count() == entries.count()


def test_submitted_at_last_year_is_inside_the_competitions_windows():
    for entry in last_year().select_related("competition"):
        competition = entry.competition
        assert competition.submission_opens <= entry.submitted_at < competition.submission_closes
        assert entry.submitted_at <= entry.recommended_at < competition.submission_closes


def test_this_years_entries_were_made_inside_their_windows_before_now():
    entries = this_year().exclude(submitted_at=None).select_related("competition")

    assert entries
    for entry in entries:
        competition = entry.competition
        assert competition.submission_opens <= entry.submitted_at < min(competition.submission_closes, timezone.now())
        if entry.recommended_at:
            assert entry.submitted_at <= entry.recommended_at < min(competition.judging_starts, timezone.now())


def test_running_seed_demo_again_changes_nothing():
    def counts():
        return (
            Entry.objects.count(),
            Attachment.objects.count(),
            AuditLog.objects.count(),
            sorted(Entry.objects.values_list("code", "state")),
        )

    before = counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before
