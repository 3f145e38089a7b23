"""python manage.py export_awards FESTIVAL --out FILE.xlsx [--school SLUG] [--kind KIND] [--language LANG]"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from competitions.models import Festival
from core.exporters import EXPORTERS
from exports.services import write_file_atomically
from schools.models import User


class Command(BaseCommand):
    help = _(
        "Build a festival's award list (or another festival export) into a file, with the same exporter as the "
        "exports page, without a Celery worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("festival", help=_("The festival's id or short name (e.g. 2026)."))
        parser.add_argument("--out", type=Path, required=True, help=_("The file to write (e.g. awards.xlsx)."))
        parser.add_argument("--school", help=_("The school's short name; needed only when several have the festival."))
        kinds = sorted(key for key, cls in EXPORTERS.items() if cls.needs_festival)
        parser.add_argument(
            "--kind", default="award_list", choices=kinds, help=_("Which export (default: award_list).")
        )
        parser.add_argument("--language", default="zh-hans", help=_("Language of the headers (default: zh-hans)."))

    def handle(self, *args, festival: str, out: Path, school: str | None, kind: str, language: str, **options):
        target = self.festival(festival, school)
        organizer = User.objects.filter(school=target.school, is_organizer=True).order_by("pk").first()
        exporter = EXPORTERS[kind](school=target.school, festival=target, user=organizer)
        started = time.perf_counter()
        with translation.override(language):
            try:
                write_file_atomically(out, lambda fh: exporter.write(fh, lambda _percent: None))
            except OSError as exc:
                raise CommandError(
                    _("Cannot write %(file)s: %(error)s") % {"file": out, "error": exc.strerror}
                ) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(export)s of %(festival)s written to %(file)s (%(size)s KB, %(seconds).1f s).")
                    % {
                        "export": exporter.verbose_name,
                        "festival": target.name,
                        "file": out,
                        "size": max(1, out.stat().st_size // 1024),
                        "seconds": time.perf_counter() - started,
                    }
                )
            )

    def festival(self, key: str, school: str | None) -> Festival:
        matches = Festival.objects.select_related("school").filter(
            Q(slug=key) | Q(pk=int(key) if key.isdigit() else None)
        )
        if school:
            matches = matches.filter(school__slug=school)
        found = list(matches.order_by("pk")[:3])
        if not found:
            raise CommandError(_("There is no festival “%(key)s”.") % {"key": key})
        by_id = [f for f in found if str(f.pk) == key]
        if len(found) > 1 and len(by_id) != 1:
            schools = ", ".join(sorted({f.school.slug for f in found}))
            raise CommandError(
                _("Several schools have a festival “%(key)s”; choose one with --school (%(schools)s).")
                % {"key": key, "schools": schools}
            )
        return by_id[0] if by_id else found[0]
