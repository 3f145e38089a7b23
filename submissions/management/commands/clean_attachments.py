"""Make the judges' copies of PDF and DOCX attachments uploaded before such copies were made."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from submissions.models import Attachment
from submissions.services import attachment_clean_copy_make


class Command(BaseCommand):
    help = _("Make the copies without metadata that judges receive, for documents that have none yet.")

    def handle(self, *args, **options) -> None:
        missing = Attachment.objects.filter(kind__in=("pdf", "docx"), clean_file="").select_related("entry")
        made = refused = 0
        for attachment in missing.iterator():
            if attachment_clean_copy_make(attachment=attachment):
                made += 1
                continue
            refused += 1
            self.stderr.write(
                _("Entry %(code)s: “%(name)s” would be refused today and reaches no judge; ask for it again.")
                % {"code": attachment.entry.code, "name": attachment.original_name}
            )
        self.stdout.write(_("Copies made: %(made)d; refused: %(refused)d.") % {"made": made, "refused": refused})
