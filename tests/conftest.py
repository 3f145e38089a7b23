"""Fixtures of every test package: files and cache kept apart per test, the school and its people, and the
festival, the judged competition and the judged festival that the entry, judging, award and export tests share.
Fixtures of one package live in that package's conftest.py."""

from __future__ import annotations

import pytest

from awards import services as award_services
from judging import services as judging_services
from tests.factories.awards import build_award_festival
from tests.factories.competitions import AwardTierFactory, CompetitionFactory, FestivalFactory, add_rubric, open_judging
from tests.factories.judging import PanelFactory, score_all
from tests.factories.schools import (
    JudgeFactory,
    OrganizerFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
)
from tests.factories.submissions import accept_entries


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    from django.core.cache import cache

    redis_cache = getattr(cache, "_cache", None)
    if hasattr(redis_cache, "get_client"):
        # One REDIS_URL is the cache and the Celery broker: clear() would FLUSHDB and drop the tasks queued
        # for a worker (another test run's, or a developer's). Delete only the cache's own keys.
        client = redis_cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    yield


# --- The school and its people ------------------------------------------------------------------


@pytest.fixture
def school(db):
    return SchoolFactory(name="星河实验学校", slug="xinghe")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="青山中学", slug="qingshan")


@pytest.fixture
def organizer(school):
    return OrganizerFactory(school=school, real_name="陈志远")


@pytest.fixture
def head_teacher(school):
    return TeacherFactory(school=school, real_name="周老师")


@pytest.fixture
def school_class(school, head_teacher):
    return SchoolClassFactory(grade__school=school, grade__number=3, number=2, head_teacher=head_teacher)


@pytest.fixture
def student(school_class):
    return StudentFactory(school_class=school_class, real_name="王小明", student_number="20240201")


@pytest.fixture
def other_teacher(school):
    """A teacher of the same school who heads no class of the student's."""
    teacher = TeacherFactory(school=school, real_name="李老师")
    SchoolClassFactory(grade__school=school, grade__number=3, number=5, head_teacher=teacher)
    return teacher


@pytest.fixture
def classmate(school_class):
    """A student of the same class as ``student``."""
    return StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202")


@pytest.fixture
def other_organizer(other_school):
    return OrganizerFactory(school=other_school, real_name="外校组委")


# --- A festival, a judged competition, a judged festival ------------------------------------------


@pytest.fixture
def festival(school):
    """第二届科技节 of the school, published, without theme or phases (the competitions tests make theirs from
    the school plan)."""
    return FestivalFactory(school=school, year=2026, name="第二届科技节", slug="2026", theme="", phases=False)


@pytest.fixture
def judged_competition(festival, school_class):
    """科技创新制作 with a rubric of 100 points, one 一等奖, 二等奖 and 三等奖, two judges an entry."""
    competition = CompetitionFactory(
        festival=festival, invention=True, class_quota=10, entries_per_student=1, judges_per_entry=2
    )
    add_rubric(competition)
    for level in ("first", "second", "third"):
        AwardTierFactory(competition=competition, level=level, amount=1)
    return competition


@pytest.fixture
def judges(school):
    return [JudgeFactory(school=school, real_name=f"评委{i}") for i in range(1, 4)]


@pytest.fixture
def accepted_entries(judged_competition, school_class, head_teacher, organizer):
    """Four entries of 作者0 … 作者3, submitted, shortlisted and accepted for judging."""
    authors = [StudentFactory(school_class=school_class, real_name=f"作者{i}") for i in range(4)]
    return accept_entries(judged_competition, authors, head_teacher=head_teacher, organizer=organizer)


@pytest.fixture
def panel(judged_competition, judges, organizer):
    """The three judges, 评委1 the head judge; submission closed and judging open (``open_judging``)."""
    open_judging(judged_competition)
    return judging_services.panel_set(competition=judged_competition, judges=judges, head_judge=judges[0], by=organizer)


@pytest.fixture
def other_competition(festival, school):
    """A second competition of the festival, 科幻画 (HH), with its own head judge, 别组组长."""
    competition = CompetitionFactory(festival=festival, invention=True, code="HH", name="科幻画")
    head = JudgeFactory(school=school, real_name="别组组长")
    PanelFactory(competition=competition, judges=[head], head_judge=head)
    return competition


@pytest.fixture
def scored(judged_competition, accepted_entries, judges, panel, organizer):
    """Every entry assigned its judges and scored 90, 80, 80 and 60."""
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    score_all(judged_competition, dict(zip([e.pk for e in accepted_entries], [90, 80, 80, 60], strict=True)))
    return accepted_entries


@pytest.fixture
def computed(judged_competition, scored, organizer):
    """The results computed (一等奖, 二等奖, 二等奖 and no award), not locked."""
    award_services.results_compute(competition=judged_competition, by=organizer)
    return judged_competition


@pytest.fixture
def award_festival(festival, school_class, head_teacher, organizer, student):
    """The festival judged as ``tests.factories.awards.build_award_festival`` tells."""
    return build_award_festival(
        festival=festival, school_class=school_class, head_teacher=head_teacher, organizer=organizer, student=student
    )


@pytest.fixture
def final_award_festival(festival, school_class, head_teacher, organizer, student):
    """The festival of ``award_festival`` with HH and FJ published and final, and its collective and special awards
    decided (``build_award_festival(final=True)``)."""
    return build_award_festival(
        festival=festival,
        school_class=school_class,
        head_teacher=head_teacher,
        organizer=organizer,
        student=student,
        final=True,
    )
