"""python manage.py import_roster FILE.xlsx [--school SLUG] [--credentials OUT.xlsx]"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from schools import services
from schools.models import School
from schools.roster import COUNT_LABELS, RosterInvalid


class Command(BaseCommand):
    help = _("Import a roster workbook (.xlsx) of students and teachers, exactly as the roster import page does.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The roster workbook (.xlsx)."))
        parser.add_argument("--school", help=_("The school's short name; needed only when there are several."))
        parser.add_argument(
            "--credentials", type=Path, help=_("Write the credentials sheet of the new accounts to this file.")
        )

    def handle(self, *args, file: Path, school: str | None, credentials: Path | None, **options) -> None:
        target = self.school(school)
        try:
            with file.open("rb") as workbook_file:
                roster_import = services.roster_import(
                    school=target, workbook_file=workbook_file, file_name=file.name, by=None
                )
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}) from exc
        except RosterInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)s problem(s) found; nothing was imported.") % {"n": len(invalid.errors)}
            ) from invalid

        self.stdout.write(
            self.style.SUCCESS(_("Imported %(file)s into %(school)s.") % {"file": file, "school": target})
        )
        for key, label in COUNT_LABELS:
            self.stdout.write(f"  {label}: {roster_import.counts.get(key, 0)}")
        if credentials:
            if roster_import.credentials:
                with roster_import.credentials.open("rb") as source, credentials.open("wb") as out:
                    shutil.copyfileobj(source, out)
                self.stdout.write(_("Credentials sheet written to %(file)s.") % {"file": credentials})
            else:
                self.stdout.write(_("No new accounts, so no credentials sheet was written."))

    def school(self, slug: str | None) -> School:
        if slug:
            try:
                return School.objects.get(slug=slug)
            except School.DoesNotExist as exc:
                raise CommandError(_("There is no school “%(slug)s”.") % {"slug": slug}) from exc
        schools = list(School.objects.all()[:2])
        if len(schools) == 1:
            return schools[0]
        if not schools:
            raise CommandError(_("There is no school yet. Run seed_demo or create one in the admin first."))
        slugs = ", ".join(School.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(_("There are several schools; choose one with --school (%(slugs)s).") % {"slugs": slugs})
