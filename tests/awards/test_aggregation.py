"""Aggregation against hand-computed cases."""

from decimal import Decimal as D

import pytest

from awards.aggregation import JudgeTotal, aggregate, normalised_totals, round2, trimmed_mean
from competitions.models import Competition


def totals(entry_id, *values):
    return [JudgeTotal(entry_id, judge, D(str(v))) for judge, v in enumerate(values, start=1)]


def test_score_is_the_mean_of_the_judges_totals_rounded_half_up():
    scores = aggregate(totals(1, 80, 85, 90.5))

    # (80 + 85 + 90.5) / 3 = 85.1666… → 85.17
    assert scores[1].score == D("85.17")
    assert scores[1].judges == 3


def test_half_up_rounding_of_a_mean_ending_in_five():
    # (85 + 85.25) / 2 = 85.125 → 85.13 (half up, not banker's 85.12)
    assert aggregate(totals(1, 85, 85.25))[1].score == D("85.13")


def test_trimmed_mean_drops_one_highest_and_one_lowest_with_five_judges():
    scores = aggregate(totals(1, 60, 80, 82, 84, 99), drop_extremes=True)

    # without 60 and 99: (80 + 82 + 84) / 3 = 82
    assert scores[1].score == D("82.00")
    assert scores[1].judges == 5


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    assert trimmed_mean([D(90), D(90), D(70), D(70), D(80)], drop_extremes=True) == D(80)


def test_with_four_judges_nothing_is_dropped_even_when_asked():
    assert aggregate(totals(1, 60, 80, 82, 98), drop_extremes=True)[1].score == D("80.00")


def test_entries_without_totals_have_no_score():
    assert aggregate([]) == {}


def test_wide_disagreement_is_flagged():
    scores = aggregate(totals(1, 60, 90) + totals(2, 80, 85), spread_limit=D(20))

    assert (scores[1].spread, scores[1].flagged) == (D(30), True)
    assert (scores[2].spread, scores[2].flagged) == (D(5), False)


def test_normalisation_cancels_a_strict_judge():
    # Judge 1 is strict (60, 70), judge 2 lenient (80, 90), both rank entry 2 above entry 1 by 10.
    raw = [
        JudgeTotal(1, 1, D(60)),
        JudgeTotal(2, 1, D(70)),
        JudgeTotal(3, 2, D(80)),
        JudgeTotal(4, 2, D(90)),
    ]

    result = {(t.entry_id, t.judge_id): float(t.total) for t in normalised_totals(raw)}

    # overall mean 75, population sd sqrt(125) = 11.1803; each judge: mean ±5, sd 5 → z = ±1
    assert result[(1, 1)] == pytest.approx(75 - 11.180339887)
    assert result[(2, 1)] == pytest.approx(75 + 11.180339887)
    assert result[(1, 1)] == pytest.approx(result[(3, 2)])
    assert result[(2, 1)] == pytest.approx(result[(4, 2)])


def test_normalised_aggregate_uses_the_rescaled_totals_but_reports_the_raw_spread():
    raw = [JudgeTotal(1, 1, D(60)), JudgeTotal(2, 1, D(70)), JudgeTotal(1, 2, D(80)), JudgeTotal(2, 2, D(90))]

    scores = aggregate(raw, normalise=True)

    # both judges put entry 1 one sd below their mean → both normalised to 75 - 11.18 = 63.82
    assert scores[1].score == D("63.82")
    assert scores[2].score == D("86.18")
    assert scores[1].spread == D(20)


def test_a_judge_without_spread_counts_as_the_panel_mean():
    raw = [JudgeTotal(1, 1, D(70)), JudgeTotal(2, 2, D(80)), JudgeTotal(3, 2, D(90))]

    result = {t.entry_id: float(t.total) for t in normalised_totals(raw)}

    assert result[1] == pytest.approx(80.0)


def test_measurement_takes_the_best_valid_attempt():
    assert Competition(better="lower").best([12.3, None, 11.8]) == D("11.8")
    assert Competition(better="higher").best([35, 41.5, None]) == D("41.5")
    assert Competition(better="higher").best([None, None]) is None


def test_round2():
    assert round2(D("2.675")) == D("2.68")
