"""What a competition's numbers and windows may be, beyond what the columns hold (pure; the model asks it).

PostgreSQL refuses a small integer over 32767 with an error where SQLite stores it; with these bounds both
refuse alike, on the form, with a message. The windows sit inside the festival's span (its phases' first
and last day, in the school's time zone), and judging opens no earlier than submission closes.
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

MAX_TEAM = 50  # a whole class
MAX_PER_STUDENT = 20
MAX_CLASS_QUOTA = 100  # more than any class has pupils
# The shorter side a photo must have; no higher than a 40-megapixel picture's (submissions.uploads.images).
MAX_MIN_IMAGE_PX = 4000
MAX_AWARD_AMOUNT = 999  # awards or recommendations, as the award scheme form takes them

WINDOW_FIELDS = ("submission_opens", "submission_closes", "judging_opens", "judging_closes")


def window_problems(competition: Any) -> list[tuple[str, str]]:
    """(field, message) for each window time outside the festival, and judging opening before submission closes.

    The organizers' early opening (``judging_window_change``) closes submission at the same moment, so it passes.
    """
    problems = []
    if competition.submission_closes and competition.judging_opens:
        if competition.judging_opens < competition.submission_closes:
            problems.append(("judging_opens", _("Judging cannot open before submission closes.")))
    festival = competition.festival if competition.festival_id else None
    first, last = (festival.starts_on, festival.ends_on) if festival else (None, None)
    if first is None or last is None:
        return problems  # a festival without phases yet has no span to keep to
    tz = zoneinfo.ZoneInfo(festival.school.timezone)
    for field in WINDOW_FIELDS:
        value = getattr(competition, field)
        if value is not None and not first <= value.astimezone(tz).date() <= last:
            problems.append(
                (
                    field,
                    _("This is outside the festival, which runs from %(first)s to %(last)s.")
                    % {"first": formats.date_format(first), "last": formats.date_format(last)},
                )
            )
    return problems
