"""The stage × action table: in which stages of a competition (``Competition.stage``) each action is allowed.

This is the one home of the table that docs/design.md prints ("Stages of a competition") and
``tests/test_stages.py`` runs action by action against the services. A service asks ``check_stage`` before it
changes anything; a page asks ``stage_refusal`` to offer the action only where it would be taken. Rules finer
than a stage stay with the services that own them (the class's own deadline, every score in before the head
judge computes, the judging window).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition, Stage

S = Stage


@dataclass(frozen=True)
class Action:
    label: Promise
    stages: frozenset[Stage]


def _action(label: Promise, *stages: Stage) -> Action:
    return Action(label=label, stages=frozenset(stages))


# Keys are what services pass to check_stage; the order is the table's.
ACTIONS: dict[str, Action] = {
    # Students and head teachers, on their own entries (within their class's deadline).
    "entry_create": _action(_("creating an entry"), S.OPEN),
    "entry_change": _action(_("changing, submitting or withdrawing an entry"), S.OPEN),
    # The organizers, with a reason: a late correction before the judges see the entry.
    "entry_override": _action(_("correcting an entry after the deadline"), S.OPEN, S.CLOSED),
    "shortlist": _action(_("changing a class's shortlist"), S.OPEN, S.CLOSED),
    "accept": _action(_("accepting entries into judging"), S.CLOSED, S.JUDGING),
    "withdraw_from_judging": _action(_("withdrawing an entry from judging"), S.CLOSED, S.JUDGING, S.JUDGED),
    "assign": _action(_("assigning judges"), S.JUDGING),
    "score": _action(_("scoring"), S.JUDGING),
    "compute": _action(_("computing the results"), S.JUDGING, S.JUDGED),
    "adjust": _action(_("adjusting an award"), S.JUDGING, S.JUDGED),
    "lock": _action(_("locking the results"), S.JUDGING, S.JUDGED),
    "unlock": _action(_("unlocking the results"), S.LOCKED),
    "publish": _action(_("publishing the results"), S.LOCKED),
    "withdraw_publication": _action(_("withdrawing the publication"), S.NOTICE),
    "object": _action(_("raising an objection"), S.NOTICE),
    "answer_objection": _action(_("answering an objection"), S.NOTICE, S.FINAL),
}


def stage_refusal(
    competition: Competition, action: str, now: dt.datetime | None = None, *, closes: dt.datetime | None = None
) -> str | None:
    """Why ``action`` is not allowed on the competition at ``now`` (its stage), or None when it is."""
    stage = competition.stage(now or timezone.now(), closes=closes)
    spec = ACTIONS[action]
    if stage in spec.stages:
        return None
    return gettext("“%(name)s” is at the stage “%(stage)s”: %(action)s is not possible now.") % {
        "name": competition.name,
        "stage": stage.label,
        "action": spec.label,
    }


def check_stage(
    competition: Competition, action: str, now: dt.datetime | None = None, *, closes: dt.datetime | None = None
) -> None:
    """Refuse ``action`` with the stage's message unless the table allows it now."""
    refusal = stage_refusal(competition, action, now, closes=closes)
    if refusal:
        raise ValidationError(refusal)
