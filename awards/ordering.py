"""The order results are listed in everywhere — results pages, the honour roll, certificates: by
competition, then award (一等奖 first), then award group (grades, then sections, then the whole
competition), then rank and entry code."""

from __future__ import annotations

from typing import Any

from competitions.models import AwardLevel
from schools.models import Section

LEVEL_ORDER = {level: i for i, level in enumerate(AwardLevel.values)}
SECTION_ORDER = {section: i for i, section in enumerate(Section.values)}


def group_order(group: str) -> tuple[int, int]:
    """Per grade first (三年级 before 四年级), then per section (小学, 初中, 高中), then the whole competition."""
    kind, _sep, value = group.partition("-")
    if kind == "grade" and value.isdigit():
        return (0, int(value))
    if kind == "section" and value in SECTION_ORDER:
        return (1, SECTION_ORDER[value])
    return (2, 0)


def result_order(result: Any) -> tuple:
    """The sort key of a Result with its competition and entry loaded."""
    return (
        result.competition.position,
        result.competition_id,
        LEVEL_ORDER.get(result.level, len(LEVEL_ORDER)),
        group_order(result.group),
        result.rank or 0,
        result.entry.code,
    )
