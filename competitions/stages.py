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
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from competitions.models import Competition


class Stage(models.TextChoices):
    """The course of one competition, in order (``Competition.stage``)."""

    UPCOMING = "upcoming", pgettext_lazy("competition stage", "Not open yet")
    OPEN = "open", pgettext_lazy("competition stage", "Open for entries")
    CLOSED = "closed", pgettext_lazy("competition stage", "Closed")
    JUDGING = "judging", pgettext_lazy("competition stage", "Judging")
    JUDGED = "judged", pgettext_lazy("competition stage", "Judging closed")
    LOCKED = "locked", pgettext_lazy("competition stage", "Results locked")
    NOTICE = "notice", pgettext_lazy("competition stage", "Public notice")
    FINAL = "final", pgettext_lazy("competition stage", "Final")

    @property
    def position(self) -> int:
        return list(Stage).index(self)


S = Stage


def stage_of(c: Competition, now: dt.datetime, *, closes: dt.datetime | None = None) -> Stage:
    """Where the competition stands at ``now``: from its dates, the lock and the publication. ``closes`` is one
    class's deadline (``Competition.closes_for``): a class with an extension is still open while the others'
    entries are closed or judged."""
    if c.published_at is not None:
        return S.NOTICE if c.notice_ends_at is None or now < c.notice_ends_at else S.FINAL
    if c.results_locked_at is not None:
        return S.LOCKED
    if now < c.submission_opens:
        return S.UPCOMING
    if now < (closes or c.submission_closes):
        return S.OPEN
    if now < c.judging_starts:
        return S.CLOSED
    if now < c.judging_closes:
        return S.JUDGING
    return S.JUDGED


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
    "accept": _action(_("accepting entries into judging"), S.OPEN, S.CLOSED, S.JUDGING),
    "withdraw_from_judging": _action(_("withdrawing an entry from judging"), S.OPEN, S.CLOSED, S.JUDGING, S.JUDGED),
    "assign": _action(_("assigning judges"), S.JUDGING),
    # "Scoring" alone is also the competition's scoring method (评分方式): the context keeps the action apart.
    "score": _action(pgettext_lazy("stage action", "scoring"), S.JUDGING),
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
