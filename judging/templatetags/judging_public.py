"""The home page's line about published results, and the entry state students and teachers may see: lower apps
(festival, submissions) must not import judging, so their templates ask these tags."""

from __future__ import annotations

from django import template

from judging import selectors
from submissions.models import Entry, EntryState

register = template.Library()


@register.inclusion_tag("judging/public/_home_results.html", takes_context=True)
def published_results(context) -> dict:
    """The latest published festival of the user's school: its honour roll, and my results or the objections."""
    user = context["request"].user
    return {"user": user, "publication": selectors.latest_publication_at_school(user)}


@register.filter
def shown_entry_state(entry: Entry) -> str:
    """The entry's state as students and teachers may see it: awarded or not only once the festival is published,
    still in judging before. ``{{ entry|shown_entry_state }}``; select_related("festival__publication") spares
    the query per entry."""
    if entry.state in (EntryState.AWARDED, EntryState.NOT_AWARDED) and not hasattr(entry.festival, "publication"):
        return str(EntryState.IN_JUDGING.label)
    return entry.get_state_display()
