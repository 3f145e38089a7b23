"""Judging and awards: panels, assignments, scores, results, publication, objections, collective awards,
and the export rows that the Celery task builds spreadsheets into."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.models import AwardLevel, Competition, Criterion, Festival
from core.storage import private_storage
from schools.models import School, SchoolClass
from submissions.models import Entry


def export_upload_to(instance: Export, filename: str) -> str:
    return f"exports/{instance.school_id}/{instance.pk}/{filename}"


class Export(models.Model):
    """One spreadsheet asked for by someone, built by a Celery worker, kept to download again."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("export state", "Queued")
        RUNNING = "running", pgettext_lazy("export state", "Running")
        DONE = "done", pgettext_lazy("export state", "Ready")
        FAILED = "failed", pgettext_lazy("export state", "Failed")

    kind = models.CharField(_("kind"), max_length=64)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="exports", verbose_name=_("school"))
    # The festival the export is of; empty for exports of the school itself (class rosters).
    festival = models.ForeignKey(
        Festival, on_delete=models.CASCADE, null=True, blank=True, related_name="exports", verbose_name=_("festival")
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(max_length=16, default="zh-hans")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="exports",
        verbose_name=_("asked by"),
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), storage=private_storage, upload_to=export_upload_to, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"], name="export_school_recent_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_at_most_100"),
            # A finished export always has its file; nothing else ever offers one.
            models.CheckConstraint(condition=~Q(state="done") | ~Q(file=""), name="export_done_has_file"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}


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

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_conflicts", verbose_name=_("judge")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
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
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("judge")
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
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scores", verbose_name=_("judge")
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


class Result(models.Model):
    """An entry's outcome: its score, rank in its award group, and award."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="result", verbose_name=_("entry"))
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="results")
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    judges = models.PositiveSmallIntegerField(_("judges"), default=0)
    spread = models.DecimalField(_("spread"), max_digits=7, decimal_places=2, null=True, blank=True)
    flagged = models.BooleanField(_("judges disagree"), default=False)
    group = models.CharField(_("award group"), max_length=32, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    level = models.CharField(_("award"), max_length=8, choices=AwardLevel.choices, blank=True)
    computed_level = models.CharField(max_length=8, choices=AwardLevel.choices, blank=True)
    recommended = models.BooleanField(_("recommended to the next level"), default=False)
    adjust_reason = models.TextField(_("reason for the adjustment"), blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["competition", "group", "rank", "entry__code"]
        indexes = [models.Index(fields=["competition", "level"], name="result_competition_level_idx")]

    def __str__(self) -> str:
        return f"{self.entry.code} {self.level or '-'}"

    @property
    def adjusted(self) -> bool:
        return self.level != self.computed_level


class Publication(models.Model):
    """Results of a festival shown to students and teachers, and the 公示 period that follows."""

    festival = models.OneToOneField(Festival, on_delete=models.CASCADE, related_name="publication")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    notice_ends_at = models.DateTimeField(_("public notice ends"))

    def __str__(self) -> str:
        return str(self.festival)


class Objection(models.Model):
    """An objection (异议) against a published result, answered by the organizers."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("objection state", "Waiting for an answer")
        UPHELD = "upheld", pgettext_lazy("objection state", "Upheld")
        REJECTED = "rejected", pgettext_lazy("objection state", "Rejected")

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="objections", verbose_name=_("result"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="objections", verbose_name=_("raised by")
    )
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.result.entry.code}: {self.reason[:30]}"


class CollectiveAward(models.Model):
    """A class's points and place in its section (集体奖), confirmed by the organizers."""

    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="collective_awards")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="collective_awards")
    section = models.CharField(max_length=16)
    points = models.DecimalField(max_digits=7, decimal_places=2)
    entries = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)
    level = models.CharField(max_length=8, choices=AwardLevel.choices, blank=True)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["festival", "section", "rank"]
        constraints = [models.UniqueConstraint(fields=["festival", "school_class"], name="collective_award_unique")]

    def __str__(self) -> str:
        return f"{self.school_class} {self.points}"


class Nudge(models.Model):
    """A reminder to a judge who is late with scoring, shown on their home page until they open it."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudges")
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.judge} · {self.competition_id}"


class SpecialAward(models.Model):
    """科技辅导员奖 for an advisor, 优秀组织奖 for a class: candidates the organizers confirm."""

    class Kind(models.TextChoices):
        ADVISOR = "advisor", _("Science advisor award (科技辅导员奖)")
        ORGANIZATION = "organization", _("Organization award (优秀组织奖)")

    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="special_awards")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="special_awards"
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, null=True, blank=True, related_name="special_awards"
    )
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["festival", "kind", "teacher"], name="special_award_teacher_unique"),
            models.UniqueConstraint(fields=["festival", "kind", "school_class"], name="special_award_class_unique"),
            models.CheckConstraint(
                condition=(Q(kind="advisor", teacher__isnull=False, school_class__isnull=True))
                | (Q(kind="organization", school_class__isnull=False, teacher__isnull=True)),
                name="special_award_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.teacher or self.school_class}"
