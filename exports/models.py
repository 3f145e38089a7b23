"""Exports: the rows that a Celery worker builds spreadsheets and PDFs into, kept to download again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rules.contrib.models import RulesModel

from competitions.models import Festival
from core.storage import private_storage
from exports.rules import EXPORT_PERMISSIONS
from schools.models import School


def export_upload_to(instance: Export, filename: str) -> str:
    return f"exports/{instance.school_id}/{instance.pk}/{filename}"


class Export(RulesModel):
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
    # When the build was last handed to the broker (or tried to be): a queued export waiting past its time
    # is queued again by the sweep (exports.services.exports_requeue).
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    # The broker could not be reached then: the export is recorded and the sweep queues it again.
    queue_refused = models.BooleanField(_("broker unavailable"), default=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        rules_permissions = EXPORT_PERMISSIONS
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
