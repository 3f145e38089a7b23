"""Reads of results, publications, objections and collective and special awards that several views share."""

from __future__ import annotations

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from awards.groups import group_order, group_order_expression
from awards.models import CollectiveAward, Objection, Publication, Result, SpecialAward
from competitions.models import Competition, Festival
from judging.models import Assignment, Score
from schools.models import User
from submissions.models import JUDGED_STATES, Attachment, AttachmentRole, Entry


def latest_festival_with_results(user: User) -> int | None:
    """The festival the exports page offers first: the latest of the user's school with computed results."""
    return (
        Festival.objects.filter(school_id=user.school_id, competitions__results_computed_at__isnull=False)
        .order_by("-year", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def entries_with_results_for(user: User) -> QuerySet[Entry]:
    """Entries that went to judging that a student wrote or of the classes a teacher heads, with their result,
    their competition (its lock and publication) and the user's own objections (``my_objections``).

    Whether a result may be shown (published) is decided per entry by the page, never here."""
    if not user.is_authenticated or not user.school_id:
        return Entry.objects.none()
    condition = Q(pk__in=[])
    if user.is_student:
        condition |= Q(authors=user)
    if user.is_teacher:
        condition |= Q(school_class__head_teacher=user)
    ids = Entry.objects.filter(condition).values("pk")
    return (
        Entry.objects.filter(pk__in=ids, festival__school_id=user.school_id, state__in=JUDGED_STATES)
        .exclude(festival__status=Festival.Status.DRAFT)
        .select_related("festival", "competition", "school_class__grade", "result")
        .prefetch_related(
            "authors",
            Prefetch(
                "result__objections",
                queryset=Objection.objects.filter(raised_by=user).order_by("-created_at", "-id"),
                to_attr="my_objections",
            ),
        )
        .order_by("-festival__year", "-festival_id", "competition__position", "competition_id", "code")
    )


def class_points_for(user: User) -> QuerySet[CollectiveAward]:
    """Points and places of the user's class (students) or classes (head teachers), once the organizers confirmed
    the collective awards (after every competition they count is final)."""
    if not user.is_authenticated or not user.school_id:
        return CollectiveAward.objects.none()
    condition = Q(pk__in=[])
    if user.is_student and user.school_class_id:
        condition |= Q(school_class_id=user.school_class_id)
    if user.is_teacher:
        condition |= Q(school_class__head_teacher=user)
    confirmed = CollectiveAward.objects.filter(festival=OuterRef("festival"), confirmed=True)
    return (
        CollectiveAward.objects.filter(Exists(confirmed), condition, festival__school_id=user.school_id)
        .select_related("festival", "school_class__grade")
        .order_by("-festival__year", "-festival_id", "school_class__grade__number", "school_class__number")
    )


def festivals_with_honour_roll(user: User) -> QuerySet[Festival]:
    """Festivals of the user's school with published results: their honour roll is open to everyone there."""
    if not user.is_authenticated or not user.school_id:
        return Festival.objects.none()
    published = Competition.objects.filter(festival=OuterRef("pk"), published_at__isnull=False)
    return (
        Festival.objects.filter(Exists(published), school_id=user.school_id)
        .exclude(status=Festival.Status.DRAFT)
        .select_related("school")
        .order_by("-year", "-id")
    )


def competitions_taking_part(festival: Festival) -> QuerySet[Competition]:
    """The festival's competitions that took entries into judging (or computed results), in order."""
    return (
        festival.competitions.filter(Q(results_computed_at__isnull=False) | Q(entries__state__in=JUDGED_STATES))
        .distinct()
        .order_by("position", "pk")
    )


def withdrawn_publications(competition_ids: set[int]) -> dict[int, Publication]:
    """The latest withdrawn publication of each of these competitions (what their students read about it)."""
    latest: dict[int, Publication] = {}
    through = Publication.competitions.through.objects.filter(
        competition_id__in=competition_ids, publication__withdrawn_at__isnull=False
    ).select_related("publication")
    for row in through.order_by("publication__withdrawn_at", "publication_id"):
        latest[row.competition_id] = row.publication
    return latest


def honour_roll_results(festival: Festival, *, per_level: int | None = None) -> QuerySet[Result]:
    """The awarded results of the festival's published competitions, with authors, class, advisor and pictures
    (``entry.pictures``: images with a thumbnail, the work first), in a constant number of queries; with
    ``per_level``, only the first so many of each competition's award (by group, rank and code)."""
    # "process" sorts before "result": order by whether it is the work itself, so the card shows the work.
    work_first = Case(When(role=AttachmentRole.RESULT, then=Value(0)), default=Value(1))
    pictures = (
        Attachment.objects.filter(kind="image")
        .exclude(thumbnail="")
        .only("pk", "entry_id", "role", "position")
        .order_by(work_first, "position", "id")
    )
    qs = (
        Result.objects.filter(competition__festival=festival, competition__published_at__isnull=False)
        .exclude(level="")
        .select_related("competition", "entry__school_class__grade", "entry__advisor")
        # Only what a card shows (the competition whole: its notice reads its dates): 40 % of the page's time went
        # to building rows from columns nobody reads.
        .only(
            *("pk", "competition", "group", "rank", "level", "recommended"),
            *("entry__id", "entry__code", "entry__title", "entry__is_class_entry", "entry__school_class"),
            *("entry__school_class__number", "entry__school_class__grade__number"),
            *("entry__advisor", "entry__advisor__real_name", "entry__advisor__username"),
        )
        .prefetch_related(
            Prefetch("entry__authors", queryset=User.objects.only("pk", "real_name")),
            Prefetch("entry__attachments", queryset=pictures, to_attr="pictures"),
        )
    )
    if per_level is not None:
        qs = qs.annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("competition_id"), F("level")],
                order_by=[group_order_expression(), F("rank").asc(nulls_last=True), F("entry__code")],
            )
        ).filter(place__lte=per_level)
    return qs


