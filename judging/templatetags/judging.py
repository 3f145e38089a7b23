"""Template tags of the judging app for pages of lower apps (the home page), which may not import judging."""

from __future__ import annotations

from django import template

from judging import selectors
from schools.models import User

register = template.Library()


@register.inclusion_tag("judging/judge/_home_summary.html")
def judge_home_summary(user: User) -> dict:
    """The judge's progress per competition and the reminders they have not read yet."""
    return {"progress": selectors.judge_progress(user), "nudges": list(selectors.unseen_nudges(user))}
