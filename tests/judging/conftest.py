"""A competition in judging: a rubric, award tiers, a panel and accepted entries."""

from __future__ import annotations

import pytest

from competitions.models import AwardTier, Criterion
from judging import services
from submissions import services as entry_services
from tests.factories import JudgeFactory, StudentFactory
from tests.submissions.conftest import NOW, festival, make_competition, submitted_entry  # noqa: F401

RUBRIC = [("科技含量", 30), ("创新性", 30), ("实用性", 20), ("美观性", 20)]


def add_rubric(competition, rubric=RUBRIC):
    return [
        Criterion.objects.create(competition=competition, position=i, name=name, max_points=points)
        for i, (name, points) in enumerate(rubric)
    ]


@pytest.fixture
def judged_competition(festival, school_class):  # noqa: F811
    competition = make_competition(festival, class_quota=10, entries_per_student=1, judges_per_entry=2)
    add_rubric(competition)
    AwardTier.objects.create(competition=competition, level="first", amount=1)
    AwardTier.objects.create(competition=competition, level="second", amount=1)
    AwardTier.objects.create(competition=competition, level="third", amount=1)
    return competition


@pytest.fixture
def judges(school):
    return [JudgeFactory(school=school, real_name=f"评委{i}") for i in range(1, 4)]


@pytest.fixture
def accepted_entries(judged_competition, school_class, head_teacher, organizer):
    entries = []
    for i in range(4):
        entry = submitted_entry(judged_competition, StudentFactory(school_class=school_class, real_name=f"作者{i}"))
        entry_services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
        entries.append(entry)
    entry_services.entries_accept(entries=entries, by=organizer)
    return entries


@pytest.fixture
def panel(judged_competition, judges, organizer):
    return services.panel_set(competition=judged_competition, judges=judges, head_judge=judges[0], by=organizer)
