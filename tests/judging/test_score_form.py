"""The score form parses what the judge typed: whole or half points, a decimal comma, measured attempts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from judging.forms_judge import ScoreForm
from tests.factories.competitions import CompetitionFactory

pytestmark = pytest.mark.django_db


def rubric_form(competition, values):
    criteria = list(competition.criteria.order_by("position"))
    data = {f"points_{c.pk}": v for c, v in zip(criteria, values, strict=False)}
    return ScoreForm({**data, "action": "draft", "version": 0}, competition=competition, criteria=criteria), criteria


def test_points_become_numbers_with_a_decimal_point_or_comma(judged_competition):
    form, criteria = rubric_form(judged_competition, ["28", " 25,5 ", "", "31"])

    assert form.is_valid(), form.errors
    assert form.points() == {
        criteria[0].pk: D(28),
        criteria[1].pk: D("25.5"),
        criteria[2].pk: None,
        criteria[3].pk: D(31),
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("20.25", "科技含量：只能给整数分或半分。"),
        ("很好", "科技含量：“很好”不是数字。"),
        ("NaN", "科技含量：“NaN”不是数字。"),
    ],
)
def test_points_that_are_no_whole_or_half_number_are_refused_naming_the_criterion(judged_competition, value, message):
    form, _criteria = rubric_form(judged_competition, [value])

    assert not form.is_valid()
    assert form.non_field_errors() == [message]


def test_attempts_become_numbers_in_order(festival, school_class):
    race = CompetitionFactory(
        festival=festival, invention=True, code="HH", scoring_mode="measurement", attempts=3, unit="秒", better="lower"
    )
    data = {"attempt_1": "12,3", "attempt_2": "", "attempt_3": "11.84", "action": "submit"}

    form = ScoreForm(data, competition=race, criteria=[])
    refused = ScoreForm({**data, "attempt_2": "两秒"}, competition=race, criteria=[])

    assert form.is_valid() and form.attempts() == [D("12.3"), None, D("11.84")]
    assert not refused.is_valid() and refused.non_field_errors() == ["第 2 次成绩：“两秒”不是数字。"]
