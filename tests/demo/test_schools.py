import datetime as dt
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from demo.management.commands import seed_demo
from schools.models import SchoolClass, Section, User


@pytest.fixture(autouse=True)
def school_only(monkeypatch):
    """These tests are of the school and its people: the festivals, entries and judging of the layers above
    are tested in their own modules (and take half a minute to seed)."""
    monkeypatch.setattr(seed_demo, "seed_layers", lambda **kwargs: None)


def _seed(capsys, *args):
    call_command("seed_demo", *args)
    return capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_builds_a_school_with_all_sections_and_working_logins(capsys, rf):
    out = _seed(capsys)

    logins = re.findall(r"^\s+(\S+)\s+(\S+)\s", out, flags=re.MULTILINE)
    assert [role for role, _ in logins] == ["organizer", "teacher", "teacher+judge", "judge", "student"]
    for _role, username in logins:
        assert authenticate(rf.post("/accounts/login/"), username=username, password="kejijie2026") is not None
    school = User.objects.get(username="organizer").school
    assert school.sections == list(Section.values)
    assert SchoolClass.objects.filter(grade__school=school).count() == 24
    assert SchoolClass.objects.filter(grade__school=school, head_teacher__isnull=True).count() == 0
    assert User.objects.filter(is_student=True).count() == 270
    assert "演示账号（密码均为 kejijie2026）" in out
    # The admin is for superusers; the demo organizer works in the app like any organizer.
    assert list(User.objects.filter(is_staff=True)) == []


@pytest.mark.django_db
def test_seed_demo_is_idempotent(capsys):
    _seed(capsys)
    before = (User.objects.count(), SchoolClass.objects.count(), list(User.objects.values_list("password", flat=True)))

    _seed(capsys)

    after = (User.objects.count(), SchoolClass.objects.count(), list(User.objects.values_list("password", flat=True)))
    assert before == after


@pytest.mark.django_db
def test_seed_demo_scale_multiplies_classes_and_students(capsys):
    _seed(capsys, "--scale", "3")

    assert SchoolClass.objects.count() == 72
    assert User.objects.filter(is_student=True).count() == 810


@pytest.mark.django_db
def test_demo_students_have_realistic_ages_for_their_grade(capsys):
    _seed(capsys)
    today = dt.date.today()
    for pupil in User.objects.filter(is_student=True).select_related("school_class__grade")[:270:17]:
        expected = pupil.school_class.grade.number + 5
        assert expected - 1 <= pupil.age_on(today) <= expected + 1
