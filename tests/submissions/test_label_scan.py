"""A label's QR code opens the entry's address; whoever scans it lands where they can act on the work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from submissions import services
from submissions.models import Entry
from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.judging import AssignmentFactory
from tests.factories.schools import JudgeFactory, StudentFactory, TeacherFactory
from tests.factories.submissions import submitted_entry
from tests.html import flashes, text
from tests.html import page as html_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def invention(festival, student):
    return submitted_entry(CompetitionFactory(festival=festival, open_now=True), student)


@pytest.fixture
def essay(festival, student):
    competition = CompetitionFactory(
        festival=festival, open_now=True, code="LW", name="科技小论文", kind="essay", entry_fields=[]
    )
    return services.entry_create(competition=competition, by=student, title="蚂蚁观察日记", details={}, now=NOW)


def test_the_head_teacher_scans_a_label_and_records_the_hand_in(client, head_teacher, invention):
    client.force_login(head_teacher)
    url = reverse("entry_detail", args=[invention.pk])

    response = client.post(reverse("entry_receive", args=[invention.pk]), {"received": "1", "next": url}, follow=True)

    assert flashes(response) == [f"{invention.code} 已登记为收到。"]
    assert Entry.objects.get(pk=invention.pk).received_by == head_teacher
    assert "周老师 已收到" in text(html_page(response))


def test_a_teacher_of_another_class_can_neither_open_the_hand_in_card_nor_record_it(client, other_teacher, invention):
    # The spec's section heads (部主任) would, but schools has no section-head role: not any teacher of the school.
    client.force_login(other_teacher)

    opened = client.get(reverse("entry_detail", args=[invention.pk]))
    received = client.post(reverse("entry_receive", args=[invention.pk]), {"received": "1"})

    assert (opened.status_code, received.status_code) == (403, 403)
    assert Entry.objects.get(pk=invention.pk).received_at is None


def test_a_teacher_of_another_class_cannot_open_an_essay_which_is_not_handed_in(client, other_teacher, essay):
    client.force_login(other_teacher)

    assert client.get(reverse("entry_detail", args=[essay.pk])).status_code == 403


def test_a_judge_scanning_an_assigned_entry_opens_their_scoring_page(client, school, invention):
    judge = JudgeFactory(school=school)
    assignment = AssignmentFactory(entry=invention, judge=judge)
    client.force_login(judge)

    response = client.get(reverse("entry_detail", args=[invention.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("judge_score", args=[assignment.pk])


def test_a_judge_scanning_an_entry_not_assigned_to_them_is_refused(client, school, invention):
    client.force_login(JudgeFactory(school=school))

    assert client.get(reverse("entry_detail", args=[invention.pk])).status_code == 403


@pytest.mark.parametrize("who", ["classmate_elsewhere", "teacher_elsewhere"])
def test_others_scanning_a_label_are_refused(client, who, other_school, school, invention):
    person = {
        "classmate_elsewhere": lambda: StudentFactory(school=school, student_number="20249999"),
        "teacher_elsewhere": lambda: TeacherFactory(school=other_school),
    }[who]()
    client.force_login(person)

    assert client.get(reverse("entry_detail", args=[invention.pk])).status_code == 403
