"""The home page's line about published results: festival must not import judging, so the page asks a tag."""

from __future__ import annotations

from django import template

from judging import selectors

register = template.Library()


@register.inclusion_tag("judging/public/_home_results.html", takes_context=True)
def published_results(context) -> dict:
    """The latest published festival of the user's school: its honour roll, and my results or the objections."""
    user = context["request"].user
    return {"user": user, "publication": selectors.latest_publication_at_school(user)}
