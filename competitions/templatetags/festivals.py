"""The current festival on the home page.

An inclusion tag rather than code in festival/views/home.py: the home view belongs to the festival app, which
must not import competitions (the app order is festival ← competitions ← submissions ← judging), while the
card needs the competitions' deadlines. Templates may use tags of any installed app.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from competitions import phrases
from competitions.selectors import competitions_of_festival, current_festival_for, deadlines_for

register = template.Library()


@register.inclusion_tag("festivals/_home_card.html", takes_context=True)
def current_festival(context) -> dict:
    user = context["request"].user
    now = timezone.now()
    today = timezone.localdate(now)
    festival = current_festival_for(user, today)
    if festival is None or not user.has_perm("competitions.view_festival", festival):
        return {"festival": None, "user": user}
    deadlines = deadlines_for(user, list(competitions_of_festival(festival, user)), now)
    deadline = deadlines[0] if deadlines else None
    return {
        "user": user,
        "festival": festival,
        "phase": festival.phase_on(today),
        "next_phase": festival.next_phase_after(today),
        "deadline": deadline,
        "countdown": phrases.countdown(deadline.closes, now) if deadline else "",
    }
