from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse

from competitions.models import Competition, Criterion, Festival
from judging.models import Assignment, ConflictDeclaration, Nudge, Score
from schools.models import SchoolClass, User
from submissions.models import JUDGED_STATES, Attachment

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


def queue_competitions(user: User) -> list[Competition]:
    """The competitions of the judge's queue in its order, each with ``total`` and ``done`` (counted in the
    database) and ``next_id``, the first assignment by code the judge has still to submit (or None)."""
    counts = {
        r["entry__competition_id"]: r
        for r in assignments_for_judge(user)
        .order_by()
        .values("entry__competition_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(score__state=Score.State.SUBMITTED)))
    }
    if not counts:
        return []
    unscored = (
        assignments_for_judge(user)
        .filter(entry__competition_id=OuterRef("pk"))
        .exclude(score__state=Score.State.SUBMITTED)
        .order_by("entry__code", "pk")
        .values("pk")[:1]
    )
    competitions = list(
        Competition.objects.filter(pk__in=counts)
        .select_related("festival")
        .annotate(next_id=Subquery(unscored))
        .order_by("festival__year", "position", "pk")
    )
    for competition in competitions:
        competition.total, competition.done = counts[competition.pk]["total"], counts[competition.pk]["done"]
    return competitions


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


def classes_for_conflict(judge: User) -> QuerySet[SchoolClass]:
    """The classes of the judge's school, to name the class of a student they declare a conflict with."""
    if not judge.is_authenticated or not judge.school_id:
        return SchoolClass.objects.none()
    return (
        SchoolClass.objects.filter(grade__school_id=judge.school_id)
        .select_related("grade")
        .order_by("grade__number", "number")
    )


def students_named(judge: User, school_class: SchoolClass, name: str) -> list[User]:
    """The students of that class with exactly that name (usually one). No search: a judge names the student
    they know, and learns nothing about anyone else (an invited expert once collected a school's names)."""
    return list(students_for_conflict(judge).filter(school_class=school_class, real_name=name).order_by("pk"))


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


def scoring_page_for(user: User, entry) -> str | None:
    """A judge who scans the label of an entry assigned to them opens its scoring page (现场打分)."""
    if not user.is_authenticated or not user.is_judge:
        return None
    assignment_id = Assignment.objects.filter(entry=entry, judge=user).values_list("pk", flat=True).first()
    return reverse("judge_score", args=[assignment_id]) if assignment_id else None
