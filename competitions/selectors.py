"""Reads that several views share: which festivals and competitions a user may see, and what they hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils.functional import Promise

from competitions.models import AwardGrouping, ClassExtension, Competition, EntryMode, Festival
from schools.models import GRADE_NAMES, SchoolClass, Section, User, section_of_grade


def festivals_visible_to(user: User) -> QuerySet[Festival]:
    """Organizers see every festival of their school; everyone else of the school the published ones."""
    qs = Festival.objects.select_related("school").prefetch_related("phases")
    if not user.is_authenticated or not user.school_id:
        return qs.none()
    qs = qs.filter(school_id=user.school_id)
    if user.is_organizer:
        return qs
    return qs.visible_to_participants()


def competitions_visible_to(user: User) -> QuerySet[Competition]:
    """Organizers: their school's; teachers and judges: of published festivals; students: also of their grade."""
    qs = Competition.objects.select_related("festival__school").prefetch_related("eligible_grades")
    if not user.is_authenticated or not user.school_id:
        return qs.none()
    qs = qs.filter(festival__school_id=user.school_id)
    if user.is_organizer:
        return qs
    qs = qs.exclude(festival__status=Festival.Status.DRAFT)
    if user.is_teacher or user.is_judge:
        return qs
    if user.is_student and user.school_class_id:
        return qs.filter(eligible_grades__classes=user.school_class_id)
    return qs.none()


def competitions_of_festival(festival: Festival, user: User) -> QuerySet[Competition]:
    return (
        competitions_visible_to(user)
        .filter(festival=festival)
        .prefetch_related(
            "criteria",
            "award_tiers",
            Prefetch("extensions", queryset=ClassExtension.objects.select_related("school_class__grade")),
        )
        .order_by("position", "id")
    )


def current_festival_for(user: User, today: dt.date) -> Festival | None:
    if not user.is_authenticated or not user.school_id:
        return None
    return Festival.objects.current_for(user.school_id, today)


@dataclass(frozen=True)
class GroupCapacity:
    """How many entries a group of an award scheme can have at most."""

    label: str | Promise
    classes: int
    entries: int


def entries_possible(
    *, festival: Festival, grade_numbers: list[int], entry_mode: str, class_quota: int, grouping: str
) -> list[GroupCapacity]:
    """At most ``class_quota`` entries per class (one in class-collective mode), summed per award group."""
    per_class = 1 if entry_mode == EntryMode.CLASS else class_quota
    counts = dict(
        SchoolClass.objects.filter(grade__school_id=festival.school_id, grade__number__in=grade_numbers)
        .values_list("grade__number")
        .annotate(n=Count("pk"))
        .values_list("grade__number", "n")
    )
    if grouping == AwardGrouping.GRADE:
        return [GroupCapacity(GRADE_NAMES[g], counts.get(g, 0), counts.get(g, 0) * per_class) for g in grade_numbers]
    if grouping == AwardGrouping.SECTION:
        sections: dict[str, int] = {}
        for g in grade_numbers:
            sections[section_of_grade(g)] = sections.get(section_of_grade(g), 0) + counts.get(g, 0)
        return [GroupCapacity(Section(s).label, n, n * per_class) for s, n in sections.items()]
    total = sum(counts.get(g, 0) for g in grade_numbers)
    return [GroupCapacity(AwardGrouping.WHOLE.label, total, total * per_class)]


@dataclass(frozen=True)
class Deadline:
    competition: Competition
    closes: dt.datetime
    extended: bool


def deadlines_for(user: User, competitions: list[Competition], now: dt.datetime) -> list[Deadline]:
    """The submission deadlines still ahead for this user (their class's extension counts), soonest first."""
    school_class = user.school_class if user.is_authenticated and user.school_class_id else None
    deadlines = []
    for c in competitions:
        closes = c.closes_for(school_class)
        if closes > now:
            deadlines.append(Deadline(c, closes, closes != c.submission_closes))
    return sorted(deadlines, key=lambda d: d.closes)
