"""School structure and people: schools with their sections, grades, classes and users; roster imports."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from rules.contrib.models import RulesModel

from core.storage import private_storage
from schools.rules import heads_class, organizes


class Section(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")


SECTION_GRADES: dict[str, range] = {
    Section.PRIMARY: range(1, 7),
    Section.JUNIOR: range(7, 10),
    Section.SENIOR: range(10, 13),
}

# How schools name their grades: 一年级 … 六年级, 初一 … 初三, 高一 … 高三.
GRADE_NAMES = {
    1: _("Grade 1"),
    2: _("Grade 2"),
    3: _("Grade 3"),
    4: _("Grade 4"),
    5: _("Grade 5"),
    6: _("Grade 6"),
    7: _("Grade 7"),
    8: _("Grade 8"),
    9: _("Grade 9"),
    10: _("Grade 10"),
    11: _("Grade 11"),
    12: _("Grade 12"),
}


def section_of_grade(number: int) -> str:
    for section, grades in SECTION_GRADES.items():
        if number in grades:
            return section
    raise ValueError(f"no section has grade {number}")


class School(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name"), unique=True)
    sections = models.JSONField(_("sections"), default=list, help_text=_("The school sections this school has."))
    timezone = models.CharField(_("time zone"), max_length=50, default="Asia/Shanghai")

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.sections) - set(Section.values)
        if unknown or not self.sections:
            raise ValidationError({"sections": _("Choose one or more of primary, junior and senior.")})

    def has_grade_number(self, number: int) -> bool:
        return any(number in SECTION_GRADES[s] for s in self.sections)

    @property
    def section_labels(self) -> list[str]:
        return [Section(s).label for s in Section.values if s in self.sections]


class Grade(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="grades", verbose_name=_("school"))
    number = models.PositiveSmallIntegerField(_("grade"), help_text=_("1–6 primary, 7–9 junior, 10–12 senior."))

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["school", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="grade_unique_per_school"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=12), name="grade_number_1_to_12"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return str(GRADE_NAMES[self.number])

    @property
    def section(self) -> str:
        return section_of_grade(self.number)

    @property
    def section_label(self) -> str:
        return Section(self.section).label


def class_name(grade_number: int, class_number: int) -> str:
    """三年级2班 in primary school, 初二(3)班 / 高一(1)班 in secondary school."""
    grade = GRADE_NAMES[grade_number]
    if grade_number <= 6:
        return pgettext("primary class name", "%(grade)s Class %(number)s") % {"grade": grade, "number": class_number}
    return pgettext("secondary class name", "%(grade)s Class %(number)s") % {"grade": grade, "number": class_number}


class SchoolClass(RulesModel):
    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="classes", verbose_name=_("grade"))
    number = models.PositiveSmallIntegerField(_("class number"))
    head_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_classes",
        verbose_name=_("head teacher"),
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade__number", "number"]
        rules_permissions = {"view": organizes | heads_class}
        constraints = [
            models.UniqueConstraint(fields=["grade", "number"], name="class_unique_per_grade"),
            models.CheckConstraint(condition=Q(number__gte=1), name="class_number_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return class_name(self.grade.number, self.number)


class KejijieUserManager(UserManager):
    def get_by_natural_key(self, username: str) -> User:
        return self.get(Q(username=username) | Q(student_number=username))


class User(AbstractUser):
    """Everyone who logs in. One person may hold several roles (a teacher who also judges)."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    real_name = models.CharField(_("real name"), max_length=50)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("school")
    )
    is_student = models.BooleanField(_("student"), default=False)
    is_teacher = models.BooleanField(_("teacher"), default=False)
    is_judge = models.BooleanField(_("judge"), default=False)
    is_organizer = models.BooleanField(_("organizer"), default=False)
    student_number = models.CharField(_("student number"), max_length=32, unique=True, null=True, blank=True)
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("class"),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"), default=False, help_text=_("Set for generated passwords until the user picks one.")
    )
    # The roster import that created the account: a retried import hands out again the passwords of the accounts
    # it created before it was interrupted, as long as nobody has logged in with them.
    created_by_import = models.ForeignKey(
        "schools.RosterImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by roster import"),
    )

    objects = KejijieUserManager()
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_student=False) | (Q(student_number__isnull=False) & Q(school_class__isnull=False)),
                name="student_has_number_and_class",
            ),
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    def get_full_name(self) -> str:
        return self.real_name or self.username

    def get_short_name(self) -> str:
        return self.real_name or self.username

    @property
    def role_labels(self) -> list[str]:
        labels = [
            (self.is_student, _("student")),
            (self.is_teacher, _("teacher")),
            (self.is_judge, _("judge")),
            (self.is_organizer, _("organizer")),
        ]
        return [str(label) for held, label in labels if held]

    def age_on(self, day: dt.date) -> int | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


def credentials_upload_to(instance: RosterImport, filename: str) -> str:
    return f"credentials/{instance.school_id}/{filename}"


def roster_upload_to(instance: RosterImport, filename: str) -> str:
    return f"rosters/{instance.school_id}/{filename}"


class RosterImport(RulesModel):
    """One roster upload, imported by a Celery worker (or the command line), with the credentials sheet of the
    accounts it created. A file with problems is kept with its row-level errors and writes nothing."""

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("roster import state", "Queued")
        RUNNING = "running", pgettext_lazy("roster import state", "Importing")
        DONE = "done", pgettext_lazy("roster import state", "Imported")
        FAILED = "failed", pgettext_lazy("roster import state", "Not imported")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="roster_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # The uploaded workbook, kept privately until the import is done (it names children and their birth dates).
    file = models.FileField(_("roster file"), storage=private_storage, upload_to=roster_upload_to, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    counts = models.JSONField(_("counts"), default=dict)
    # The file's problems, as [sheet, row, column, message] in the uploader's language (the first ones only).
    errors = models.JSONField(_("problems"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of problems"), default=0)
    # Why the import stopped, when it is not the file's fault (a lost database connection, a full disk).
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(max_length=16, default="zh-hans")
    login_url = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # As for exports (exports.models.Export): when the job was last handed to the broker, and whether it refused.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    queue_refused = models.BooleanField(_("broker unavailable"), default=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    credentials = models.FileField(
        _("credentials sheet"), storage=private_storage, upload_to=credentials_upload_to, blank=True
    )

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]
        rules_permissions = {"view": organizes, "change": organizes}
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="roster_import_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}

    @property
    def new_accounts(self) -> int:
        return self.counts.get("students_created", 0) + self.counts.get("teachers_created", 0)
