"""The home page's line about published results, whether a festival's results are published, and an entry's
state as the viewer may see it: lower apps (schools, submissions, judging) must not import awards, so their
templates ask these tags."""

from __future__ import annotations

from django import template

from awards import selectors, visibility

register = template.Library()


@register.inclusion_tag("awards/public/_home_results.html", takes_context=True)
def published_results(context) -> dict:
    """The latest publication of the user's school (not withdrawn): which competitions, its honour roll, and my
    results or the objections."""
    user = context["request"].user
    return {"user": user, "publication": selectors.latest_publication_at_school(user)}


@register.filter
def results_published(festival) -> bool:
    """Whether any of the festival's results are published: ``{% if festival|results_published %}``."""
    return festival is not None and festival.competitions.filter(published_at__isnull=False).exists()


@register.filter
def shown_state_for(entry, user):
    """The entry's state as ``user`` may see it (``awards.visibility.shown_state``), an ``EntryState``: prints as
    its value, ``.label`` its name. ``{% with state=entry|shown_state_for:request.user %}``."""
    return visibility.shown_state(entry, user)
