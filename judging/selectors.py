from __future__ import annotations

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse

from competitions.models import Criterion, Festival
from judging.models import (
    Assignment,
    CollectiveAward,
    ConflictDeclaration,
    Export,
    Nudge,
    Objection,
    Publication,
    Result,
    Score,
    SpecialAward,
)
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


def exports_visible_to(user: User) -> QuerySet[Export]:
    """Organizers see every export of their school; teachers the ones they asked for."""
    if not user.is_authenticated:
        return Export.objects.none()
    qs = Export.objects.select_related("requested_by", "festival")
    if user.is_organizer:
        return qs.filter(school_id=user.school_id)
    return qs.filter(requested_by=user)


# --- Judges' pages ---------------------------------------------------------------------------------

# Entries a judge scores, or scored: the ones in judging and, once awarded, the same ones afterwards.


def assignments_for_judge(user: User) -> QuerySet[Assignment]:
    """The judge's assignments in festivals still running, with what the queue shows, in one query."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(judge=user, entry__state__in=JUDGED_STATES)
        .exclude(entry__festival__status=Festival.Status.FINISHED)
        .select_related("entry__competition__festival", "score")
        .order_by("entry__festival__year", "entry__competition__position", "entry__competition_id", "entry__code")
    )


def assignment_for_scoring(pk: int) -> Assignment:
    """One assignment with everything the scoring page reads; the caller checks the permission."""
    return (
        Assignment.objects.select_related(
            "entry__competition__festival",
            "entry__school_class__grade",
            "entry__advisor",
            "score",
        )
        .prefetch_related(
            "entry__authors",
            Prefetch("entry__attachments", queryset=Attachment.objects.order_by("role", "position", "id")),
            Prefetch("entry__competition__criteria", queryset=Criterion.objects.order_by("position", "id")),
            "score__items",
        )
        .get(pk=pk)
    )


def judge_progress(user: User) -> list[dict]:
    """Per competition: the judge's assignments and how many are submitted (the home page's summary)."""
    rows = (
        assignments_for_judge(user)
        .values("entry__competition_id", "entry__competition__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(score__state=Score.State.SUBMITTED)))
        .order_by("entry__competition__festival__year", "entry__competition__position", "entry__competition_id")
    )
    return [
        {
            "competition_id": r["entry__competition_id"],
            "name": r["entry__competition__name"],
            "total": r["total"],
            "done": r["done"],
        }
        for r in rows
    ]


def unseen_nudges(user: User) -> QuerySet[Nudge]:
    if not user.is_authenticated:
        return Nudge.objects.none()
    return (
        Nudge.objects.filter(judge=user, seen_at__isnull=True)
        .select_related("competition", "sent_by")
        .order_by("-created_at", "-id")
    )


def conflicts_of(judge: User) -> QuerySet[ConflictDeclaration]:
    return (
        ConflictDeclaration.objects.filter(judge=judge)
        .select_related("student__school_class__grade")
        .order_by("-created_at", "-id")
    )


def students_for_conflict(judge: User) -> QuerySet[User]:
    """Students of the judge's school, whom they may declare a conflict with."""
    if not judge.is_authenticated or not judge.school_id:
        return User.objects.none()
    return User.objects.filter(is_student=True, is_active=True, school_id=judge.school_id)


def search_students_for_conflict(judge: User, query: str, *, limit: int = 20) -> list[User]:
    """Students of the judge's school by (part of) their name or their student number."""
    query = query.strip()
    if not query:
        return []
    qs = (
        students_for_conflict(judge)
        .filter(Q(real_name__icontains=query) | Q(student_number__startswith=query))
        .select_related("school_class__grade")
        .order_by("school_class__grade__number", "school_class__number", "real_name", "pk")
    )
    return list(qs[:limit])


def assignment_with_files(pk: int) -> Assignment:
    """One assignment with its entry's files in the order the scoring page numbers them."""
    return (
        Assignment.objects.select_related("entry__competition")
        .prefetch_related(
            Prefetch("entry__attachments", queryset=Attachment.objects.order_by("role", "position", "id"))
        )
        .get(pk=pk)
    )


