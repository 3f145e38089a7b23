"""The order results are listed in everywhere — results pages, the honour roll, certificates, spreadsheets: by
competition, then award (一等奖 first), then award group (grades, then sections, then the whole
competition), then rank and entry code."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Value, When

from awards.groups import SECTION_ORDER, group_order
from competitions.models import AwardLevel

LEVEL_ORDER = {level: i for i, level in enumerate(AwardLevel.values)}

__all__ = ["LEVEL_ORDER", "SECTION_ORDER", "level_order_expression", "result_order"]


def level_order_expression() -> Case:
    """``LEVEL_ORDER`` in SQL, for ordering rows by their ``level`` column in the database; no award last."""
    return Case(
        *[When(level=level, then=Value(i)) for level, i in LEVEL_ORDER.items()],
        default=Value(len(LEVEL_ORDER)),
        output_field=IntegerField(),
    )


def result_order(result: Any) -> tuple:
    """The sort key of a Result with its competition and entry loaded."""
    return (
        result.competition.position,
        result.competition_id,
        LEVEL_ORDER.get(result.level, len(LEVEL_ORDER)),
        group_order(result.group),
        (result.rank is None, result.rank or 0),  # no rank last, as the queries order it (nulls_last)
        result.entry.code,
    )
