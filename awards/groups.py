"""The award group (获奖组别) a result is ranked and awarded in: one grade, one section or the whole competition.

Stored in ``Result.group`` as a short key (``grade-3``, ``section-primary``, ``whole``); this is the one place
that makes, reads, names and orders those keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from competitions.models import AwardGrouping
from schools.models import GRADE_NAMES, Section, section_of_grade

SECTION_ORDER = {section: i for i, section in enumerate(Section.values)}


@dataclass(frozen=True, slots=True)
class AwardGroup:
    kind: str  # "grade", "section" or "whole"
    value: str = ""

    @classmethod
    def of(cls, grouping: str, grade_number: int) -> AwardGroup:
        """The group of an entry of this grade in a competition awarded by ``grouping``."""
        if grouping == AwardGrouping.GRADE:
            return cls("grade", str(grade_number))
        if grouping == AwardGrouping.SECTION:
            return cls("section", section_of_grade(grade_number))
        return cls("whole")

    @classmethod
    def parse(cls, key: str) -> AwardGroup:
        kind, _sep, value = key.partition("-")
        if kind == "grade" and value.isdigit() and int(value) in GRADE_NAMES:
            return cls("grade", value)
        if kind == "section" and value in SECTION_ORDER:
            return cls("section", value)
        return cls("whole")

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.value}" if self.value else self.kind

    @property
    def label(self) -> str:
        """三年级, 小学, 全项目."""
        if self.kind == "grade":
            return str(GRADE_NAMES[int(self.value)])
        if self.kind == "section":
            return str(Section(self.value).label)
        return str(AwardGrouping.WHOLE.label)

    @property
    def order(self) -> tuple[int, int]:
        """Per grade first (三年级 before 四年级), then per section (小学, 初中, 高中), then the whole competition."""
        if self.kind == "grade":
            return (0, int(self.value))
        if self.kind == "section":
            return (1, SECTION_ORDER[self.value])
        return (2, 0)


def group_label(key: str) -> str:
    return AwardGroup.parse(key).label


def group_order(key: str) -> tuple[int, int]:
    return AwardGroup.parse(key).order


def group_order_expression() -> Case:
    """``group_order`` in SQL, for ordering ``Result`` rows by their ``group`` column in the database."""
    groups = [AwardGroup("grade", str(n)) for n in GRADE_NAMES] + [AwardGroup("section", s) for s in SECTION_ORDER]
    ranked = sorted(groups, key=lambda g: g.order)
    return Case(
        *[When(group=g.key, then=Value(i)) for i, g in enumerate(ranked)],
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )
