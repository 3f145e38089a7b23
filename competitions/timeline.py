"""One competition's course as the festival page draws it: six steps from 征集 to 结果生效, each with its dates,
done, under way today or still to come.

Pure: it reads the competition's own fields (dates, lock, publication), so a page of many competitions draws
their timelines without a query. The step under way is the one of the competition's stage
(``Competition.stage``). Who may not see results early (everyone but the organizers, ``see_lock=False``) sees a
locked competition at the stage its dates give (评审中 or 评审结束) and no lock date until the results are
published, as ``awards.visibility`` keeps awarded entries "in judging" until then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from competitions.models import Competition
from competitions.stages import Stage

PAST, CURRENT, FUTURE = "past", "current", "future"


@dataclass(frozen=True)
class Step:
    key: str
    label: Promise
    start: dt.datetime | None
    end: dt.datetime | None
    state: str  # PAST, CURRENT or FUTURE
    # The stage today when the step is under way (its name is shown beside 今天), else None.
    stage: Stage | None = None
    # Whether the start and the end are shown with their time of day, not only the date.
    start_time: bool = False
    end_time: bool = False

    @property
    def same_day(self) -> bool:
        """The end falls on the start's day: the step shows one date with the two times."""
        return bool(self.start and self.end and _day(self.start) == _day(self.end))


LABELS: dict[str, Promise] = {
    "submission": pgettext_lazy("timeline step", "Entries"),
    "closed": pgettext_lazy("timeline step", "Deadline / shortlists"),
    "judging": pgettext_lazy("timeline step", "Judging"),
    "locked": pgettext_lazy("timeline step", "Results locked"),
    "notice": pgettext_lazy("timeline step", "Public notice"),
    "final": pgettext_lazy("timeline step", "Results final"),
}

# The step under way at each stage.
STEP_OF_STAGE: dict[Stage, str] = {
    Stage.UPCOMING: "submission",
    Stage.OPEN: "submission",
    Stage.CLOSED: "closed",
    Stage.JUDGING: "judging",
    Stage.JUDGED: "judging",
    Stage.LOCKED: "locked",
    Stage.NOTICE: "notice",
    Stage.FINAL: "final",
}


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def shown_stage(c: Competition, now: dt.datetime, *, see_lock: bool, closes: dt.datetime | None = None) -> Stage:
    """The stage as the viewer may see it: a locked, unpublished competition is at the stage of its dates for
    whoever may not see results early (judging is not over for them until the results are published)."""
    stage = c.stage(now, closes=closes)
    if stage == Stage.LOCKED and not see_lock:
        return Stage.JUDGING if now < c.judging_closes else Stage.JUDGED
    return stage


def competition_timeline(
    c: Competition, now: dt.datetime, *, see_lock: bool = False, closes: dt.datetime | None = None
) -> list[Step]:
    """The six steps of the competition at ``now``; ``closes`` is the viewer's class deadline
    (``Competition.closes_for``), ``see_lock`` whether the viewer may see the lock before publication."""
    stage = shown_stage(c, now, see_lock=see_lock, closes=closes)
    closes = closes or c.submission_closes
    locked_at = c.results_locked_at if (see_lock or c.published_at) else None
    spans = {
        "submission": (c.submission_opens, closes),
        "closed": (closes, c.judging_starts if c.judging_starts > closes else None),
        "judging": (c.judging_starts, c.judging_closes),
        "locked": (locked_at, None),
        "notice": (c.published_at, c.notice_ends_at),
        "final": (c.notice_ends_at, None),
    }
    current = list(LABELS).index(STEP_OF_STAGE[stage])
    steps = []
    for index, (key, (start, end)) in enumerate(spans.items()):
        state = PAST if index < current else CURRENT if index == current else FUTURE
        same_day = bool(start and end and _day(start) == _day(end))
        steps.append(
            Step(
                key=key,
                label=LABELS[key],
                start=start,
                end=end,
                state=state,
                stage=stage if state == CURRENT else None,
                # The deadline's hour always matters; other times only within one day (the posters' morning).
                start_time=same_day or key == "closed",
                end_time=same_day or key == "submission",
            )
        )
    return steps
