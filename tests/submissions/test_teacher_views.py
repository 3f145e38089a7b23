"""Head teachers' pages: the class dashboard, the shortlist over HTTP, hand-in, the class entry."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditLog
from submissions import services
from submissions.models import Entry, EntryState
from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.schools import OrganizerFactory, SchoolClassFactory, StudentFactory, TeacherFactory
from tests.factories.submissions import draft, recommended_entry, submitted_entry
from tests.html import attrs, flashes, page, text


def dashboard_url(school_class, competition) -> str:
    return reverse("class_dashboard", args=[school_class.pk, competition.pk])


def shortlist(client, entry, action="add", next_url=""):
    return client.post(reverse("entry_shortlist", args=[entry.pk]), {"action": action, "next": next_url}, follow=True)


def receive(client, entry, received=True, next_url=""):
    data = {"received": "1" if received else "0", "next": next_url}
    return client.post(reverse("entry_receive", args=[entry.pk]), data)


@pytest.fixture
def people(school, student, head_teacher, other_teacher, organizer, other_school):
    return {
        "student": student,
        "other_teacher": other_teacher,
        "head_teacher": head_teacher,
        "organizer": organizer,
        "other_organizer": OrganizerFactory(school=other_school),
    }


# --- Who may use the pages -----------------------------------------------------------------------

ACCESS = [("student", 403), ("other_teacher", 403), ("head_teacher", 200), ("organizer", 200), ("other_organizer", 403)]


def test_anonymous_is_sent_to_log_in(client, school_class, live):
    response = client.get(dashboard_url(school_class, live))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("who", "status"), ACCESS)
def test_who_may_open_the_class_dashboard(client, people, school_class, live, who, status):
    client.force_login(people[who])

    assert client.get(dashboard_url(school_class, live)).status_code == status


@pytest.mark.parametrize(("who", "status"), ACCESS)
def test_who_may_shortlist(client, people, live, student, who, status):
    entry = submitted_entry(live, student)
    client.force_login(people[who])

    response = client.post(reverse("entry_shortlist", args=[entry.pk]), {"action": "add"})

    assert response.status_code == (302 if status == 200 else status)
    expected = EntryState.RECOMMENDED if status == 200 else EntryState.SUBMITTED
    assert Entry.objects.get(pk=entry.pk).state == expected


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("student", False),
        ("other_teacher", False),
        ("head_teacher", True),
        ("organizer", True),
        ("other_organizer", False),
    ],
)
def test_who_may_mark_received(client, people, live, student, who, allowed):
    # The class's head teacher or the organizers (no section-head role yet: not any teacher of the school).
    entry = submitted_entry(live, student)
    client.force_login(people[who])

    response = receive(client, entry)

    assert response.status_code == (302 if allowed else 403)
    assert (Entry.objects.get(pk=entry.pk).received_by_id is not None) is allowed


def test_anonymous_cannot_shortlist_or_receive(client, live, student):
    entry = submitted_entry(live, student)

    assert client.post(reverse("entry_shortlist", args=[entry.pk]), {"action": "add"}).status_code == 302
    assert receive(client, entry).status_code == 302
    assert Entry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED
    assert Entry.objects.get(pk=entry.pk).received_at is None


def test_a_competition_the_grade_may_not_enter_is_not_found(client, festival, school_class, head_teacher):
    other_grade = CompetitionFactory(festival=festival, open_now=True, code="G5", grades=(5,))
    client.force_login(head_teacher)

    assert client.get(dashboard_url(school_class, other_grade)).status_code == 404


def test_shortlist_and_receive_take_only_posts(client, head_teacher, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)

    assert client.get(reverse("entry_shortlist", args=[entry.pk])).status_code == 405
    assert client.get(reverse("entry_receive", args=[entry.pk])).status_code == 405


# --- What the dashboard shows --------------------------------------------------------------------


def test_dashboard_shows_who_has_entered_and_the_quota(client, head_teacher, school_class, live, student, classmate):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)

    response = client.get(dashboard_url(school_class, live))

    dashboard = response.context["dashboard"]
    assert [(row.student.real_name, row.has_entered) for row in dashboard.rows] == [("王小明", True), ("李雨萱", False)]
    assert [e.code for e in dashboard.rows[0].entries] == [entry.code]
    shown = text(page(response))
    assert "1/2 名学生" in shown
    assert "已选送 0/2" in shown
    assert "还可选送 2 个" in shown
    assert "未参加" in shown


def test_a_draft_is_listed_but_does_not_count_as_entered(client, head_teacher, school_class, live, student):
    draft(live, student)
    client.force_login(head_teacher)

    dashboard = client.get(dashboard_url(school_class, live)).context["dashboard"]

    assert dashboard.rows[0].has_entered is False
    assert [e.state for e in dashboard.rows[0].entries] == ["draft"]


def test_class_page_links_to_the_dashboards_of_its_competitions(client, head_teacher, school_class, live, festival):
    CompetitionFactory(festival=festival, open_now=True, code="G5", name="五年级比赛", grades=(5,))
    client.force_login(head_teacher)

    response = client.get(reverse("class_detail", args=[school_class.pk]))

    assert dashboard_url(school_class, live) in attrs(page(response), "a", "href")
    assert "五年级比赛" not in response.content.decode()


# --- The shortlist over HTTP -----------------------------------------------------------------------


def test_head_teacher_shortlists_up_to_the_quota_and_is_refused_one_more(client, head_teacher, school_class, live):
    entries = [submitted_entry(live, StudentFactory(school_class=school_class)) for _ in range(3)]
    client.force_login(head_teacher)
    back = dashboard_url(school_class, live)

    first = shortlist(client, entries[0], next_url=back)
    shortlist(client, entries[1], next_url=back)
    refused = shortlist(client, entries[2], next_url=back)

    assert flashes(first) == [f"“{entries[0].title}”已选送。三年级2班已用 1/2 个名额。"]
    assert flashes(refused) == ["三年级2班 的“科技创新制作”2 个名额已用完。请先移除一件再添加。"]
    assert "已选送 2/2" in text(page(refused))
    assert Entry.objects.filter(state=EntryState.RECOMMENDED).count() == 2
    assert Entry.objects.get(pk=entries[2].pk).state == EntryState.SUBMITTED


def test_taking_an_entry_off_the_list_frees_its_place(client, head_teacher, live, student):
    entry = recommended_entry(live, student, head_teacher)
    client.force_login(head_teacher)

    response = shortlist(client, entry, action="remove", next_url=dashboard_url(entry.school_class, live))

    assert flashes(response) == [f"“{entry.title}”已撤下。"]
    assert Entry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED
    assert "已选送 0/2" in text(page(response))


def test_a_draft_cannot_be_shortlisted(client, head_teacher, live, student):
    entry = draft(live, student)
    client.force_login(head_teacher)

    response = shortlist(client, entry, next_url=dashboard_url(entry.school_class, live))

    assert flashes(response) == ["只有已提交的作品可以选送。"]


def test_an_unknown_action_changes_nothing(client, head_teacher, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)

    response = shortlist(client, entry, action="promote", next_url=dashboard_url(entry.school_class, live))

    assert flashes(response) == ["操作没有成功，请刷新页面再试一次。"]
    assert Entry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED


def test_a_foreign_next_address_is_ignored(client, head_teacher, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)

    response = client.post(
        reverse("entry_shortlist", args=[entry.pk]), {"action": "add", "next": "https://evil.example/"}
    )

    assert response.url == reverse("entry_detail", args=[entry.pk])


@pytest.mark.django_db(transaction=True)
def test_two_teachers_posting_at_once_never_exceed_the_quota(festival, school, school_class, head_teacher):
    competition = CompetitionFactory(festival=festival, open_now=True, class_quota=1)
    entries = [submitted_entry(competition, StudentFactory(school_class=school_class)) for _ in range(2)]
    co_teacher = OrganizerFactory(school=school)
    barrier = threading.Barrier(2)
    statuses = []

    def click(entry, by):
        try:
            client = Client()
            client.force_login(by)
            barrier.wait()
            statuses.append(client.post(reverse("entry_shortlist", args=[entry.pk]), {"action": "add"}).status_code)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=click, args=(entries[0], head_teacher)),
        threading.Thread(target=click, args=(entries[1], co_teacher)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert statuses == [302, 302]
    assert Entry.objects.filter(state=EntryState.RECOMMENDED).count() == 1


# --- Hand-in -----------------------------------------------------------------------------------------


def test_marking_received_records_who_and_when_and_can_be_undone(client, head_teacher, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)
    back = reverse("class_dashboard", args=[entry.school_class_id, live.pk])

    response = receive(client, entry, next_url=back)

    marked = Entry.objects.get(pk=entry.pk)
    assert response.url == back
    assert marked.received_by == head_teacher
    assert marked.received_at is not None
    assert AuditLog.objects.filter(action="entry.received").count() == 1

    receive(client, entry, received=False, next_url=back)

    undone = Entry.objects.get(pk=entry.pk)
    assert (undone.received_at, undone.received_by) == (None, None)


def test_dashboard_shows_who_received_the_work(client, head_teacher, organizer, school_class, live, student):
    entry = submitted_entry(live, student)
    client.force_login(organizer)
    receive(client, entry)
    client.force_login(head_teacher)

    response = client.get(dashboard_url(school_class, live))

    when = Entry.objects.get(pk=entry.pk).received_at
    from django.utils import timezone

    stamp = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    assert f"陈志远 已收到，{stamp}" in text(page(response))


def test_receive_message_is_shown(client, head_teacher, school_class, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)

    response = client.post(
        reverse("entry_receive", args=[entry.pk]),
        {"received": "1", "next": dashboard_url(school_class, live)},
        follow=True,
    )

    assert flashes(response) == [f"{entry.code} 已登记为收到。"]


# --- The class collective entry ----------------------------------------------------------------------


def test_head_teacher_submits_the_class_entry(client, head_teacher, school_class, festival):
    competition = CompetitionFactory(festival=festival, class_poster=True)
    client.force_login(head_teacher)
    url = reverse("class_entry_create", args=[school_class.pk, competition.pk])

    form_page = client.get(url)
    response = client.post(url, {"title": "我们的太空梦", "description": "全班合作", "detail_poster_topic": "航天"})

    assert "detail_poster_topic" in form_page.context["form"].fields
    entry = Entry.objects.get(competition=competition)
    assert response.url == reverse("entry_detail", args=[entry.pk])
    assert (entry.is_class_entry, entry.title, entry.details, entry.created_by) == (
        True,
        "我们的太空梦",
        {"poster_topic": "航天"},
        head_teacher,
    )


def test_a_second_class_entry_is_refused_with_the_services_message(client, head_teacher, school_class, festival):
    competition = CompetitionFactory(festival=festival, class_poster=True)
    client.force_login(head_teacher)
    url = reverse("class_entry_create", args=[school_class.pk, competition.pk])
    client.post(url, {"title": "第一张", "detail_poster_topic": "航天"})

    response = client.post(url, {"title": "第二张", "detail_poster_topic": "海洋"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["三年级2班 已经有班级作品了。"]
    assert Entry.objects.filter(competition=competition).count() == 1


def test_the_class_entry_form_needs_the_competitions_fields(client, head_teacher, school_class, festival):
    competition = CompetitionFactory(festival=festival, class_poster=True)
    client.force_login(head_teacher)

    response = client.post(reverse("class_entry_create", args=[school_class.pk, competition.pk]), {"title": "板报"})

    assert response.context["form"].errors == {"detail_poster_topic": ["这个字段是必填项。"]}
    assert not Entry.objects.exists()


def test_class_entry_form_is_only_for_class_competitions(client, head_teacher, school_class, live):
    client.force_login(head_teacher)

    assert client.get(reverse("class_entry_create", args=[school_class.pk, live.pk])).status_code == 404


def test_another_teacher_cannot_submit_the_class_entry(client, other_teacher, school_class, festival):
    competition = CompetitionFactory(festival=festival, class_poster=True)
    client.force_login(other_teacher)

    response = client.post(reverse("class_entry_create", args=[school_class.pk, competition.pk]), {"title": "板报"})

    assert response.status_code == 403
    assert not Entry.objects.exists()


def test_dashboard_of_a_class_competition_offers_the_class_entry(client, head_teacher, school_class, festival):
    competition = CompetitionFactory(festival=festival, class_poster=True)
    client.force_login(head_teacher)

    doc = page(client.get(dashboard_url(school_class, competition)))

    assert reverse("class_entry_create", args=[school_class.pk, competition.pk]) in attrs(doc, "a", "href")
    assert "提交班级作品" in text(doc)


# --- Constant number of queries ----------------------------------------------------------------------


def _dashboard_queries(client, head_teacher, festival, *, size: int, number: int) -> int:
    school_class = SchoolClassFactory(
        grade__school=head_teacher.school, grade__number=3, number=number, head_teacher=head_teacher
    )
    competition = CompetitionFactory(festival=festival, open_now=True, code=f"Q{number}")
    entries = [submitted_entry(competition, StudentFactory(school_class=school_class)) for _ in range(size)]
    StudentFactory.create_batch(size, school_class=school_class)  # students who have not entered
    services.shortlist_add(entry=entries[0], by=head_teacher, now=NOW)
    client.force_login(head_teacher)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(dashboard_url(school_class, competition))
    assert len(response.context["dashboard"].rows) == 2 * size
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_class(client, head_teacher, festival):
    small = _dashboard_queries(client, head_teacher, festival, size=1, number=10)
    large = _dashboard_queries(client, head_teacher, festival, size=5, number=11)

    assert small == large


def test_other_head_teacher_of_another_class_sees_nothing_of_this_class(client, festival, school_class, live, student):
    submitted_entry(live, student)
    stranger = TeacherFactory(school=school_class.grade.school)
    client.force_login(stranger)

    assert client.get(dashboard_url(school_class, live)).status_code == 403


# --- The buttons on the entry page (the page a label's QR code opens) -----------------------------------


def staff_section(response) -> str:
    """The text of the staff's box on the entry page, "" without one."""
    section = page(response).select_one("#staff-actions")
    return text(section) if section is not None else ""


