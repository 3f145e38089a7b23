"""What of an entry's result a person may see, at each stage: the one rule every page that prints an entry's
state follows (the lower apps' templates through the ``shown_state_for`` filter of ``{% load awards %}``).

Awarded or not is part of the result. Until the competition's results are published (``Competition.published_at``,
set by a ``Publication`` and cleared when it is withdrawn; only locked results are published), an awarded or
not-awarded entry reads "in judging" to everyone (students, teachers, judges, the public) except the organizers of
its school, who see the real state throughout. Reads ``entry.competition``: select it with the entry
(``select_related("competition")``) to keep a list's queries constant.
"""

from __future__ import annotations

from awards.models import Result
from schools.models import User
from submissions.models import Entry, EntryState

# The states that tell the result.
RESULT_STATES = (EntryState.AWARDED, EntryState.NOT_AWARDED)


def result_shown(entry: Entry) -> bool:
    """Whether students, teachers and judges may see the entry's result: its competition's results published."""
    return entry.competition.results_published and entry.competition.results_locked


def shown_result(entry: Entry) -> Result | None:
    """The entry's result if students and teachers may see it, else None."""
    if not result_shown(entry):
        return None
    return getattr(entry, "result", None)


def shown_state(entry: Entry, user: User | None = None) -> EntryState:
    """The entry's state as ``user`` may see it: "in judging" instead of awarded or not until it may be shown."""
    state = EntryState(entry.state)
    if (
        state in RESULT_STATES
        and not result_shown(entry)
        and not (user is not None and user.has_perm("awards.see_results_early", entry))
    ):
        return EntryState.IN_JUDGING
    return state
