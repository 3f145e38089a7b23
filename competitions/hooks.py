"""What higher apps tell this one about a competition's entries and scores.

``competitions`` must not import ``submissions`` or ``judging``; yet changing a competition may break
their rows (changing the kind of a competition that has entries, lowering a quota below the entries a
class already recommended). So the higher apps register a counter here from their ``AppConfig.ready()``:

    from competitions.hooks import register_usage_counter
    register_usage_counter(entries_usage)   # entries_usage(competition) -> Usage

Until they do, every count is 0 and nothing is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from competitions.models import Competition


@dataclass(frozen=True)
class Usage:
    entries: int = 0
    drafts: int = 0
    scores: int = 0
    # class id → entries the class has recommended (择优选送) so far
    recommended_per_class: dict[int, int] = field(default_factory=dict)
    # grade number → entries made by students (or classes) of that grade
    entries_per_grade: dict[int, int] = field(default_factory=dict)

    def __add__(self, other: Usage) -> Usage:
        recommended = dict(self.recommended_per_class)
        for class_id, n in other.recommended_per_class.items():
            recommended[class_id] = recommended.get(class_id, 0) + n
        per_grade = dict(self.entries_per_grade)
        for grade, n in other.entries_per_grade.items():
            per_grade[grade] = per_grade.get(grade, 0) + n
        return Usage(
            entries=self.entries + other.entries,
            drafts=self.drafts + other.drafts,
            scores=self.scores + other.scores,
            recommended_per_class=recommended,
            entries_per_grade=per_grade,
        )

    @property
    def most_recommended_by_a_class(self) -> int:
        return max(self.recommended_per_class.values(), default=0)


UsageCounter = Callable[["Competition"], Usage]
_counters: list[UsageCounter] = []


def register_usage_counter(counter: UsageCounter) -> None:
    if counter not in _counters:
        _counters.append(counter)


def unregister_usage_counter(counter: UsageCounter) -> None:
    if counter in _counters:
        _counters.remove(counter)


def competition_usage(competition: Competition) -> Usage:
    total = Usage()
    for counter in _counters:
        total = total + counter(competition)
    return total
