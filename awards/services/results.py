"""Results: aggregate the submitted scores, allocate the awards, adjust, lock; collective awards."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.aggregation import JudgeTotal, aggregate
from awards.allocation import Candidate, allocate, class_points, collective_awards
from awards.groups import AwardGroup
from awards.models import CollectiveAward, Result
from awards.selectors import scores_missing
from awards.services.publication import check_awards_may_be_decided
from competitions import phrases
from competitions.models import AwardLevel, Better, Competition, Festival, ScoringMode
from competitions.stages import Stage, check_stage, stage_refusal
from core.audit import audit_record
from judging.models import Panel, Score
from judging.services.panels import check_not_locked
from schools.models import SchoolClass, User, section_of_grade
from submissions import services as entry_services
from submissions.models import JUDGED_STATES, Entry, EntryState


def _check_manager(by: User, competition: Competition) -> None:
    if not by.has_perm("awards.manage_results", competition):
        raise ValidationError(_("Only the head judge or the organizers decide the results."))


def decide_refusal(competition: Competition, by: User, action: str, now: dt.datetime | None = None) -> str | None:
    """Why ``by`` may not compute (``action`` "compute") or lock ("lock") the results now, else None; the results
    page shows it instead of the button. Results are decided once judging has closed, or earlier once every
    assignment is scored; the head judge only once every score is in."""
    now = now or timezone.now()
    perm = "awards.compute_results" if action == "compute" else "awards.lock_results"
    if not by.has_perm(perm, competition):
        missing = scores_missing(competition)
        return ngettext(
            "The head judge decides the results once every score is in: %(n)d score is still missing.",
            "The head judge decides the results once every score is in: %(n)d scores are still missing.",
            missing,
        ) % {"n": missing}
    refusal = stage_refusal(competition, action, now)
    if refusal:
        return refusal
    if competition.stage(now) == Stage.JUDGING:
        missing = scores_missing(competition)
        if missing:
            return ngettext(
                "Judging of “%(name)s” runs until %(closes)s and %(n)d score is still missing: the results are "
                "decided once every score is in or judging has closed.",
                "Judging of “%(name)s” runs until %(closes)s and %(n)d scores are still missing: the results are "
                "decided once every score is in or judging has closed.",
                missing,
            ) % {"name": competition.name, "closes": phrases.when(competition.judging_closes), "n": missing}
    return None


def _check_may_decide(competition: Competition, by: User, action: str, now: dt.datetime | None) -> None:
    refusal = decide_refusal(competition, by, action, now)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def results_compute(*, competition: Competition, by: User, now: dt.datetime | None = None) -> list[Result]:
    """Score every entry in judging from its submitted scores and allocate the awards per group. The organizers
    compute once judging has closed (or earlier once every score is in); the head judge only once every assignment
    has a submitted score."""
    _check_manager(by, competition)
    check_not_locked(competition)
    _check_may_decide(competition, by, "compute", now)
    panel = Panel.objects.filter(competition=competition).first()
    entries = {
        e.pk: e
        for e in Entry.objects.filter(competition=competition, state__in=JUDGED_STATES).select_related(
            "school_class__grade"
        )
    }
    submitted = Score.objects.filter(entry_id__in=entries.keys(), state=Score.State.SUBMITTED, total__isnull=False)
    measurement = competition.scoring_mode == ScoringMode.MEASUREMENT
    if measurement:
        totals: dict[int, list[Decimal]] = defaultdict(list)
        for entry_id, total in submitted.values_list("entry_id", "total"):
            totals[entry_id].append(total)
        scores = {eid: (competition.best(values), 1, None, False) for eid, values in totals.items()}
    else:
        aggregated = aggregate(
            (JudgeTotal(e, j, t) for e, j, t in submitted.values_list("entry_id", "judge_id", "total")),
            drop_extremes=competition.drop_extremes,
            normalise=bool(panel and panel.normalise),
            spread_limit=panel.spread_limit if panel else None,
        )
        scores = {eid: (s.score, s.judges, s.spread, s.flagged) for eid, s in aggregated.items()}

    def ranking_key(value: Decimal) -> Decimal:
        # Allocation ranks higher first; a race ranks the shortest time first.
        return value if (not measurement or competition.better == Better.HIGHER) else -value

    placements = allocate(
        [
            Candidate(
                eid,
                AwardGroup.of(competition.award_grouping, e.school_class.grade.number).key,
                ranking_key(scores[eid][0]) if eid in scores else None,
            )
            for eid, e in entries.items()
        ],
        amounts=list(competition.award_tiers.values_list("level", "amount")),
        basis=competition.award_basis,
        min_score=None if measurement else competition.award_min_score,
        recommend=competition.recommend_count,
    )
    existing = {r.entry_id: r for r in Result.objects.filter(competition=competition)}
    fields = ["score", "judges", "spread", "flagged", "group", "rank", "computed_level", "level", "recommended"]
    results, new, changed = [], [], []
    for eid, entry in entries.items():
        placement = placements[eid]
        value, judges, spread, flagged = scores.get(eid, (None, 0, None, False))
        result = existing.get(eid) or Result(entry=entry, competition=competition)
        before = [getattr(result, f) for f in fields]
        result.score, result.judges, result.spread, result.flagged = value, judges, spread, flagged
        result.group, result.rank = placement.group, placement.rank
        result.computed_level = placement.level or ""
        if not result.adjust_reason:  # an adjustment with a recorded reason survives recomputing
            result.level = result.computed_level
        result.recommended = placement.recommended
        results.append(result)
        if result.pk is None:
            new.append(result)
        elif [getattr(result, f) for f in fields] != before:
            changed.append(result)
    Result.objects.bulk_create(new, batch_size=1000)
    # Only the rows whose values moved: bulk_update writes a CASE per field and row, slow for thousands.
    Result.objects.bulk_update(changed, fields, batch_size=500)
    competition.results_computed_at = now or timezone.now()
    competition.save(update_fields=["results_computed_at"])
    audit_record(actor=by, action="results.compute", obj=competition, changes={"results": (None, len(results))})
    return results


@transaction.atomic
def result_adjust(*, result: Result, level: str, reason: str, by: User) -> Result:
    competition = result.competition
    _check_manager(by, competition)
    check_not_locked(competition)
    check_stage(competition, "adjust")
    if level and level not in AwardLevel.values:
        raise ValidationError(_("Unknown award."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for changing the award; it is recorded."))
    before = result.level
    result.level, result.adjust_reason = level, reason.strip()
    result.save(update_fields=["level", "adjust_reason"])
    audit_record(actor=by, action="result.adjust", obj=result.entry, changes={"level": (before, level)}, reason=reason)
    return result


@transaction.atomic
def result_drop_withdrawn(*, entry: Entry, by: User, reason: str) -> None:
    """The organizers withdrew the entry (a listener of ``submissions.hooks``, in the withdrawal's transaction,
    which holds the competition row and refuses once the results are locked). Its result leaves the ranking,
    and the competition's results count as not computed: the others' ranks and awards were allocated with the
    entry among them, so they are computed again before they can be locked."""
    result = Result.objects.filter(entry=entry).first()
    if result is None:
        return
    competition = Competition.objects.get(pk=entry.competition_id)
    changes = {"level": (result.level, None), "rank": (result.rank, None)}
    result.delete()
    if competition.results_computed:
        competition.results_computed_at = None
        competition.save(update_fields=["results_computed_at"])
        changes["results_computed"] = (True, False)
    audit_record(actor=by, action="result.drop_withdrawn", obj=entry, changes=changes, reason=reason)


@transaction.atomic
def results_lock(*, competition: Competition, by: User, now: dt.datetime | None = None) -> Competition:
    _check_manager(by, competition)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.results_computed:
        raise ValidationError(_("Compute the results before locking them."))
    if competition.results_locked:
        raise ValidationError(_("The results of “%(name)s” are locked.") % {"name": competition.name})
    _check_may_decide(competition, by, "lock", now)
    competition.results_locked_at, competition.results_locked_by = now or timezone.now(), by
    competition.save(update_fields=["results_locked_at", "results_locked_by"])
    awarded = set(Result.objects.filter(competition=competition).exclude(level="").values_list("entry_id", flat=True))
    entry_services.entries_judged(competition=competition, awarded=awarded, by=by)
    audit_record(actor=by, action="results.lock", obj=competition)
    return competition


@transaction.atomic
def results_unlock(*, competition: Competition, by: User, reason: str) -> Competition:
    if not by.has_perm("awards.unlock_results", competition):
        raise ValidationError(_("Only the organizers unlock results."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for unlocking; it is recorded."))
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.results_published:
        raise ValidationError(_("The results are published; answer objections instead of unlocking."))
    check_stage(competition, "unlock")
    competition.results_locked_at, competition.results_locked_by = None, None
    competition.save(update_fields=["results_locked_at", "results_locked_by"])
    entry_services.entries_back_to_judging(competition=competition, by=by, reason=reason)
    audit_record(actor=by, action="results.unlock", obj=competition, reason=reason)
    return competition


@transaction.atomic
def collective_compute(
    *, festival: Festival, by: User, points: dict[str, int] | None = None, participation_points: int = 1
) -> list[CollectiveAward]:
    """Class points from the locked results and from taking part; the best classes per section."""
    if not by.has_perm("awards.manage_awards", festival):
        raise ValidationError(_("Only the organizers decide the collective awards."))
    check_awards_may_be_decided(festival)
    classes = SchoolClass.objects.filter(grade__school_id=festival.school_id).select_related("grade")
    sections = {c.pk: section_of_grade(c.grade.number) for c in classes}
    awards = Result.objects.filter(
        competition__festival=festival, competition__results_locked_at__isnull=False
    ).exclude(level="")
    participation = (
        Entry.objects.filter(festival=festival)
        .exclude(state__in=(EntryState.DRAFT, EntryState.WITHDRAWN))
        .values_list("school_class_id")
        .annotate(n=Count("pk", filter=Q()))
    )
    tallies = class_points(
        awards=awards.values_list("entry__school_class_id", "level"),
        participation=list(participation),
        sections=sections,
        points=points,
        participation_points=participation_points,
    )
    placed = collective_awards(tallies)
    rows = []
    # A class whose award stays the same keeps the organizer's confirmation.
    confirmed = set(
        CollectiveAward.objects.filter(festival=festival, confirmed=True).values_list("school_class_id", "level")
    )
    CollectiveAward.objects.filter(festival=festival).delete()
    by_class = defaultdict(lambda: None, {t.class_id: t for t in tallies})
    for class_id, tally in by_class.items():
        placement = placed.get(class_id)
        rows.append(
            CollectiveAward(
                festival=festival,
                school_class_id=class_id,
                section=tally.section,
                points=tally.points,
                entries=tally.entries,
                rank=placement.rank if placement else None,
                level=(placement.level or "") if placement else "",
            )
        )
        rows[-1].confirmed = (class_id, rows[-1].level) in confirmed and bool(rows[-1].level)
    CollectiveAward.objects.bulk_create(rows)
    audit_record(actor=by, action="collective.compute", obj=festival)
    return rows
