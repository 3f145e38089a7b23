"""Fixtures of the competitions tests: a festival made from the school plan (in place of tests/conftest.py's
``festival``, which has no competitions), its painting competition, a student of 初二 and the usage hook."""

from __future__ import annotations

import datetime as dt

import pytest

from competitions import services
from competitions.hooks import Usage, register_usage_counter, unregister_usage_counter
from tests.factories.competitions import shanghai
from tests.factories.schools import SchoolClassFactory, StudentFactory

START = dt.date(2026, 4, 11)


@pytest.fixture
def festival(school, organizer):
    """A festival of 星河实验学校 from the school plan (phases and its four competitions), starting 2026-04-11,
    published."""
    SchoolClassFactory(grade__school=school, grade__number=3, number=1)
    SchoolClassFactory(grade__school=school, grade__number=3, number=2)
    SchoolClassFactory(grade__school=school, grade__number=8, number=1)
    festival = services.festival_create_from_plan(
        school=school,
        name="第二届科技节",
        year=2026,
        slug="2026",
        theme="体验生活，健康成长",
        start=START,
        by=organizer,
    )
    services.festival_update(festival=festival, values={"status": "published"}, by=organizer)
    return festival


@pytest.fixture
def painting(festival):
    return festival.competitions.get(code="HH")


@pytest.fixture
def grade8_student(school):
    school_class = SchoolClassFactory(grade__school=school, grade__number=8, number=1)
    return StudentFactory(school_class=school_class, real_name="李初二", student_number="20230101")


@pytest.fixture
def usage():
    """Pretend the Entries and Judging apps report this usage (the hook they register through)."""
    holder = {"usage": Usage()}

    def counter(competition):
        return holder["usage"]

    register_usage_counter(counter)
    yield holder
    unregister_usage_counter(counter)


@pytest.fixture
def during_submission():
    return shanghai(2026, 4, 20, 10)
