"""The home page: one section per role the person holds."""

import pytest

from tests.factories.schools import TeacherFactory
from tests.html import has, page, text


@pytest.mark.django_db
def test_student_home_shows_class_and_head_teacher(client, student):
    client.force_login(student)

    shown = text(page(client.get("/")))

    assert "王小明，你好" in shown
    assert "三年级2班" in shown
    assert "周老师" in shown


@pytest.mark.django_db
def test_teacher_home_lists_headed_classes_with_student_counts(client, head_teacher, student):
    client.force_login(head_teacher)

    response = client.get("/")

    assert [(c.name, c.student_count) for c in response.context["my_classes"]] == [("三年级2班", 1)]


@pytest.mark.django_db
def test_organizer_home_counts_people_and_students_per_grade(client, organizer, student, head_teacher):
    client.force_login(organizer)

    response = client.get("/")

    assert response.context["people_counts"] == {"students": 1, "teachers": 1, "judges": 0, "organizers": 1}
    assert [(r["grade"].name, r["classes"], r["students"]) for r in response.context["grades"]] == [("三年级", 1, 1)]


@pytest.mark.django_db
def test_organizer_home_links_festivals_entries_judging_and_exports(client, organizer):
    client.force_login(organizer)

    doc = page(client.get("/"))

    links = [(text(a), a["href"]) for a in doc.select("[data-testid=organizer-next] a")]
    assert links == [
        ("科技节", "/festivals/"),
        ("全部作品", "/manage/entries/"),
        ("评审", "/judging/"),
        ("导出", "/exports/"),
    ]


@pytest.mark.django_db
def test_person_with_two_roles_sees_both_sections(client, school):
    teacher_judge = TeacherFactory(school=school, is_judge=True)
    client.force_login(teacher_judge)

    doc = page(client.get("/"))

    assert has(doc, "#teacher-home")
    assert has(doc, "#judge-home")
    assert not has(doc, "#organizer-home")
