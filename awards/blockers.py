"""What each competition of a festival waits for, in one line for the organizers' home: its stage and what blocks
the next step (or what comes next), with the page where they act.

Here in awards because the facts come from every app below it (entries, panels and scores, results, objections).
``festival_blockers`` reads them for all the festival's competitions at once, in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Objection
from competitions.models import Competition, Festival
from competitions.stages import Stage
from judging.models import Assignment, Panel, Score
from submissions.models import JUDGED_STATES, QUOTA_STATES, Entry, EntryState

# Entries handed in: submitted, or further on (recommended, in judging, judged).
HANDED_IN_STATES = (EntryState.SUBMITTED, *QUOTA_STATES)


@dataclass(frozen=True)
class Blocker:
    competition: Competition
    stage: Stage
    text: str
    url: str


@dataclass
class _Facts:
    """What the queries found about one competition."""

    handed_in: int = 0
    recommended: int = 0
    classes_waiting: int = 0  # classes with a submitted entry and none recommended
    in_judging: int = 0
    has_panel: bool = False
    short: int = 0  # entries in judging short of judges
    judges_behind: int = 0
    scores_missing: int = 0
    open_objections: int = 0


def _when(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), _("M j, H:i"))


def _days_until(value: dt.datetime, now: dt.datetime) -> int:
    return (timezone.localtime(value).date() - timezone.localtime(now).date()).days


def _and(*parts: str) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = _("%(first)s, %(then)s") % {"first": text, "then": part}
    return text


def _entries_url(c: Competition, state: str = "") -> str:
    query = {"competition": c.pk, **({"state": state} if state else {})}
    return f"{reverse('all_entries')}?{urlencode(query)}"


def _facts(competitions: list[Competition]) -> dict[int, _Facts]:
    ids = [c.pk for c in competitions]
    facts = {pk: _Facts() for pk in ids}
    per_class: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for competition_id, class_id, state, n in (
        Entry.objects.filter(competition_id__in=ids, state__in=HANDED_IN_STATES)
        .values_list("competition_id", "school_class_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_class[competition_id, class_id][state] = n
    for (competition_id, _class_id), states in per_class.items():
        f = facts[competition_id]
        f.handed_in += sum(states.values())
        f.recommended += states.get(EntryState.RECOMMENDED, 0)
        f.in_judging += sum(states.get(s, 0) for s in JUDGED_STATES)
        if not any(states.get(s) for s in QUOTA_STATES):
            f.classes_waiting += 1
    for c in competitions:  # annotated by festival_blockers' query
        facts[c.pk].has_panel, facts[c.pk].open_objections = c.has_panel, c.open_objections
    # Entries in judging with as many judges as the competition asks (as judging_overview counts them): the others
    # are short of judges.
    needed = {c.pk: c.judges_per_entry for c in competitions}
    covered: dict[int, int] = defaultdict(int)
    for competition_id, n in (
        Assignment.objects.filter(entry__competition_id__in=ids, entry__state__in=JUDGED_STATES)
        .values_list("entry__competition_id", "entry_id")
        .annotate(n=Count("pk"))
        .values_list("entry__competition_id", "n")
        .order_by()
    ):
        if n >= needed[competition_id]:
            covered[competition_id] += 1
    for pk, f in facts.items():
        f.short = f.in_judging - covered[pk]
    for competition_id, judges, missing in (
        Assignment.objects.filter(entry__competition_id__in=ids, entry__state__in=JUDGED_STATES)
        .exclude(score__state=Score.State.SUBMITTED)
        .values_list("entry__competition_id")
        .annotate(judges=Count("judge", distinct=True), missing=Count("pk"))
        .values_list("entry__competition_id", "judges", "missing")
        .order_by()
    ):
        facts[competition_id].judges_behind, facts[competition_id].scores_missing = judges, missing
    return facts


def _open(c: Competition, f: _Facts, now: dt.datetime) -> tuple[str, str]:
    days = _days_until(c.submission_closes, now)
    if days <= 0:
        time = formats.date_format(timezone.localtime(c.submission_closes), "H:i")
        deadline = _("Closes today at %(time)s") % {"time": time}
    else:
        deadline = ngettext(
            "%(n)d day until the deadline (%(when)s)", "%(n)d days until the deadline (%(when)s)", days
        ) % {"n": days, "when": _when(c.submission_closes)}
    entries = ngettext("%(n)d entry submitted", "%(n)d entries submitted", f.handed_in) % {"n": f.handed_in}
    return _and(deadline, entries), _entries_url(c)


def _to_accept(f: _Facts) -> str:
    return ngettext(
        "%(n)d recommended entry waits to be accepted into judging",
        "%(n)d recommended entries wait to be accepted into judging",
        f.recommended,
    ) % {"n": f.recommended}


def _closed(c: Competition, f: _Facts) -> tuple[str, str]:
    parts = []
    if f.classes_waiting:
        parts.append(
            ngettext(
                "%(n)d class has not recommended an entry yet",
                "%(n)d classes have not recommended an entry yet",
                f.classes_waiting,
            )
            % {"n": f.classes_waiting}
        )
    if f.recommended:
        parts.append(_to_accept(f))
    if parts:
        state = EntryState.RECOMMENDED if f.recommended else EntryState.SUBMITTED
        return _and(*parts), _entries_url(c, state)
    if not f.has_panel:
        return _("No panel yet; judging starts %(when)s") % {"when": _when(c.judging_starts)}, reverse(
            "judging_panel", kwargs={"competition_id": c.pk}
        )
    return _("Judging starts %(when)s") % {"when": _when(c.judging_starts)}, reverse(
        "judging_panel", kwargs={"competition_id": c.pk}
    )


def _judging(c: Competition, f: _Facts, stage: Stage) -> tuple[str, str]:
    kwargs = {"competition_id": c.pk}
    if stage == Stage.JUDGING and f.recommended:
        return _to_accept(f), _entries_url(c, EntryState.RECOMMENDED)
    if not f.in_judging:
        return _("No entry is in judging"), _entries_url(c)
    if not f.has_panel:
        return _("No panel yet"), reverse("judging_panel", kwargs=kwargs)
    if f.short:
        return ngettext("%(n)d entry is short of judges", "%(n)d entries are short of judges", f.short) % {
            "n": f.short
        }, reverse("judging_assignments", kwargs=kwargs)
    if f.scores_missing:
        judges = ngettext("%(n)d judge has not finished", "%(n)d judges have not finished", f.judges_behind) % {
            "n": f.judges_behind
        }
        scores = ngettext("%(n)d score missing", "%(n)d scores missing", f.scores_missing) % {"n": f.scores_missing}
        return _("%(judges)s (%(scores)s)") % {"judges": judges, "scores": scores}, reverse(
            "judging_progress", kwargs=kwargs
        )
    if c.results_computed:
        return _("Results computed: they can be locked"), reverse("judging_results", kwargs=kwargs)
    return _("The results can be computed and locked"), reverse("judging_results", kwargs=kwargs)


def _objections(f: _Facts) -> str:
    return ngettext("%(n)d objection waits for an answer", "%(n)d objections wait for an answer", f.open_objections) % {
        "n": f.open_objections
    }


def _notice(c: Competition, f: _Facts, now: dt.datetime) -> tuple[str, str]:
    days = _days_until(c.notice_ends_at, now)
    ends = (
        _("Ends today")
        if days <= 0
        else ngettext("%(n)d day until it ends", "%(n)d days until it ends", days) % {"n": days}
    )
    objections = _objections(f) if f.open_objections else _("no objections")
    return _and(ends, objections), reverse("objections", kwargs={"festival_id": c.festival_id})


def _line(c: Competition, stage: Stage, f: _Facts, now: dt.datetime) -> tuple[str, str]:
    if stage == Stage.UPCOMING:
        return _("Opens for entries %(when)s") % {"when": _when(c.submission_opens)}, reverse(
            "competition_detail", kwargs={"competition_id": c.pk}
        )
    if stage == Stage.OPEN:
        return _open(c, f, now)
    if stage == Stage.CLOSED:
        return _closed(c, f)
    if stage in (Stage.JUDGING, Stage.JUDGED):
        return _judging(c, f, stage)
    if stage == Stage.LOCKED:
        return _("The results can be published"), reverse("judging_publish", kwargs={"festival_id": c.festival_id})
    if stage == Stage.NOTICE:
        return _notice(c, f, now)
    if f.open_objections:
        return _objections(f), reverse("objections", kwargs={"festival_id": c.festival_id})
    return _("Nothing left to do: the results are on the honour roll"), reverse(
        "honour_roll", kwargs={"festival_id": c.festival_id}
    )


def festival_blockers(festival: Festival, now: dt.datetime | None = None) -> list[Blocker]:
    """One row per competition of the festival, in its order: the stage, what blocks the next step (or what comes
    next) in words for the organizers, and the page where they act. Four queries, whatever the sizes: the
    competitions (with whether they have a panel and their open objections), their entries per class and state,
    the judges each entry in judging has, and the scores missing."""
    now = now or timezone.now()
    open_objections = (
        Objection.objects.filter(result__competition=OuterRef("pk"), state=Objection.State.OPEN)
        .order_by()
        .values("result__competition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    competitions = list(
        festival.competitions.annotate(
            has_panel=Exists(Panel.objects.filter(competition=OuterRef("pk"))),
            open_objections=Coalesce(Subquery(open_objections), 0),
        ).order_by("position", "pk")
    )
    facts = _facts(competitions)
    rows = []
    for c in competitions:
        stage = c.stage(now)
        text, url = _line(c, stage, facts[c.pk], now)
        rows.append(Blocker(competition=c, stage=stage, text=text, url=url))
    return rows
