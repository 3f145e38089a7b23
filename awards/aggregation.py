"""From judges' totals to an entry's score. Pure functions over plain values: no database.

- An entry's score is the mean of its judges' submitted totals.
- With ``drop_extremes`` and five or more judges, one highest and one lowest total are dropped first
  (去掉一个最高分和一个最低分).
- With ``normalise``, each judge's totals are first turned into z-scores against that judge's own mean
  and spread, then put back on the panel's overall scale (overall mean + z × overall standard
  deviation), so a strict judge and a lenient one who scored different entries count the same. A judge
  with a single score, or who gave everyone the same total, has no spread: their totals become the
  panel's mean.
- Scores are rounded half up to two decimals at the end, never in between.
- An entry is flagged for the head judge when its judges' totals differ by more than ``spread_limit``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DROP_EXTREMES_MIN = 5
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class JudgeTotal:
    entry_id: int
    judge_id: int
    total: Decimal


@dataclass(frozen=True, slots=True)
class EntryScore:
    entry_id: int
    score: Decimal
    judges: int
    spread: Decimal  # highest minus lowest raw total
    flagged: bool


def round2(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def trimmed_mean(values: Sequence[Decimal | float], *, drop_extremes: bool) -> Decimal:
    """Mean, without the single highest and lowest value when asked and there are five or more."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(Decimal(str(v)) for v in values)
    if drop_extremes and len(ordered) >= DROP_EXTREMES_MIN:
        ordered = ordered[1:-1]
    return sum(ordered, Decimal(0)) / len(ordered)


def normalised_totals(totals: Iterable[JudgeTotal]) -> list[JudgeTotal]:
    """Each judge's totals as z-scores, rescaled to the panel's overall mean and standard deviation."""
    totals = list(totals)
    if not totals:
        return []
    values = [float(t.total) for t in totals]
    overall_mean = sum(values) / len(values)
    overall_sd = _population_sd(values, overall_mean)
    by_judge: dict[int, list[float]] = defaultdict(list)
    for t in totals:
        by_judge[t.judge_id].append(float(t.total))
    stats = {}
    for judge_id, judge_values in by_judge.items():
        mean = sum(judge_values) / len(judge_values)
        stats[judge_id] = (mean, _population_sd(judge_values, mean))
    result = []
    for t in totals:
        mean, sd = stats[t.judge_id]
        z = (float(t.total) - mean) / sd if sd > 0 else 0.0
        result.append(JudgeTotal(t.entry_id, t.judge_id, Decimal(repr(overall_mean + z * overall_sd))))
    return result


def _population_sd(values: Sequence[float], mean: float) -> float:
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def aggregate(
    totals: Iterable[JudgeTotal],
    *,
    drop_extremes: bool = False,
    normalise: bool = False,
    spread_limit: Decimal | None = None,
) -> dict[int, EntryScore]:
    """The score of every entry that has at least one submitted total."""
    totals = list(totals)
    raw: dict[int, list[Decimal]] = defaultdict(list)
    for t in totals:
        raw[t.entry_id].append(Decimal(str(t.total)))
    counted: dict[int, list[Decimal]] = defaultdict(list)
    for t in normalised_totals(totals) if normalise else totals:
        counted[t.entry_id].append(Decimal(str(t.total)))
    scores = {}
    for entry_id, values in counted.items():
        spread = max(raw[entry_id]) - min(raw[entry_id])
        scores[entry_id] = EntryScore(
            entry_id=entry_id,
            score=round2(trimmed_mean(values, drop_extremes=drop_extremes)),
            judges=len(values),
            spread=spread,
            flagged=spread_limit is not None and spread > spread_limit,
        )
    return scores