def test_entry_page_offers_the_head_teacher_hand_in_and_shortlist(client, head_teacher, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)

    response = client.get(reverse("entry_detail", args=[entry.pk]))

    section = staff_section(response)
    assert "登记收到实物" in section
    assert "尚未收到实物" in section
    assert "已选送 0/2 · 还剩 2 个名额" in section
    assert reverse("entry_shortlist", args=[entry.pk]) in attrs(response, "#staff-actions form", "action")


def test_entry_page_shows_who_received_the_work_and_offers_undo(client, head_teacher, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)
    receive(client, entry, next_url=reverse("entry_detail", args=[entry.pk]))

    section = staff_section(client.get(reverse("entry_detail", args=[entry.pk])))

    assert "周老师 已收到，" in section
    assert "撤销收到" in section
    assert "登记收到实物" not in section


def test_students_see_no_staff_buttons(client, live, student):
    entry = submitted_entry(live, student)
    client.force_login(student)

    response = client.get(reverse("entry_detail", args=[entry.pk]))

    assert response.status_code == 200
    assert staff_section(response) == ""


def test_works_that_are_not_handed_in_have_no_receive_button(client, head_teacher, festival, student):
    essay = CompetitionFactory(
        festival=festival, open_now=True, code="ZW", name="科幻作文", kind="essay", entry_fields=["genre"]
    )
    entry = services.entry_create(competition=essay, by=student, title="火星上的一天", details={"genre": "essay"})
    client.force_login(head_teacher)

    section = staff_section(client.get(reverse("entry_detail", args=[entry.pk])))

    assert "登记收到实物" not in section
    assert "已选送 0/2" in section


def test_home_page_sends_head_teachers_to_their_classes_and_labels(client, head_teacher, school_class):
    client.force_login(head_teacher)

    doc = page(client.get(reverse("home")))

    assert "打开班级，可按比赛项目查看本班作品、择优选送并登记实物收到情况。" in text(doc)
    assert reverse("entry_labels") in attrs(doc, "a", "href")
