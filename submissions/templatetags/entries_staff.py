"""Template helpers of the teachers' entry buttons and class links."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from competitions.kinds import PHYSICAL_KINDS
from schools.models import SchoolClass
from submissions import selectors, services
from submissions.models import JUDGED_STATES, Entry, EntryState

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


@dataclass(frozen=True)
class ShortlistOffer:
    """The teacher's shortlist button of one entry: "add" or "remove", each only when the service would accept
    it now; ``refusal`` says why it is not offered."""

    action: str = ""
    refusal: str | None = None


@register.simple_tag(takes_context=True)
def shortlist_offer(context, entry: Entry, used: int | None = None) -> ShortlistOffer:
    """What the list of the entry's class offers for it, decided by the shortlist services themselves.

    Nothing for entries past the list (in judging, judged, withdrawn by the organizers): their state says it, and
    the entry page says whom to ask. ``used``: the class's places taken, when the page counted them once.
    """
    user = context["request"].user
    if entry.state == EntryState.RECOMMENDED:
        return ShortlistOffer("remove", services.shortlist_remove_refusal(entry=entry, by=user))
    if entry.state in JUDGED_STATES or services.withdrawn_by_organizers(entry):
        return ShortlistOffer()
    counted = used if isinstance(used, int) else None  # a template passes "" for a name it does not know
    return ShortlistOffer("add", services.shortlist_add_refusal(entry=entry, by=user, used=counted))


@register.filter
def is_physical(entry: Entry) -> bool:
    return entry.competition.kind in PHYSICAL_KINDS


@register.simple_tag(takes_context=True)
def class_competitions(context, school_class: SchoolClass):
    """The competitions the class may enter, for links to its dashboards."""
    return list(selectors.competitions_for_class(context["request"].user, school_class))
