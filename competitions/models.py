"""Festivals with their phases, and their competitions: who may enter, how many, until when, with which files,
scored how, awarded how."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rules.contrib.models import RulesModel

from competitions import limits
from competitions.current import current_of
from competitions.kinds import ENTRY_FIELDS, EntryFieldSpec, Kind
from competitions.rules import COMPETITION_PERMISSIONS, FESTIVAL_PERMISSIONS
from competitions.stages import Stage, stage_of
from schools.models import Grade, School, SchoolClass

# --- Festivals and their phases -------------------------------------------------------------------


class FestivalQuerySet(models.QuerySet):
    def visible_to_participants(self) -> FestivalQuerySet:
        """Festivals students and teachers see: published or finished, never drafts."""
        return self.exclude(status=Festival.Status.DRAFT)

    def current_for(self, school_id: int | None, today: dt.date) -> Festival | None:
        """The festival a school is running: one in progress today, else the next, else the latest."""
        festivals = list(self.filter(school_id=school_id, status=Festival.Status.PUBLISHED).prefetch_related("phases"))
        return current_of(festivals, today)


class Festival(RulesModel):
    """One school's science and technology festival (科技节) of one year, e.g. 第二届科技节."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("festival status", "Draft")
        PUBLISHED = "published", pgettext_lazy("festival status", "Published")
        FINISHED = "finished", pgettext_lazy("festival status", "Finished")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="festivals", verbose_name=_("school"))
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=100, help_text=_("For example 第二届科技节."))
    slug = models.SlugField(_("short name"), max_length=50, help_text=_("Used in web addresses, e.g. 2026."))
    theme = models.CharField(_("theme"), max_length=200, blank=True, help_text=_("For example 体验生活，健康成长."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FestivalQuerySet.as_manager()

    class Meta:
        verbose_name = _("festival")
        verbose_name_plural = _("festivals")
        rules_permissions = FESTIVAL_PERMISSIONS
        ordering = ["school", "-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "slug"], name="festival_slug_unique_per_school"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="festival_year_plausible"),
        ]

    def __str__(self) -> str:
        return self.name

    def _phase_list(self) -> list[Phase]:
        # Uses prefetched phases when the caller prefetched them; one query otherwise.
        return sorted(self.phases.all(), key=lambda p: p.position)

    @property
    def starts_on(self) -> dt.date | None:
        phases = self._phase_list()
        return min((p.starts_on for p in phases), default=None)

    @property
    def ends_on(self) -> dt.date | None:
        phases = self._phase_list()
        return max((p.ends_on for p in phases), default=None)

    def phase_on(self, day: dt.date) -> Phase | None:
        for phase in self._phase_list():
            if phase.starts_on <= day <= phase.ends_on:
                return phase
        return None

    def next_phase_after(self, day: dt.date) -> Phase | None:
        return next((p for p in self._phase_list() if p.starts_on > day), None)


class Phase(models.Model):
    """A stage of a festival with its dates, in the fixed order of the school plans."""

    class Kind(models.TextChoices):
        PUBLICITY = "publicity", _("Publicity and kick-off")
        SUBMISSION = "submission", _("Preparation and submission")
        JUDGING = "judging", _("Judging")
        SUMMARY = "summary", _("Summary and public notice")

    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="phases", verbose_name=_("festival"))
    kind = models.CharField(_("phase"), max_length=16, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), editable=False)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["festival", "position"]
        constraints = [
            models.UniqueConstraint(fields=["festival", "kind"], name="phase_kind_unique_per_festival"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.festival} · {self.get_kind_display()}"

    ORDER = [Kind.PUBLICITY, Kind.SUBMISSION, Kind.JUDGING, Kind.SUMMARY]

    @classmethod
    def position_of(cls, kind: str) -> int:
        return cls.ORDER.index(kind)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A phase cannot end before it starts.")})


RUBRIC_TOTAL = 100
# Dropping the highest and the lowest score only makes sense with enough judges left (SPEC §4).
DROP_EXTREMES_MIN_JUDGES = 5


class EntryMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    TEAM = "team", _("Individual or team")
    CLASS = "class", _("Class collective")


class ScoringMode(models.TextChoices):
    RUBRIC = "rubric", _("Rubric scored by judges")
    MEASUREMENT = "measurement", _("Measurement (time, distance …)")


class Better(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class FileType(models.TextChoices):
    IMAGE = "image", _("Photos (JPEG, PNG, WebP, HEIC)")
    PDF = "pdf", _("PDF documents")
    DOCX = "docx", _("Word document (DOCX)")
    VIDEO = "video", _("Short video (MP4)")


class AwardGrouping(models.TextChoices):
    GRADE = "grade", _("Per grade")
    SECTION = "section", _("Per section")
    WHOLE = "whole", _("Whole competition")


class AwardBasis(models.TextChoices):
    COUNT = "count", _("Number of awards")
    PERCENT = "percent", _("Percentage of the entries judged")


class AwardLevel(models.TextChoices):
    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    MERIT = "merit", _("Honourable mention")


def default_file_types() -> list[str]:
    return [FileType.IMAGE]


class Competition(RulesModel):
    festival = models.ForeignKey(
        Festival, on_delete=models.CASCADE, related_name="competitions", verbose_name=_("festival")
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"),
        max_length=4,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{0,3}$", _("Use one to four capital letters or digits, e.g. HH."))],
        help_text=_("Comes after the year in every entry code, e.g. 2026-HH-0042."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    entry_fields = models.JSONField(
        _("entry fields"), default=list, blank=True, help_text=_("What every entry of this competition must tell.")
    )
    description = models.TextField(
        _("requirements"), blank=True, help_text=_("The rules of the plan in plain words, shown to students.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    eligible_grades = models.ManyToManyField(Grade, related_name="competitions", verbose_name=_("eligible grades"))
    entry_mode = models.CharField(_("entry mode"), max_length=16, choices=EntryMode.choices, default="individual")
    # Upper bounds on every number the forms take (competitions.limits).
    team_max_size = models.PositiveSmallIntegerField(
        _("maximum team size"), null=True, blank=True, validators=[MaxValueValidator(limits.MAX_TEAM)]
    )
    entries_per_student = models.PositiveSmallIntegerField(
        _("entries per student"), default=1, validators=[MaxValueValidator(limits.MAX_PER_STUDENT)]
    )
    class_quota = models.PositiveSmallIntegerField(
        _("class quota"),
        default=3,
        validators=[MaxValueValidator(limits.MAX_CLASS_QUOTA)],
        help_text=_("How many entries a class may send on (择优选送)."),
    )
    class_quota_min = models.PositiveSmallIntegerField(
        _("entries expected per class"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(limits.MAX_CLASS_QUOTA)],
        help_text=_("Optional: the plan asks each class for at least this many, e.g. 3 of 3–5."),
    )

    submission_opens = models.DateTimeField(_("submission opens"))
    submission_closes = models.DateTimeField(_("submission closes"))
    judging_opens = models.DateTimeField(_("judging opens"))
    judging_closes = models.DateTimeField(_("judging closes"))

    file_types = models.JSONField(_("allowed file types"), default=default_file_types, blank=True)
    max_file_mb = models.PositiveSmallIntegerField(
        _("maximum file size (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("maximum number of files"), default=5, validators=[MaxValueValidator(30)]
    )
    min_image_px = models.PositiveSmallIntegerField(
        _("minimum image size (pixels)"),
        default=800,
        validators=[MaxValueValidator(limits.MAX_MIN_IMAGE_PX)],
        help_text=_("The shorter side of a photo must have at least this many pixels."),
    )

    scoring_mode = models.CharField(_("scoring"), max_length=16, choices=ScoringMode.choices, default="rubric")
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    better = models.CharField(_("ranking"), max_length=8, choices=Better.choices, default=Better.HIGHER)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("For example 秒 or 米."))
    blind = models.BooleanField(_("blind judging"), default=True, help_text=_("Judges see an entry code, no names."))
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    drop_extremes = models.BooleanField(
        _("drop the highest and the lowest score"), default=False, help_text=_("Needs five or more judges per entry.")
    )

    award_grouping = models.CharField(
        _("awards given"), max_length=16, choices=AwardGrouping.choices, default=AwardGrouping.GRADE
    )
    award_basis = models.CharField(_("award amounts as"), max_length=16, choices=AwardBasis.choices, default="count")
    award_min_score = models.DecimalField(
        _("minimum score for an award"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    recommend_count = models.PositiveSmallIntegerField(
        _("recommended to the next level"),
        default=0,
        validators=[MaxValueValidator(limits.MAX_AWARD_AMOUNT)],
        help_text=_("How many entries go on to the district contest."),
    )

    # The results' course: computed from the submitted scores, then locked (scores, assignments and results
    # read-only). Written only by the awards services; judging reads ``results_locked``.
    results_computed_at = models.DateTimeField(_("results computed at"), null=True, blank=True, editable=False)
    results_locked_at = models.DateTimeField(_("results locked at"), null=True, blank=True, editable=False)
    results_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # The current publication (awards.Publication keeps them all): cleared when it is withdrawn.
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True, editable=False)
    notice_ends_at = models.DateTimeField(_("public notice ends"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        rules_permissions = COMPETITION_PERMISSIONS
        ordering = ["festival", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["festival", "code"], name="competition_code_unique_per_festival"),
            models.CheckConstraint(condition=Q(class_quota__gte=1), name="competition_quota_positive"),
            models.CheckConstraint(condition=Q(entries_per_student__gte=1), name="competition_per_student_positive"),
            models.CheckConstraint(condition=Q(judges_per_entry__gte=1), name="competition_judges_positive"),
            models.CheckConstraint(
                condition=Q(submission_closes__gt=F("submission_opens")), name="competition_submission_window_order"
            ),
            models.CheckConstraint(
                condition=Q(judging_closes__gt=F("judging_opens")), name="competition_judging_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def results_computed(self) -> bool:
        return self.results_computed_at is not None

    @property
    def results_locked(self) -> bool:
        return self.results_locked_at is not None

    @property
    def results_published(self) -> bool:
        return self.published_at is not None

    def stage(self, now: dt.datetime, *, closes: dt.datetime | None = None) -> Stage:
        """Where the competition stands at ``now`` (``competitions.stages.stage_of``)."""
        return stage_of(self, now, closes=closes)

    def best(self, values: Iterable[Decimal | float | None]) -> Decimal | None:
        """The best of a measured contest's values (the longest flight, the fastest run); None when none is valid."""
        valid = [Decimal(str(v)) for v in values if v is not None]
        if not valid:
            return None
        return max(valid) if self.better == Better.HIGHER else min(valid)

    # -- validation of one competition on its own; rules that need other rows live in services ------
    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        if self.submission_opens and self.submission_closes and self.submission_closes <= self.submission_opens:
            add("submission_closes", _("The submission window must end after it starts."))
        if self.judging_opens and self.judging_closes and self.judging_closes <= self.judging_opens:
            add("judging_closes", _("The judging window must end after it starts."))
        for field, message in limits.window_problems(self):
            add(field, message)
        if self.class_quota is not None and self.class_quota < 1:
            add("class_quota", _("The class quota must be at least 1."))
        if self.entries_per_student is not None and self.entries_per_student < 1:
            add("entries_per_student", _("Each student must be allowed at least 1 entry."))
        if self.class_quota_min and self.class_quota and self.class_quota_min > self.class_quota:
            add("class_quota_min", _("The expected number cannot be above the class quota."))
        if self.entry_mode == EntryMode.TEAM and (self.team_max_size or 0) < 2:
            add("team_max_size", _("A team competition needs a maximum team size of 2 or more."))
        if self.entry_mode == EntryMode.CLASS and self.class_quota and self.class_quota != 1:
            add("class_quota", _("A class collective competition takes exactly one entry per class."))
        if self.drop_extremes and (self.judges_per_entry or 0) < DROP_EXTREMES_MIN_JUDGES:
            add("drop_extremes", _("Dropping the highest and lowest score needs at least 5 judges per entry."))
        if self.scoring_mode == ScoringMode.MEASUREMENT and not self.unit:
            add("unit", _("Give the unit of the measurement, e.g. 秒."))
        unknown_fields = set(self.entry_fields or []) - set(ENTRY_FIELDS)
        if unknown_fields:
            add("entry_fields", _("Unknown entry fields: %(names)s") % {"names": ", ".join(sorted(unknown_fields))})
        unknown_types = set(self.file_types or []) - set(FileType.values)
        if unknown_types:
            add("file_types", _("Unknown file types: %(names)s") % {"names": ", ".join(sorted(unknown_types))})
        if errors:
            raise ValidationError(errors)

    # -- small helpers the pages and the entry forms use --------------------------------------------
    def entry_field_specs(self) -> list[EntryFieldSpec]:
        return [ENTRY_FIELDS[name] for name in self.entry_fields if name in ENTRY_FIELDS]

    @property
    def is_rubric(self) -> bool:
        return self.scoring_mode == ScoringMode.RUBRIC

    @property
    def grade_numbers(self) -> list[int]:
        """Eligible grade numbers; uses prefetched grades when the caller prefetched them."""
        return sorted(g.number for g in self.eligible_grades.all())

    def closes_for(self, school_class: SchoolClass | None) -> dt.datetime:
        """The deadline of one class: the competition's, or the class's extension."""
        if school_class is not None:
            for extension in self.extensions.all():
                if extension.school_class_id == school_class.pk:
                    return max(extension.closes_at, self.submission_closes)
        return self.submission_closes

    @property
    def judging_starts(self) -> dt.datetime:
        """When judges may start: the judging window's opening, never before submission closes."""
        return max(self.judging_opens, self.submission_closes)

    def judging_state(self, now: dt.datetime) -> str:
        """ "upcoming", "open" or "closed": whether judges may be assigned and score at ``now``."""
        if now < self.judging_starts:
            return "upcoming"
        if now < self.judging_closes:
            return "open"
        return "closed"

    def submission_state(self, now: dt.datetime, closes: dt.datetime | None = None) -> str:
        closes = closes or self.submission_closes
        if now < self.submission_opens:
            return "upcoming"
        if now < closes:
            return "open"
        return "closed"


class Criterion(models.Model):
    """One line of a rubric: what judges look at, and how many of the 100 points it carries."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("competition")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("criterion"), max_length=60)
    description = models.CharField(_("what judges look for"), max_length=300, blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), validators=[MinValueValidator(1), MaxValueValidator(RUBRIC_TOTAL)]
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["competition", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gte=1, max_points__lte=100), name="criterion_points_range")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.max_points})"


class AwardTier(models.Model):
    """How many awards of one level a group gets: a count, or a percentage of the entries judged."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="award_tiers", verbose_name=_("competition")
    )
    level = models.CharField(_("award"), max_length=8, choices=AwardLevel.choices)
    amount = models.PositiveSmallIntegerField(_("amount"), validators=[MaxValueValidator(limits.MAX_AWARD_AMOUNT)])

    class Meta:
        verbose_name = _("award tier")
        verbose_name_plural = _("award tiers")
        ordering = ["competition", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "level"], name="award_tier_unique_level")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.amount}"

    @property
    def rank(self) -> int:
        return AwardLevel.values.index(self.level)


class ClassExtension(models.Model):
    """A later deadline for one class (e.g. the class was away on a study trip)."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("competition")
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="deadline_extensions", verbose_name=_("class")
    )
    closes_at = models.DateTimeField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["competition", "school_class__grade__number", "school_class__number"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "school_class"], name="extension_unique_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.competition} · {self.school_class}"
