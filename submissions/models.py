"""Entries (作品) and their attachments."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rules.contrib.models import RulesModel

from competitions.models import Competition, Festival
from core.storage import private_storage
from schools.models import School, SchoolClass
from submissions.rules import ENTRY_PERMISSIONS


class EntryState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("entry state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("entry state", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("entry state", "Withdrawn")
    RECOMMENDED = "recommended", pgettext_lazy("entry state", "Recommended by the class")
    IN_JUDGING = "in_judging", pgettext_lazy("entry state", "In judging")
    AWARDED = "awarded", pgettext_lazy("entry state", "Awarded")
    NOT_AWARDED = "not_awarded", pgettext_lazy("entry state", "Not awarded")


# States in which an entry uses one of its class's quota places (择优选送).
QUOTA_STATES = (EntryState.RECOMMENDED, EntryState.IN_JUDGING, EntryState.AWARDED, EntryState.NOT_AWARDED)
# States in which an entry counts against a student's "entries per student" limit.
COUNTED_STATES = tuple(s for s in EntryState.values if s != EntryState.WITHDRAWN)


def team_order() -> tuple:
    """How to order an entry's author rows (``Entry.authors.through``) the way a team is named: whoever made
    the entry first, then the others by student number. Adding authors gives no order of its own: Django
    inserts a team's rows in the order of a set."""
    leader_first = Case(When(user_id=F("entry__created_by_id"), then=Value(0)), default=Value(1))
    return ("entry_id", leader_first, "user__student_number", "user_id")


# The states of an entry the organizers took into judging, before and after its result.
JUDGED_STATES = (EntryState.IN_JUDGING, EntryState.AWARDED, EntryState.NOT_AWARDED)
# What the organizers withdraw with a reason (``entry_withdraw_by_organizer``); awarded and not awarded
# entries only after unlocking the results, which brings them back into judging.
ORGANIZER_WITHDRAWABLE_STATES = (EntryState.RECOMMENDED, EntryState.IN_JUDGING)
# States the student may still change (until the deadline).
EDITABLE_STATES = (EntryState.DRAFT,)


class Entry(RulesModel):
    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="entries", verbose_name=_("festival"))
    # The festival's school, kept on the entry so that the database holds codes unique per school.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+", verbose_name=_("school"))
    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="entries", verbose_name=_("competition")
    )
    code = models.CharField(_("entry code"), max_length=16)
    number = models.PositiveIntegerField(_("number"), help_text=_("The running number in the entry code."))
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, help_text=_("The competition's own fields."))
    state = models.CharField(_("state"), max_length=20, choices=EntryState.choices, default=EntryState.DRAFT)

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="entries", verbose_name=_("class")
    )
    is_class_entry = models.BooleanField(_("class collective entry"), default=False)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="entries",
        blank=True,
        verbose_name=_("authors"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_entries", verbose_name=_("created by")
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_entries",
        verbose_name=_("advisor teacher"),
    )
    parent_name = models.CharField(_("parent who helped"), max_length=50, blank=True)
    originality_declared = models.BooleanField(_("declared original work"), default=False)
    # Bumped by every change of what the entry form shows; a save that brings an older version is refused
    # (two tabs, two team members).
    version = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When and why the organizers took the entry out of judging (``entry_withdraw_by_organizer``), for its
    # authors and head teacher to read; empty for every other entry.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )

    class Meta:
        rules_permissions = ENTRY_PERMISSIONS
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["competition", "code"]
        constraints = [
            # A code names one work of the school whatever the festival: 2026-HH-0001 (see _next_code).
            models.UniqueConstraint(fields=["school", "code"], name="entry_code_unique_per_school"),
            models.UniqueConstraint(fields=["competition", "number"], name="entry_number_unique_per_competition"),
            # One class collective entry (the class poster) per class and competition.
            models.UniqueConstraint(
                fields=["competition", "school_class"],
                condition=Q(is_class_entry=True),
                name="one_class_entry_per_competition",
            ),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(received_by__isnull=False), name="entry_received_has_who"
            ),
        ]
        indexes = [
            models.Index(fields=["competition", "school_class", "state"], name="entry_class_state_idx"),
            models.Index(fields=["festival", "state"], name="entry_festival_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def uses_quota(self) -> bool:
        return self.state in QUOTA_STATES


class AttachmentRole(models.TextChoices):
    RESULT = "result", _("The work")
    PROCESS = "process", _("Making of (process photos)")


def _attachment_path(instance: Attachment, filename: str) -> str:  # pragma: no cover - names come from uploads
    return filename


class Attachment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("entry"))
    role = models.CharField(_("shows"), max_length=16, choices=AttachmentRole.choices, default=AttachmentRole.RESULT)
    kind = models.CharField(_("kind of file"), max_length=16)  # submissions.uploads.FileKind
    file = models.FileField(_("file"), storage=private_storage, upload_to=_attachment_path, max_length=255)
    thumbnail = models.FileField(
        _("thumbnail"), storage=private_storage, upload_to=_attachment_path, max_length=255, blank=True
    )
    # The copy judges and the public get of a PDF or DOCX: without the properties, XMP metadata and comment
    # authors that name the pupil and their teachers (submissions.uploads.pdfs / ooxml). Pictures need none:
    # `file` is re-encoded without metadata. Empty for a document means "not cleaned yet": nothing is served.
    clean_file = models.FileField(
        _("copy without metadata"), storage=private_storage, upload_to=_attachment_path, max_length=255, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["entry", "role", "position", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == "image"

    @property
    def needs_clean_copy(self) -> bool:
        return self.kind in ("pdf", "docx")  # submissions.uploads.FileKind

    @property
    def shared_file(self):
        """What judges and the public receive: the clean copy of a document, the (stripped) file otherwise.

        A document without a clean copy yet gives an empty name, which core.files serves as a 404: never the
        original by mistake (``manage.py clean_attachments`` makes the missing copies).
        """
        return self.clean_file if self.needs_clean_copy else self.file

    @property
    def download_name(self) -> str:
        """The uploader's name with the extension of what is stored: a HEIC or WebP photo is stored as JPEG (or
        PNG), so 照片.heic downloads as 照片.jpg, which the phone or computer it lands on can open."""
        original = PurePath(self.original_name)
        given, stored = original.suffix.lower(), PurePath(self.file.name).suffix.lower()
        if not stored or given == stored or {given, stored} == {".jpg", ".jpeg"}:
            return self.original_name
        return f"{original.stem}{stored}"

    @property
    def thumbnail_name(self) -> str:
        return f"{PurePath(self.original_name).stem}.jpg"
