"""Which festival a school is running today, from festivals already read (no query)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from competitions.models import Festival


def current_of(festivals: list[Festival], today: dt.date) -> Festival | None:
    """Of these festivals (their phases prefetched), the one in progress today, else the next, else the latest;
    ``current_for`` without a query when the caller has read them already (published ones only count)."""
    festivals = [f for f in festivals if f.status == "published"]  # Festival.Status.PUBLISHED
    if not festivals:
        return None

    def span(f: Festival) -> tuple[dt.date, dt.date]:
        return f.starts_on or dt.date.max, f.ends_on or dt.date.min

    running = [f for f in festivals if span(f)[0] <= today <= span(f)[1]]
    if running:
        return max(running, key=lambda f: span(f)[0])
    upcoming = [f for f in festivals if span(f)[0] > today]
    if upcoming:
        return min(upcoming, key=lambda f: span(f)[0])
    return max(festivals, key=lambda f: (f.year, span(f)[1]))
