"""The audit log page: who may read it, what it shows and how it is searched."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from core.audit import action_name, action_names, audit_record
from schools.models import User
from schools.services import user_reset_password
from tests.factories.schools import OrganizerFactory, StudentFactory, TeacherFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_audit_log_lists_resets_and_filters_by_person_and_object(client, organizer, head_teacher, student):
    user_reset_password(user=student, by=head_teacher)
    audit_record(actor=organizer, action="school.note", obj=organizer.school, changes={"name": ("旧", "新")})
    client.force_login(organizer)

    everything = client.get("/audit/").context["records"]
    by_teacher = client.get(f"/audit/?actor={head_teacher.pk}").context["records"]
    on_student = client.get(f"/audit/?object_type=schools.user&object_id={student.pk}").context["records"]

    assert [r.action for r in everything] == ["school.note", "user.password_reset"]
    assert [(r.actor_name, r.object_repr) for r in by_teacher] == [("周老师", "王小明")]
    assert [r.action for r in on_student] == ["user.password_reset"]
    assert everything[0].changes == {"name": {"before": "旧", "after": "新"}}


@pytest.mark.parametrize("search", ["小明", "2024020", "王小明"])
@pytest.mark.django_db
def test_audit_log_finds_a_person_by_part_of_the_name_or_number(client, organizer, head_teacher, student, search):
    audit_record(actor=student, action="entry.create", obj=student)
    audit_record(actor=head_teacher, action="user.password_reset", obj=student)
    client.force_login(organizer)

    found = client.get("/audit/", {"person": search}).context["records"]

    assert [(r.actor_name, r.action) for r in found] == [("王小明", "entry.create")]


@pytest.mark.django_db
def test_audit_log_filters_by_one_action(client, organizer, head_teacher, student):
    audit_record(actor=student, action="entry.create", obj=student)
    audit_record(actor=head_teacher, action="user.password_reset", obj=student)
    client.force_login(organizer)

    found = client.get("/audit/", {"action": "user.password_reset"}).context["records"]

    assert [r.actor_name for r in found] == ["周老师"]


@pytest.mark.django_db
def test_audit_log_shows_action_names_and_times_in_the_school_zone(client, organizer, student):
    closes = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)  # 17:30 in Beijing
    audit_record(actor=organizer, action="competition.update", obj=student, changes={"closes": (None, closes)})
    audit_record(actor=organizer, action="school.note", obj=student)
    client.force_login(organizer)

    records = client.get("/audit/").context["records"]

    assert [r.action_name for r in records] == ["school.note", action_name("competition.update")]
    assert str(action_name("competition.update")) == "修改比赛项目"
    assert records[1].shown_changes == [("closes", None, "2026-05-01 17:30")]


@pytest.mark.django_db
def test_audit_log_names_the_changed_fields_and_their_choices(client, organizer, student):
    changes = {"gender": (User.Gender.MALE, User.Gender.FEMALE), "is_active": (True, False), "team": ("1", "2")}
    audit_record(actor=organizer, action="user.roster_update", obj=student, changes=changes)
    client.force_login(organizer)

    [record] = client.get("/audit/").context["records"]

    # In any order: PostgreSQL's jsonb keeps the keys in its own order, SQLite in the recorded one.
    assert sorted(tuple(map(str, row)) for row in record.shown_changes) == sorted(
        [
            (str(User._meta.get_field("gender").verbose_name), User.Gender.MALE.label, User.Gender.FEMALE.label),
            (str(User._meta.get_field("is_active").verbose_name), "是", "否"),
            ("team", "1", "2"),
        ]
    )


@pytest.mark.django_db
def test_audit_log_filter_offers_no_list_of_people(client, organizer, student):
    client.force_login(organizer)

    form = client.get("/audit/").context["filter_form"]

    assert [name for name, field in form.fields.items() if hasattr(field, "queryset")] == []


def _audit_world(organizer, size: int) -> None:
    school = organizer.school
    for n in range(size):
        teacher = TeacherFactory(school=school)
        pupil = StudentFactory(school_class__grade__school=school)
        audit_record(actor=teacher, action="user.password_reset", obj=pupil, changes={"at": (None, f"{n}")})
        audit_record(actor=pupil, action="entry.create", obj=pupil)


@pytest.mark.parametrize("size", [1, 20])
@pytest.mark.django_db
def test_audit_log_queries_do_not_grow_with_people_or_records(client, organizer, size, django_assert_num_queries):
    _audit_world(organizer, size)
    client.force_login(organizer)

    # Session, user, the permission backend's two, the page's count and its records (content types are cached).
    with django_assert_num_queries(6):
        response = client.get("/audit/")

    assert len(response.context["records"]) == 2 * size


@pytest.mark.django_db
def test_audit_log_does_not_show_another_schools_actions(client, organizer, other_school):
    outsider = OrganizerFactory(school=other_school)
    audit_record(actor=outsider, action="school.note", obj=other_school)
    client.force_login(organizer)

    assert list(client.get("/audit/").context["records"]) == []


@pytest.mark.parametrize("role", ["student", "teacher"])
@pytest.mark.django_db
def test_audit_log_is_for_organizers_only(client, role, student, head_teacher):
    client.force_login(student if role == "student" else head_teacher)

    assert client.get("/audit/").status_code == 403


def test_every_action_the_services_record_has_a_name():
    written = set()
    for path in ROOT.glob("[a-z]*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {"tests", "benchmarks", ".venv"} or "migrations" in path.parts:
            continue
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))

    assert len(written) > 50
    assert sorted(written - set(action_names())) == []
