"""Reads of the organizers' and head judges' judging pages, each in a fixed number of queries.

Kept apart from ``judging.selectors`` (the judges' reads) because both grow at the same time."""

from __future__ import annotations

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from competitions.models import Competition, Festival
from judging.models import Assignment, Nudge, Panel
from schools.models import User
from submissions.models import JUDGED_STATES, Entry


def competitions_to_manage(user: User, festival: Festival) -> QuerySet[Competition]:
    """The festival's competitions the user runs judging for: all for its organizers, else those whose
    panel the user heads."""

    qs = Competition.objects.filter(festival=festival).select_related("festival").order_by("position", "id")
    if not user.is_authenticated:
        return qs.none()
    if user.has_perm("judging.manage_judging", festival):
        return qs
    return qs.filter(panel__head_judge=user)


def judging_overview(competitions: QuerySet[Competition] | list[Competition]) -> list[dict]:
    """Per competition: panel size, entries in judging, entries short of judges, scores submitted of
    assigned, and the state of the results. A fixed number of queries whatever the sizes."""
    competitions = list(competitions)
    ids = [c.pk for c in competitions]
    panels = {
        p.competition_id: p
        for p in Panel.objects.filter(competition_id__in=ids)
        .select_related("head_judge")
        .annotate(size=Count("judges", distinct=True))
    }
    entries = dict(
        Entry.objects.filter(competition_id__in=ids, state__in=JUDGED_STATES)
        .values_list("competition_id")
        .annotate(n=Count("pk"))
        .values_list("competition_id", "n")
    )
    per_entry = (
        Assignment.objects.filter(entry__competition_id__in=ids, entry__state__in=JUDGED_STATES)
        .values_list("entry__competition_id", "entry_id")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(score__state="submitted")))
    )
    covered: dict[int, int] = {}
    assigned: dict[int, int] = {}
    submitted: dict[int, int] = {}
    needed = {c.pk: c.judges_per_entry for c in competitions}
    for competition_id, _entry_id, n, done in per_entry:
        assigned[competition_id] = assigned.get(competition_id, 0) + n
        submitted[competition_id] = submitted.get(competition_id, 0) + done
        if n >= needed[competition_id]:
            covered[competition_id] = covered.get(competition_id, 0) + 1
    rows = []
    for c in competitions:
        panel = panels.get(c.pk)
        rows.append(
            {
                "competition": c,
                "panel": panel,
                "panel_size": panel.size if panel else 0,
                "entries": entries.get(c.pk, 0),
                "short": entries.get(c.pk, 0) - covered.get(c.pk, 0),
                "assigned": assigned.get(c.pk, 0),
                "submitted": submitted.get(c.pk, 0),
                "computed": c.results_computed,
                "locked": c.results_locked,
            }
        )
    return rows


def panel_of(competition: Competition) -> Panel | None:

    return Panel.objects.filter(competition=competition).select_related("head_judge").first()


def judges_of_school(school_id: int | None) -> QuerySet[User]:
    return User.objects.filter(school_id=school_id, is_judge=True, is_active=True).order_by("real_name", "pk")


def coverage(competition: Competition) -> QuerySet[Entry]:
    """Entries in judging with ``judge_count``, the ones short of judges first (then by code), their judges
    read along for the rows shown only; the columns the assignments page prints."""
    return (
        Entry.objects.filter(competition=competition, state__in=JUDGED_STATES)
        .annotate(judge_count=Count("assignments"))
        .annotate(covered=Case(When(judge_count__lt=competition.judges_per_entry, then=Value(0)), default=Value(1)))
        .select_related("school_class__grade")
        .only("pk", "code", "title", "competition_id", "school_class__number", "school_class__grade__number")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("judge", "score")
                .only("pk", "entry_id", "judge_id", "judge__real_name", "score__state", "score__assignment_id")
                .order_by("judge__real_name", "pk"),
            )
        )
        .order_by("covered", "code")
    )


def coverage_counts(competition: Competition) -> dict:
    """``entries`` in judging and how many are ``short`` of judges, counted in the database."""
    per_entry = Entry.objects.filter(competition=competition, state__in=JUDGED_STATES).annotate(
        judge_count=Count("assignments")
    )
    return per_entry.aggregate(
        entries=Count("pk"), short=Count("pk", filter=Q(judge_count__lt=competition.judges_per_entry))
    )


def panel_progress(competition: Competition, judges: list[User]) -> list[dict]:
    """Per judge of the panel: entries assigned, scores submitted and drafts, and the last reminder."""

    counts = {
        judge_id: (n, done, drafts)
        for judge_id, n, done, drafts in Assignment.objects.filter(entry__competition=competition)
        .values_list("judge_id")
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(score__state="submitted")),
            drafts=Count("pk", filter=Q(score__state="draft")),
        )
        .values_list("judge_id", "n", "done", "drafts")
    }
    last_nudge = {}
    for judge_id, created_at in (
        Nudge.objects.filter(competition=competition).order_by("created_at").values_list("judge_id", "created_at")
    ):
        last_nudge[judge_id] = created_at
    rows = []
    for judge in judges:
        n, done, drafts = counts.get(judge.pk, (0, 0, 0))
        rows.append(
            {
                "judge": judge,
                "assigned": n,
                "submitted": done,
                "drafts": drafts,
                "not_started": n - done - drafts,
                "left": n - done,
                "percent": round(100 * done / n) if n else 100,
                "last_nudge": last_nudge.get(judge.pk),
            }
        )
    return rows
