"""The current festival on the home page.

An inclusion tag rather than code in festival/views/home.py: the home view belongs to the festival app, which
must not import competitions (the app order is festival ← competitions ← submissions ← judging), while the
card needs the competitions' deadlines. Templates may use tags of any installed app.
"""

from __future__ import annotations

from django import template
from django.db.models import Prefetch
from django.utils import timezone

from competitions import phrases
from competitions.models import ClassExtension, Competition, Festival
from competitions.selectors import competitions_visible_to, current_festival_for, deadlines_for
from schools.models import User

register = template.Library()


def _with_deadlines(festival: Festival, user: User) -> list[Competition]:
    """The festival's competitions the user sees, with only what their deadlines need: the user's class's
    extension, if they are in a class (a query less otherwise); no rubric, award tiers or grades."""
    competitions = competitions_visible_to(user).filter(festival=festival).prefetch_related(None)
    if user.school_class_id:
        competitions = competitions.prefetch_related(
            Prefetch("extensions", queryset=ClassExtension.objects.filter(school_class_id=user.school_class_id))
        )
    return list(competitions.order_by("position", "id"))


@register.inclusion_tag("festivals/_home_card.html", takes_context=True)
def current_festival(context) -> dict:
    user = context["request"].user
    now = timezone.now()
    today = timezone.localdate(now)
    # The home view has read it already (then it is in the context, None included).
    festival = context["current_festival"] if "current_festival" in context else current_festival_for(user, today)
    if festival is None or not user.has_perm("competitions.view_festival", festival):
        return {"festival": None, "user": user}
    # The home view's read of the festival's competitions (for an organizer's blockers) does when no class
    # extension is to be looked at.
    competitions = context.get("festival_competitions")
    if competitions is None or user.school_class_id:
        competitions = _with_deadlines(festival, user)
    deadlines = deadlines_for(user, competitions, now)
    deadline = deadlines[0] if deadlines else None
    return {
        "user": user,
        "festival": festival,
        "phase": festival.phase_on(today),
        "next_phase": festival.next_phase_after(today),
        "deadline": deadline,
        "countdown": phrases.countdown(deadline.closes, now) if deadline else "",
    }
