"""The gallery: who sees which entries, the filter, the lightbox links, pagination and a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import SchoolClass
from submissions.models import Entry, EntryState
from tests.factories.competitions import CompetitionFactory
from tests.factories.schools import OrganizerFactory, StudentFactory
from tests.factories.submissions import AttachmentFactory, draft, submitted_entry
from tests.html import attrs, has, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def shown(response) -> list[str]:
    """The entry codes on the page, in order."""
    if not has(response, "#gallery"):
        return []
    return [a.removeprefix("gallery-entry-") for a in attrs(response, "#gallery figure", "id")]


def codes(*entries: Entry) -> list[str]:
    return [str(e.pk) for e in entries]


def with_state(entry: Entry, state: str) -> Entry:
    Entry.objects.filter(pk=entry.pk).update(state=state)
    entry.refresh_from_db()
    return entry


@pytest.fixture
def other_class_student(other_teacher):
    return StudentFactory(school_class=SchoolClass.objects.get(head_teacher=other_teacher), real_name="别班学生")


@pytest.fixture
def entries(competition, student, classmate, other_class_student):
    return {
        "mine": submitted_entry(competition, student),
        "my_draft": draft(competition, student, title="我的草稿"),
        "classmate": submitted_entry(competition, classmate),
        "classmate_draft": draft(competition, classmate, title="同学的草稿"),
        "withdrawn": with_state(draft(competition, other_class_student, title="撤回的"), EntryState.WITHDRAWN),
        "other_class": submitted_entry(competition, other_class_student),
    }


def test_student_sees_only_their_own_entries_drafts_included(client, student, entries):
    client.force_login(student)

    response = client.get(reverse("gallery"))

    assert shown(response) == codes(entries["mine"], entries["my_draft"])


def test_head_teacher_sees_the_classs_entries_but_not_their_drafts(client, head_teacher, entries):
    client.force_login(head_teacher)

    response = client.get(reverse("gallery"))

    assert shown(response) == codes(entries["mine"], entries["classmate"])


def test_organizer_sees_every_entry_of_the_school_but_no_drafts(client, organizer, entries):
    client.force_login(organizer)

    response = client.get(reverse("gallery"))

    assert shown(response) == codes(entries["mine"], entries["classmate"], entries["other_class"])


def test_organizer_of_another_school_sees_nothing(client, other_school, entries):
    client.force_login(OrganizerFactory(school=other_school))

    response = client.get(reverse("gallery"))

    assert shown(response) == []
    assert text_of(response, "#gallery-empty") == "还没有可以展示的作品。"


def test_anonymous_visitor_is_sent_to_log_in(client, entries):
    response = client.get(reverse("gallery"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_gallery_is_filtered_by_competition(client, festival, organizer, student, entries):
    paintings = CompetitionFactory(
        festival=festival, invention=True, code="HH", name="科幻画", kind="painting", entry_fields=[]
    )
    painting = submitted_entry(paintings, student)
    client.force_login(organizer)

    everything = client.get(reverse("gallery"))
    only_paintings = client.get(reverse("gallery"), {"competition": paintings.pk})

    assert shown(only_paintings) == codes(painting)
    assert text_of(everything, "#gallery").startswith("科技创新制作 ")
    assert "科幻画" in text_of(everything, "#gallery")


def test_thumbnail_opens_the_picture_in_the_lightbox(client, student, entries):
    cover = entries["mine"].attachments.get()
    client.force_login(student)

    response = client.get(reverse("gallery"))

    links = attrs(response, f"#gallery-entry-{entries['mine'].pk} a", "href")
    assert links[0] == reverse("attachment_file", args=[cover.pk])
    assert attrs(response, f"#gallery-entry-{entries['mine'].pk} img", "src") == [
        reverse("attachment_thumbnail", args=[cover.pk])
    ]
    assert has(response, "#lightbox")
    assert "/static/js/gallery.js" in attrs(response, "script", "src")


def test_cover_is_a_photo_of_the_work_before_process_photos(client, competition, student):
    entry = draft(competition, student)
    AttachmentFactory(entry=entry, position=0, role="process")
    result = AttachmentFactory(entry=entry, position=1)
    client.force_login(student)

    response = client.get(reverse("gallery"))

    assert attrs(response, f"#gallery-entry-{entry.pk} img", "src") == [
        reverse("attachment_thumbnail", args=[result.pk])
    ]


def test_gallery_is_paginated(client, festival, organizer, school_class):
    competition = CompetitionFactory(festival=festival, invention=True, entries_per_student=1)
    made = []
    for n in range(25):
        student = StudentFactory(school_class=school_class)
        made.append(with_state(draft(competition, student, title=f"作品{n}"), EntryState.SUBMITTED))
    client.force_login(organizer)

    first = client.get(reverse("gallery"))
    second = client.get(reverse("gallery"), {"page": 2})

    assert shown(first) == codes(*made[:24])
    assert shown(second) == codes(made[24])


def _gallery_queries(client, festival, school_class, size: int, tag: str) -> int:
    competition = CompetitionFactory(festival=festival, invention=True, code=tag, entries_per_student=1)
    for _n in range(size):
        student = StudentFactory(school_class=school_class)
        entry = with_state(draft(competition, student), EntryState.SUBMITTED)
        AttachmentFactory(entry=entry, position=0)  # the gallery reads the rows, never the files
        AttachmentFactory(entry=entry, position=1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("gallery"), {"competition": competition.pk})
    assert len(shown(response)) == size
    return len(queries)


def test_gallery_needs_the_same_number_of_queries_for_2_or_12_entries(client, festival, organizer, school_class):
    client.force_login(organizer)

    small = _gallery_queries(client, festival, school_class, 2, "AA")
    large = _gallery_queries(client, festival, school_class, 12, "BB")

    assert small == large
