"""Who may see classes and people — and what they see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.schools import (
    JudgeFactory,
    OrganizerFactory,
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
)

# --- Classes ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_teacher_sees_only_the_classes_they_head(client, head_teacher, school_class, other_teacher):
    client.force_login(head_teacher)

    response = client.get("/classes/")

    assert [c.name for c in response.context["classes"]] == ["三年级2班"]


@pytest.mark.django_db
def test_organizer_sees_every_class_of_the_school_and_none_of_another(client, organizer, school_class, other_school):
    SchoolClassFactory(grade__school=organizer.school, grade__number=8, number=3)
    SchoolClassFactory(grade__school=other_school, grade__number=8, number=1)
    client.force_login(organizer)

    response = client.get("/classes/")

    assert [c.name for c in response.context["classes"]] == ["三年级2班", "初二(3)班"]


@pytest.mark.parametrize("role", ["student", "judge"])
@pytest.mark.django_db
def test_class_list_refuses_students_and_judges(client, role, student, school):
    client.force_login(student if role == "student" else JudgeFactory(school=school))

    assert client.get("/classes/").status_code == 403


@pytest.mark.django_db
def test_class_list_sends_anonymous_to_login(client):
    assert client.get("/classes/")["Location"] == "/accounts/login/?next=/classes/"


@pytest.mark.django_db
def test_head_teacher_sees_the_students_of_the_class(client, head_teacher, school_class, student):
    StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202")
    client.force_login(head_teacher)

    response = client.get(f"/classes/{school_class.pk}/")

    assert response.status_code == 200
    assert [s.real_name for s in response.context["students"]] == ["王小明", "李雨萱"]


@pytest.mark.parametrize("who", ["other_teacher", "student", "organizer_other_school"])
@pytest.mark.django_db
def test_class_detail_refused(client, who, school_class, student, other_teacher, other_school):
    StudentFactory(school_class=school_class, real_name="李雨萱")
    actor = {
        "other_teacher": other_teacher,
        "student": student,
        "organizer_other_school": OrganizerFactory(school=other_school),
    }[who]
    client.force_login(actor)

    response = client.get(f"/classes/{school_class.pk}/")

    assert response.status_code == 403
    assert "李雨萱" not in response.content.decode()


@pytest.mark.django_db
def test_organizer_opens_any_class_of_the_school(client, organizer, school_class, student):
    client.force_login(organizer)

    assert [s.real_name for s in client.get(f"/classes/{school_class.pk}/").context["students"]] == ["王小明"]


# --- People ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_people_list_shows_the_school_only(client, organizer, student, other_school):
    StudentFactory(school_class__grade__school=other_school, real_name="外校生")
    client.force_login(organizer)

    response = client.get("/people/")

    assert sorted(p.real_name for p in response.context["people"]) == sorted(["陈志远", "王小明", "周老师"])


@pytest.mark.django_db
def test_people_list_searches_by_name_and_number_and_filters_by_role(client, organizer, student, head_teacher):
    client.force_login(organizer)

    assert [p.real_name for p in client.get("/people/?q=小明").context["people"]] == ["王小明"]
    assert [p.real_name for p in client.get("/people/?q=20240201").context["people"]] == ["王小明"]
    assert [p.real_name for p in client.get("/people/?role=teacher").context["people"]] == ["周老师"]


@pytest.mark.django_db
def test_people_list_ignores_an_unknown_role_instead_of_failing(client, organizer, student):
    client.force_login(organizer)

    response = client.get("/people/?role=hacker")

    assert response.status_code == 200
    assert response.context["filter_form"].errors["role"] == ["选择一个有效的选项。 hacker 不在可用的选项中。"]


@pytest.mark.parametrize("role", ["student", "teacher", "judge"])
@pytest.mark.django_db
def test_people_list_is_for_organizers_only(client, role, student, head_teacher, school):
    actor = {"student": student, "teacher": head_teacher, "judge": JudgeFactory(school=school)}[role]
    client.force_login(actor)

    assert client.get("/people/").status_code == 403


def _people_queries(client, organizer, school_class, n):
    StudentFactory.create_batch(n, school_class=school_class)
    client.force_login(organizer)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/people/").status_code == 200
    return len(ctx)


@pytest.mark.django_db
def test_people_list_query_count_does_not_grow_with_people(client, organizer, school_class):
    small = _people_queries(client, organizer, school_class, 2)
    large = _people_queries(client, organizer, school_class, 40)

    assert small == large


@pytest.mark.django_db
def test_class_list_query_count_does_not_grow_with_classes(client, organizer, school):
    SchoolClassFactory(grade__school=school, grade__number=1, number=1)
    client.force_login(organizer)
    with CaptureQueriesContext(connection) as small:
        client.get("/classes/")
    for number in range(2, 12):
        SchoolClassFactory(
            grade__school=school, grade__number=number, number=1, head_teacher=TeacherFactory(school=school)
        )
    with CaptureQueriesContext(connection) as large:
        client.get("/classes/")

    assert len(small) == len(large)
