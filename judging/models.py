"""Judging: panels of judges, conflicts, assignments, scores and reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.models import Competition, Criterion
from submissions.models import Entry


class Panel(models.Model):
    """The judges of one competition (评委组), one of them the head judge (评委组长)."""

    competition = models.OneToOneField(
        Competition, on_delete=models.CASCADE, related_name="panel", verbose_name=_("competition")
    )
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="panels", verbose_name=_("judges"))
    head_judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_panels",
        verbose_name=_("head judge"),
    )
    normalise = models.BooleanField(
        _("normalise judges' scores"),
        default=False,
        help_text=_("Use z-scores per judge when judges score different entries (strict and lenient judges even out)."),
    )
    spread_limit = models.DecimalField(
        _("flag disagreement above"),
        max_digits=5,
        decimal_places=1,
        default=20,
        help_text=_("Entries whose judges' totals differ by more points than this are flagged for the head judge."),
    )

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")

    def __str__(self) -> str:
        return str(self.competition)


class ConflictDeclaration(models.Model):
    """A judge declares they must not score a student's entries (their own child, a relative)."""

    # PROTECT: a declaration explains why a judge scored none of a pupil's entries; the people stay, deactivated
    # (schools.services.user_remove), and so does the record.
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declared_conflicts", verbose_name=_("judge")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        constraints = [models.UniqueConstraint(fields=["judge", "student"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.judge} × {self.student}"


class Assignment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("entry"))
    # PROTECT: deleting a judge must fail loudly, not take their work along (people leave by deactivation).
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("judge")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="assignment_unique")]
        indexes = [models.Index(fields=["judge", "entry"], name="assignment_judge_idx")]

    def __str__(self) -> str:
        return f"{self.entry.code} → {self.judge}"


class Score(models.Model):
    """One judge's score of one entry: points per criterion (or measured attempts), a comment."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("score state", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("score state", "Submitted")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="score")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores", verbose_name=_("entry"))
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scores", verbose_name=_("judge")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, null=True, blank=True)
    attempts = models.JSONField(_("attempts"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Bumped by every save; a save that brings an older version is refused (two tabs, two phones).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="score_unique_per_judge")]
        indexes = [models.Index(fields=["entry", "state"], name="score_entry_state_idx")]

    def __str__(self) -> str:
        return f"{self.entry.code} · {self.judge} · {self.total}"


class ScoreItem(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="score_item_unique"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_item_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class Nudge(models.Model):
    """A reminder to a judge who is late with scoring, shown on their home page until they open it."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nudges")
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder to score")
        verbose_name_plural = _("reminders to score")

    def __str__(self) -> str:
        return f"{self.judge} · {self.competition_id}"