# --- After publication: results, the honour roll (光荣榜), objections (异议) ---------------------------


def entries_with_results_for(user: User) -> QuerySet[Entry]:
    """Entries that went to judging that a student wrote or of the classes a teacher heads, with their result,
    the festival's publication, the competition's lock and the user's own objections (``my_objections``).

    Whether a result may be shown (published and locked) is decided per entry by the page, never here."""
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
        .select_related("festival__publication", "competition", "school_class__grade", "result")
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
    """Points and places of the user's class (students) or classes (head teachers) in published festivals."""
    if not user.is_authenticated or not user.school_id:
        return CollectiveAward.objects.none()
    condition = Q(pk__in=[])
    if user.is_student and user.school_class_id:
        condition |= Q(school_class_id=user.school_class_id)
    if user.is_teacher:
        condition |= Q(school_class__head_teacher=user)
    return (
        CollectiveAward.objects.filter(
            condition, festival__school_id=user.school_id, festival__publication__isnull=False
        )
        .select_related("festival__publication", "school_class__grade")
        .order_by("-festival__year", "-festival_id", "school_class__grade__number", "school_class__number")
    )


def festivals_with_honour_roll(user: User) -> QuerySet[Festival]:
    """Published festivals of the user's school: their honour roll is open to everyone of the school."""
    if not user.is_authenticated or not user.school_id:
        return Festival.objects.none()
    return (
        Festival.objects.filter(school_id=user.school_id, publication__isnull=False)
        .exclude(status=Festival.Status.DRAFT)
        .select_related("publication", "school")
        .order_by("-publication__published_at", "-id")
    )


def honour_roll_results(festival: Festival) -> QuerySet[Result]:
    """The awarded results of the festival's locked competitions, with authors, class, advisor and pictures
    (``entry.pictures``: images with a thumbnail, the work first), in a constant number of queries."""
    # "process" sorts before "result": order by whether it is the work itself, so the card shows the work.
    work_first = Case(When(role=AttachmentRole.RESULT, then=Value(0)), default=Value(1))
    pictures = Attachment.objects.filter(kind="image").exclude(thumbnail="").order_by(work_first, "position", "id")
    return (
        Result.objects.filter(competition__festival=festival, competition__results_locked_at__isnull=False)
        .exclude(level="")
        .select_related("competition", "entry__school_class__grade", "entry__advisor")
        .prefetch_related("entry__authors", Prefetch("entry__attachments", queryset=pictures, to_attr="pictures"))
    )


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
    """A published, locked result of the user's school; whether the user may object is the permission's call."""
    if not user.is_authenticated or not user.school_id:
        raise Result.DoesNotExist
    return (
        Result.objects.filter(
            competition__festival__school_id=user.school_id,
            competition__festival__publication__isnull=False,
            competition__results_locked_at__isnull=False,
        )
        .select_related("competition__festival__publication", "entry__school_class__grade")
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
        .select_related("result__competition__festival__publication", "result__entry__school_class__grade", "raised_by")
        .prefetch_related("result__entry__authors")
        .get(pk=pk)
    )


def latest_publication_at_school(user: User) -> Publication | None:
    if not user.is_authenticated or not user.school_id:
        return None
    return (
        Publication.objects.filter(festival__school_id=user.school_id)
        .exclude(festival__status=Festival.Status.DRAFT)
        .select_related("festival")
        .order_by("-published_at", "-id")
        .first()
    )


def scoring_page_for(user: User, entry) -> str | None:
    """A judge who scans the label of an entry assigned to them opens its scoring page (现场打分)."""
    if not user.is_authenticated or not user.is_judge:
        return None
    assignment_id = Assignment.objects.filter(entry=entry, judge=user).values_list("pk", flat=True).first()
    return reverse("judge_score", args=[assignment_id]) if assignment_id else None
