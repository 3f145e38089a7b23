"""python manage.py requeue_roster_imports: queue again the roster imports the broker refused or that were left."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from schools.services import roster_imports_requeue


class Command(BaseCommand):
    help = _(
        "Queue again the roster imports that could not be handed to the background service, or that were left "
        "queued or running for more than 15 minutes. Run it every few minutes (cron)."
    )

    def handle(self, *args, **options) -> None:
        sent = roster_imports_requeue()
        self.stdout.write(_("%(count)d roster import(s) queued again.") % {"count": sent})
