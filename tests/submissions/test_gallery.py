"""The gallery: who sees which entries, the filter, the lightbox links, pagination and a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import SchoolClass
from submissions.models import Attachment, Entry, EntryState
from tests.factories import OrganizerFactory, StudentFactory
from tests.submissions.conftest import draft, make_competition, submitted_entry
from tests.submissions.pages import attributes, frozen, has_element, text

__all__ = ["frozen"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def shown(response) -> list[str]:
    """The entry codes on the page, in order."""
    if not has_element(response.content, "gallery"):
        return []
    return [a.removeprefix("gallery-entry-") for a in attributes(response.content, "gallery", "figure", "id")]


def codes(*entries: Entry) -> list[str]:
    return [str(e.pk) for e in entries]


def with_state(entry: Entry, state: str) -> Entry:
    Entry.objects.filter(pk=entry.pk).update(state=state)
    entry.refresh_from_db()
    return entry


def photo(entry: Entry, n: int = 0) -> Attachment:
    """An attachment row as the gallery reads it; the gallery never opens the files."""
    return Attachment.objects.create(
        entry=entry,
        kind="image",
        file=f"2026/11/{entry.pk}-{n}.jpg",
        thumbnail=f"2026/11/{entry.pk}-{n}-thumb.jpg",
        original_name=f"作品{n}.jpg",
        content_type="image/jpeg",
        size=1000,
        sha256="0" * 64,
        width=64,
        height=48,
        position=n,
    )


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
    assert text(response.content, "gallery-empty") == "还没有可以展示的作品。"


def test_anonymous_visitor_is_sent_to_log_in(client, entries):
    response = client.get(reverse("gallery"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_gallery_is_filtered_by_competition(client, festival, organizer, student, entries):
    paintings = make_competition(festival, code="HH", name="科幻画", kind="painting", entry_fields=[])
    painting = submitted_entry(paintings, student)
    client.force_login(organizer)

    everything = client.get(reverse("gallery"))
    only_paintings = client.get(reverse("gallery"), {"competition": paintings.pk})

    assert shown(only_paintings) == codes(painting)
    assert text(everything.content, "gallery").startswith("科技创新制作 ")
    assert "科幻画" in text(everything.content, "gallery")


def test_thumbnail_opens_the_picture_in_the_lightbox(client, student, entries):
    cover = entries["mine"].attachments.get()
    client.force_login(student)

    response = client.get(reverse("gallery"))

    links = attributes(response.content, f"gallery-entry-{entries['mine'].pk}", "a", "href")
    assert links[0] == reverse("attachment_file", args=[cover.pk])
    assert attributes(response.content, f"gallery-entry-{entries['mine'].pk}", "img", "src") == [
        reverse("attachment_thumbnail", args=[cover.pk])
    ]
    assert has_element(response.content, "lightbox")
    assert 'src="/static/js/gallery.js"' in response.content.decode()


def test_cover_is_a_photo_of_the_work_before_process_photos(client, competition, student):
    entry = draft(competition, student)
    process = photo(entry, 0)
    Attachment.objects.filter(pk=process.pk).update(role="process")
    result = photo(entry, 1)
    client.force_login(student)

    response = client.get(reverse("gallery"))

    assert attributes(response.content, f"gallery-entry-{entry.pk}", "img", "src") == [
        reverse("attachment_thumbnail", args=[result.pk])
    ]


def test_gallery_is_paginated(client, festival, organizer, school_class):
    competition = make_competition(festival, entries_per_student=1)
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
    competition = make_competition(festival, code=tag, entries_per_student=1)
    for _n in range(size):
        student = StudentFactory(school_class=school_class)
        entry = with_state(draft(competition, student), EntryState.SUBMITTED)
        photo(entry, 0)
        photo(entry, 1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("gallery"), {"competition": competition.pk})
    assert len(shown(response)) == size
    return len(queries)


def test_gallery_needs_the_same_number_of_queries_for_2_or_12_entries(client, festival, organizer, school_class):
    client.force_login(organizer)

    small = _gallery_queries(client, festival, school_class, 2, "AA")
    large = _gallery_queries(client, festival, school_class, 12, "BB")

    assert small == large
