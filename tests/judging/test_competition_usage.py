"""Competition changes that judging and entries make final: judging and submissions tell competitions what
they hold (``competitions.hooks``), and the competition services refuse what would break it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from competitions import services as competition_services
from competitions.services import CriterionData
from judging import services
from judging.models import Assignment
from tests.factories.competitions import NOW, competition_values

pytestmark = pytest.mark.django_db

NEW_RUBRIC = [CriterionData("创意", "", 50), CriterionData("做工", "", 50)]


def test_the_rubric_can_change_until_a_judge_starts_scoring(judged_competition, accepted_entries, panel, organizer):
    competition_services.rubric_save(competition=judged_competition, criteria=NEW_RUBRIC, by=organizer)
    services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(entry__competition=judged_competition).select_related("judge").first()
    first = judged_competition.criteria.order_by("position").first()
    services.score_save(
        assignment=assignment, by=assignment.judge, points={first.pk: 30}, submit=False, version=0, now=NOW
    )

    with pytest.raises(ValidationError) as excinfo:
        competition_services.rubric_save(competition=judged_competition, criteria=NEW_RUBRIC[::-1], by=organizer)

    assert excinfo.value.messages == ["评委已经开始打分，评分标准不能再修改。"]
    assert [c.name for c in judged_competition.criteria.order_by("position")] == ["创意", "做工"]


def test_the_way_of_scoring_is_fixed_once_scored(judged_competition, accepted_entries, panel, organizer):
    services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(entry__competition=judged_competition).select_related("judge").first()
    services.score_save(assignment=assignment, by=assignment.judge, points={}, submit=False, version=0, now=NOW)

    with pytest.raises(ValidationError) as excinfo:
        competition_services.competition_update(
            competition=judged_competition,
            values=competition_values(judged_competition, scoring_mode="measurement", unit="秒"),
            grade_numbers=judged_competition.grade_numbers,
            by=organizer,
        )

    assert excinfo.value.message_dict["scoring_mode"] == ["评委已经开始打分，评分方式不能再修改。"]


def test_a_grade_with_entries_cannot_be_taken_off(judged_competition, accepted_entries, organizer):
    with pytest.raises(ValidationError) as excinfo:
        competition_services.competition_update(
            competition=judged_competition,
            values=competition_values(judged_competition),
            grade_numbers=[4],
            by=organizer,
        )

    assert excinfo.value.message_dict["eligible_grades"] == ["三年级已有4件作品，不能取消这个年级。"]
