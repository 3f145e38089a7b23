"""python manage.py requeue_exports: queue again the exports the broker refused or that were left behind."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from exports.services import exports_requeue


class Command(BaseCommand):
    help = _(
        "Queue again the exports that could not be handed to the background service, or that were left queued or "
        "running for more than 15 minutes. Run it every few minutes (cron)."
    )

    def handle(self, *args, **options) -> None:
        sent = exports_requeue()
        self.stdout.write(_("%(count)d export(s) queued again.") % {"count": sent})
