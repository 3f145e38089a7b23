"""Organizers' list of all entries: who sees it, filters and search, paging, queries, bulk acceptance."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competitions.models import Festival
from core.models import AuditLog
from submissions.models import AttachmentRole, Entry, EntryState
from submissions.selectors import entries_visible_to, with_covers
from tests.factories.competitions import CompetitionFactory, FestivalFactory
from tests.factories.schools import OrganizerFactory, SchoolClassFactory, StudentFactory, TeacherFactory
from tests.factories.submissions import (
    AttachmentFactory,
    EntryFactory,
    many_entries,
    recommended_entry,
    submitted_entry,
)
from tests.html import attrs, flashes, page, text

LIST_URL = reverse("all_entries")
ACCEPT_URL = reverse("accept_entries")


def codes(response) -> list[str]:
    return [e.code for e in response.context["entries"]]


# --- Who sees it ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["student", "head_teacher"])
def test_students_and_teachers_may_not_open_the_list(client, who, student, head_teacher):
    client.force_login({"student": student, "head_teacher": head_teacher}[who])

    assert client.get(LIST_URL).status_code == 403


def test_organizer_sees_the_entries_of_their_school_only(client, organizer, other_school, live, student):
    mine = EntryFactory(competition=live, created_by=student)
    other_festival = FestivalFactory(
        school=other_school, name="青山科技节", slug="qs", theme="", status=Festival.Status.DRAFT, phases=False
    )
    other_class = SchoolClassFactory(grade__school=other_school, grade__number=3, number=1)
    EntryFactory(
        competition=CompetitionFactory(festival=other_festival, invention=True),
        created_by=StudentFactory(school_class=other_class),
    )
    client.force_login(organizer)

    response = client.get(LIST_URL)

    assert codes(response) == [mine.code]
    assert "共 1 件作品" in text(page(response))


# --- Filters, search, pages --------------------------------------------------------------------------


@pytest.fixture
def assorted(festival, live, school, student, classmate, other_teacher):
    """Entries across two competitions, two grades, two classes and several states."""
    other_class = other_teacher.headed_classes.get()
    grade5 = SchoolClassFactory(grade__school=school, grade__number=5, number=1)
    painting = CompetitionFactory(
        festival=festival, open_now=True, code="HH", name="科幻画", kind="painting", grades=(3, 5)
    )
    return {
        "a": EntryFactory(competition=live, created_by=student, title="自动浇花器", state=EntryState.RECOMMENDED),
        "b": EntryFactory(
            competition=live,
            created_by=classmate,
            title="太阳能小车",
            received_at=timezone.now(),
            received_by=other_teacher,
        ),
        "c": EntryFactory(
            competition=live, created_by=StudentFactory(school_class=other_class, real_name="张三"), title="净水器"
        ),
        "d": EntryFactory(
            competition=painting, created_by=StudentFactory(school_class=grade5, real_name="刘洋"), title="火星城市"
        ),
        "e": EntryFactory(competition=painting, created_by=student, title="海底世界", state=EntryState.DRAFT),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["a", "b", "c", "d", "e"]),
        ({"competition": "HH"}, ["d", "e"]),
        ({"grade": 5}, ["d"]),
        ({"school_class": "other"}, ["c"]),
        ({"state": "recommended"}, ["a"]),
        ({"state": "draft"}, ["e"]),
        ({"received": "yes"}, ["b"]),
        ({"received": "no"}, ["a", "c", "d", "e"]),
        ({"q": "火星"}, ["d"]),
        ({"q": "王小明"}, ["a", "e"]),
        ({"q": "hh-0001"}, ["d"]),
        ({"q": "张三", "state": "submitted"}, ["c"]),
    ],
)
def test_filters_and_search(client, organizer, assorted, festival, other_teacher, query, expected):
    query = dict(query)
    if query.get("competition") == "HH":
        query["competition"] = assorted["d"].competition_id
    if query.get("grade"):
        query["grade"] = assorted["d"].school_class.grade_id
    if query.get("school_class") == "other":
        query["school_class"] = other_teacher.headed_classes.get().pk
    client.force_login(organizer)

    response = client.get(LIST_URL, query)

    assert sorted(codes(response)) == sorted(assorted[k].code for k in expected)


def test_festival_filter(client, organizer, school, assorted, school_class):
    old = FestivalFactory(
        school=school, year=2025, name="第一届科技节", slug="2025", theme="", status="finished", phases=False
    )
    old_entry = EntryFactory(
        competition=CompetitionFactory(festival=old, invention=True, code="OLD"),
        created_by=StudentFactory(school_class=school_class),
    )
    client.force_login(organizer)

    assert codes(client.get(LIST_URL, {"festival": old.pk})) == [old_entry.code]


def test_an_entry_with_two_matching_authors_is_listed_once(client, organizer, live, student, classmate):
    entry = EntryFactory(competition=live, created_by=student, title="双人作品")
    classmate.real_name = "王小红"
    classmate.save()
    entry.authors.add(classmate)
    client.force_login(organizer)

    assert codes(client.get(LIST_URL, {"q": "王小"})) == [entry.code]


def test_the_list_is_paginated_by_fifty(client, organizer, live, school_class):
    for s in StudentFactory.create_batch(26, school_class=school_class):
        EntryFactory(competition=live, created_by=s)
        EntryFactory(competition=live, created_by=s, state=EntryState.DRAFT)
    client.force_login(organizer)

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert (len(codes(first)), len(codes(second))) == (50, 2)
    assert first.context["paginator"].count == 52
    assert "?page=2" in attrs(first, ".pagination a", "href")


def test_filtered_pages_link_with_their_filters(client, organizer, live, school_class):
    for s in StudentFactory.create_batch(51, school_class=school_class):
        EntryFactory(competition=live, created_by=s)
    client.force_login(organizer)

    response = client.get(LIST_URL, {"state": "submitted"})

    assert "?state=submitted&page=2" in attrs(response, ".pagination a", "href")
    assert len(codes(client.get(LIST_URL, {"state": "submitted", "page": 2}))) == 1


def _list_queries(client, organizer, competition, school_class, size) -> int:
    for s in StudentFactory.create_batch(size, school_class=school_class):
        EntryFactory(competition=competition, created_by=s, received_at=timezone.now(), received_by=organizer)
    client.force_login(organizer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"q": "作品"})
    assert len(codes(response)) == Entry.objects.count()
    return len(queries)


def test_list_queries_do_not_grow_with_the_entries(client, organizer, live, school_class):
    small = _list_queries(client, organizer, live, school_class, 1)
    Entry.objects.all().delete()
    large = _list_queries(client, organizer, live, school_class, 12)

    assert small == large


def _page_queries(client, query) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, query)
    return len(queries), response


def test_a_full_page_at_scale_keeps_its_filters_and_its_queries(client, organizer, live, student, school_class):
    """300 entries with pictures, received and not: 50 rows, the filters in the page links, and as many queries
    as for 3 entries (issue 13: the list answers in the time of a page, whatever the school's size)."""

    def add(start, count):
        entries = many_entries(live, student, count, start=start, state=EntryState.SUBMITTED)
        for entry in entries[::3]:
            AttachmentFactory(entry=entry)
        Entry.objects.filter(pk__in=[e.pk for e in entries[::2]]).update(
            received_at=timezone.now(), received_by=organizer
        )

    query = {"q": "作品", "state": "submitted", "school_class": school_class.pk}
    client.force_login(organizer)
    add(1, 3)
    small, response = _page_queries(client, query)
    assert len(codes(response)) == 3
    add(4, 297)

    large, response = _page_queries(client, query)

    assert len(codes(response)) == 50
    assert len(page(response).select("[data-testid=entry-row]")) == 50
    assert response.context["paginator"].count == 300
    links = attrs(response, ".pagination a", "href")
    assert links == [f"?q=%E4%BD%9C%E5%93%81&state=submitted&school_class={school_class.pk}&page=2"]
    assert attrs(response, "#id_state option[selected]", "value") == ["submitted"]
    assert attrs(response, "#id_school_class option[selected]", "value") == [str(school_class.pk)]
    assert large == small <= 12


def test_list_shows_thumbnails(client, organizer, live, student):
    entry = submitted_entry(live, student)
    client.force_login(organizer)

    response = client.get(LIST_URL)

    thumbnail = entry.attachments.get()
    assert response.context["entries"][0].cover_pk == thumbnail.pk
    assert attrs(response, "img.entry-thumb", "src") == [reverse("attachment_thumbnail", args=[thumbnail.pk])]


def test_the_list_chooses_the_covers_as_the_other_pages(client, organizer, live, student):
    """The cover chosen in the query is ``with_covers``'s: the first picture of the work, else the first
    attachment with a thumbnail; none without one."""
    process_first, process_only, document_only = many_entries(live, student, 3, state=EntryState.SUBMITTED)
    AttachmentFactory(entry=process_first, role=AttachmentRole.PROCESS, position=0)
    AttachmentFactory(entry=process_first, role=AttachmentRole.RESULT, position=5)
    AttachmentFactory(entry=process_first, role=AttachmentRole.RESULT, position=3)
    AttachmentFactory(entry=process_only, role=AttachmentRole.PROCESS, position=2)
    AttachmentFactory(entry=process_only, role=AttachmentRole.PROCESS, position=1)
    AttachmentFactory(entry=document_only, role=AttachmentRole.RESULT, kind="pdf", thumbnail="")
    client.force_login(organizer)

    listed = {e.pk: e.cover_pk for e in client.get(LIST_URL).context["entries"]}

    expected = with_covers(entries_visible_to(organizer).order_by("number"))
    assert [listed[e.pk] for e in expected] == [e.cover and e.cover.pk for e in expected]
    assert [e.cover and e.cover.position for e in expected] == [3, 1, None]


# --- Bulk acceptance into judging ---------------------------------------------------------------------


def test_bulk_accept_takes_only_the_recommended_entries_of_the_school(
    client, organizer, live, student, classmate, head_teacher, other_school
):
    recommended = recommended_entry(live, student, head_teacher)
    submitted = submitted_entry(live, classmate)
    other_festival = FestivalFactory(
        school=other_school, name="青山科技节", slug="qs", theme="", status=Festival.Status.DRAFT, phases=False
    )
    other_class = SchoolClassFactory(grade__school=other_school, grade__number=3, number=1)
    foreign = EntryFactory(
        competition=CompetitionFactory(festival=other_festival, invention=True),
        created_by=StudentFactory(school_class=other_class),
        state=EntryState.RECOMMENDED,
    )
    client.force_login(organizer)

    response = client.post(
        ACCEPT_URL, {"entries": [recommended.pk, submitted.pk], "next": f"{LIST_URL}?state=recommended"}, follow=True
    )
    refused = client.post(ACCEPT_URL, {"entries": [foreign.pk]}, follow=True)

    assert response.redirect_chain == [(f"{LIST_URL}?state=recommended", 302)]
    assert flashes(response) == [
        "已将 1 件作品接收进入评审。",
        "勾选的作品中有 1 件不是班级选送的作品，未作改动。",
    ]
    assert Entry.objects.get(pk=recommended.pk).state == EntryState.IN_JUDGING
    assert Entry.objects.get(pk=submitted.pk).state == EntryState.SUBMITTED
    assert Entry.objects.get(pk=foreign.pk).state == EntryState.RECOMMENDED
    assert len(flashes(refused)) == 1
    assert AuditLog.objects.filter(action="entry.accept").count() == 1


def test_accepting_nothing_says_so(client, organizer):
    client.force_login(organizer)

    response = client.post(ACCEPT_URL, {}, follow=True)

    assert flashes(response) == ["请先勾选要接收的作品。"]


@pytest.mark.parametrize(("who", "status"), [("head_teacher", 403), ("teacher", 403), ("other_organizer", 302)])
def test_only_the_schools_organizers_accept(client, live, student, head_teacher, school, other_school, who, status):
    entry = recommended_entry(live, student, head_teacher)
    user = {
        "head_teacher": head_teacher,
        "teacher": TeacherFactory(school=school),
        "other_organizer": OrganizerFactory(school=other_school),
    }[who]
    client.force_login(user)

    response = client.post(ACCEPT_URL, {"entries": [entry.pk]})

    # Another school's organizer may accept, but not this school's entries: the id is not a valid choice.
    assert response.status_code == status
    assert Entry.objects.get(pk=entry.pk).state == EntryState.RECOMMENDED


def test_a_foreign_next_address_is_ignored(client, organizer, live, student, head_teacher):
    entry = recommended_entry(live, student, head_teacher)
    client.force_login(organizer)

    response = client.post(ACCEPT_URL, {"entries": [entry.pk], "next": "https://evil.example/"})

    assert response.url == LIST_URL


def test_only_recommended_entries_can_be_ticked(client, organizer, live, student, classmate, head_teacher):
    recommended = recommended_entry(live, student, head_teacher)
    submitted_entry(live, classmate)
    client.force_login(organizer)

    doc = page(client.get(LIST_URL))

    assert [box.get("value") for box in doc.select("[name=entries]")] == [str(recommended.pk)]
