"""Template helpers of the teachers' entry buttons and class links."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from competitions.kinds import PHYSICAL_KINDS
from schools.models import SchoolClass
from submissions import selectors, services
from submissions.models import Entry

register = template.Library()


@dataclass(frozen=True)
class Quota:
    used: int
    quota: int

    @property
    def left(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def full(self) -> bool:
        return self.used >= self.quota


@register.simple_tag
def entry_quota(entry: Entry) -> Quota:
    """How many of the class's places in the entry's competition are used (one query)."""
    used = services.quota_used(competition=entry.competition, school_class=entry.school_class)
    return Quota(used=used, quota=entry.competition.class_quota)


@register.filter
def is_physical(entry: Entry) -> bool:
    return entry.competition.kind in PHYSICAL_KINDS


@register.simple_tag(takes_context=True)
def class_competitions(context, school_class: SchoolClass):
    """The competitions the class may enter, for links to its dashboards."""
    return list(selectors.competitions_for_class(context["request"].user, school_class))