def competitions_with_open_objections(festival: Festival) -> set[int]:
    """The ids of the festival's competitions with an objection still to answer: one query for a whole page."""
    return set(
        Objection.objects.filter(result__competition__festival=festival, state=Objection.State.OPEN).values_list(
            "result__competition_id", flat=True
        )
    )


def honour_roll_counts(festival: Festival) -> dict[tuple[int, str], int]:
    """How many entries won each award of each published competition: (competition id, level) → count."""
    rows = (
        Result.objects.filter(competition__festival=festival, competition__published_at__isnull=False)
        .exclude(level="")
        .values_list("competition_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(competition_id, level): n for competition_id, level, n in rows}


def collective_awards_confirmed(festival: Festival) -> QuerySet[CollectiveAward]:
    return (
        CollectiveAward.objects.filter(festival=festival, confirmed=True)
        .exclude(level="")
        .select_related("school_class__grade")
        .order_by("section", "rank", "school_class__grade__number", "school_class__number")
    )


def special_awards_of(festival: Festival) -> QuerySet[SpecialAward]:
    return (
        SpecialAward.objects.filter(festival=festival)
        .select_related("teacher", "school_class__grade")
        .order_by("kind", "school_class__grade__number", "school_class__number", "teacher__real_name", "id")
    )


def result_for_objection(user: User, pk: int) -> Result:
    """A published result of the user's school; whether the user may object is the permission's call."""
    if not user.is_authenticated or not user.school_id:
        raise Result.DoesNotExist
    return (
        Result.objects.filter(
            competition__festival__school_id=user.school_id,
            competition__published_at__isnull=False,
        )
        .select_related("competition__festival", "entry__school_class__grade", "entry__competition")
        .prefetch_related("entry__authors")
        .get(pk=pk)
    )


def objections_of_festival(festival: Festival) -> QuerySet[Objection]:
    """Every objection of the festival, the open ones first (oldest first: answer in turn), then the answered."""
    is_open = Case(When(state=Objection.State.OPEN, then=Value(0)), default=Value(1))
    return (
        Objection.objects.filter(result__competition__festival=festival)
        .select_related("result__competition", "result__entry__school_class__grade", "raised_by", "answered_by")
        .prefetch_related("result__entry__authors")
        .annotate(open_first=is_open)
        .order_by("open_first", "created_at", "id")
    )


def objection_at_school(user: User, pk: int) -> Objection:
    """An objection against a result of the user's school; whether they may answer it is the permission's call."""
    if not user.is_authenticated or not user.school_id:
        raise Objection.DoesNotExist
    return (
        Objection.objects.filter(result__competition__festival__school_id=user.school_id)
        .select_related("result__competition__festival", "result__entry__school_class__grade", "raised_by")
        .prefetch_related("result__entry__authors")
        .get(pk=pk)
    )


def latest_publication_at_school(user: User) -> Publication | None:
    if not user.is_authenticated or not user.school_id:
        return None
    return (
        Publication.objects.filter(festival__school_id=user.school_id, withdrawn_at__isnull=True)
        .exclude(festival__status=Festival.Status.DRAFT)
        .select_related("festival")
        .prefetch_related("competitions")
        .order_by("-published_at", "-id")
        .first()
    )


def scores_missing(competition: Competition) -> int:
    """Assignments of the competition's entries in judging (or judged) without a submitted score."""
    counts = Assignment.objects.filter(entry__competition=competition, entry__state__in=JUDGED_STATES).aggregate(
        assigned=Count("pk"), submitted=Count("pk", filter=Q(score__state=Score.State.SUBMITTED))
    )
    return counts["assigned"] - counts["submitted"]


def results_of(competition: Competition, *, authors: bool = True) -> QuerySet[Result]:
    """The competition's results in the order of the results page (group, rank, code), with the columns it
    shows only; the authors read along when the page may show them."""
    qs = (
        Result.objects.filter(competition=competition)
        .select_related("entry__school_class__grade")
        .only(
            *("pk", "competition_id", "score", "judges", "spread", "flagged", "group", "rank", "level"),
            *("computed_level", "recommended", "adjust_reason", "entry__code", "entry__title"),
            *("entry__school_class__number", "entry__school_class__grade__number"),
        )
        .order_by(group_order_expression(), "rank", "entry__code")
    )
    if authors:
        qs = qs.prefetch_related(Prefetch("entry__authors", queryset=User.objects.only("pk", "real_name")))
    return qs


def result_groups_of(competition: Competition) -> list[dict]:
    """The award groups of the competition's results in their order: ``key``, ``count`` and ``flagged``,
    counted in the database."""
    rows = (
        Result.objects.filter(competition=competition)
        .values("group")
        .annotate(count=Count("pk"), flagged=Count("pk", filter=Q(flagged=True)))
        .order_by()
    )
    return sorted(rows, key=lambda r: group_order(r["group"]))


def advisor_candidates(festival: Festival) -> list[dict]:
    """Advisors of entries awarded in locked competitions: the 科技辅导员奖 candidates."""

    awarded = (
        Result.objects.filter(
            competition__festival=festival,
            competition__results_locked_at__isnull=False,
            entry__advisor__isnull=False,
        )
        .exclude(level="")
        .values_list("entry__advisor_id")
        .annotate(n=Count("pk"))
    )
    counts = dict(awarded)
    confirmed = set(SpecialAward.objects.filter(festival=festival, kind="advisor").values_list("teacher_id", flat=True))
    teachers = User.objects.filter(pk__in=counts).order_by("real_name", "pk")
    return [{"teacher": t, "awards": counts[t.pk], "confirmed": t.pk in confirmed} for t in teachers]


def organization_candidates(festival: Festival) -> list[dict]:
    """Classes that took part, by points: the 优秀组织奖 candidates (after computing the class points)."""

    confirmed = set(
        SpecialAward.objects.filter(festival=festival, kind="organization").values_list("school_class_id", flat=True)
    )
    rows = (
        CollectiveAward.objects.filter(festival=festival, entries__gt=0)
        .select_related("school_class__grade", "school_class__head_teacher")
        .order_by("-points", "school_class__grade__number", "school_class__number")
    )
    return [{"row": r, "confirmed": r.school_class_id in confirmed} for r in rows]


def collective_of(festival: Festival) -> QuerySet[CollectiveAward]:

    return (
        CollectiveAward.objects.filter(festival=festival)
        .select_related("school_class__grade", "school_class__head_teacher")
        .order_by("section", "rank", "school_class__grade__number", "school_class__number")
    )
