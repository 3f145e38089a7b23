"""Awards: each entry's result, the publications of results and their objections, collective and special awards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.models import AwardLevel, Competition, Festival
from schools.models import SchoolClass
from submissions.models import Entry


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
    """Results of one competition, or of a group published together, shown to students and teachers, and the
    public notice period (公示) that follows. A publication may be withdrawn during its 公示, with a reason."""

    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="publications")
    competitions = models.ManyToManyField(Competition, related_name="publications", verbose_name=_("competitions"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    notice_ends_at = models.DateTimeField(_("public notice ends"))
    withdrawn_at = models.DateTimeField(_("publication withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdraw_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdraw_reason=""),
                name="publication_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.festival} {self.published_at:%Y-%m-%d}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Objection(models.Model):
    """An objection (异议) against a published result, answered by the organizers."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("objection state", "Waiting for an answer")
        UPHELD = "upheld", pgettext_lazy("objection state", "Upheld")
        REJECTED = "rejected", pgettext_lazy("objection state", "Rejected")

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="objections", verbose_name=_("result"))
    # PROTECT: who objected to a published result is part of its history; a person is deactivated instead.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="objections", verbose_name=_("raised by")
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


class SpecialAward(models.Model):
    """科技辅导员奖 for an advisor, 优秀组织奖 for a class: candidates the organizers confirm."""

    class Kind(models.TextChoices):
        ADVISOR = "advisor", _("Science advisor award (科技辅导员奖)")
        ORGANIZATION = "organization", _("Organization award (优秀组织奖)")

    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="special_awards")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # PROTECT: an award given stays given, to whom it was given; a teacher who leaves is deactivated instead.
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="special_awards"
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, null=True, blank=True, related_name="special_awards"
    )
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("special award")
        verbose_name_plural = _("special awards")
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
