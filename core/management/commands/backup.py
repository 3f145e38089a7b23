"""``manage.py backup --out FILE``: the database, the media and the private files in one checked archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database, the media folder and the private folder into one .tar.gz with a manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="The archive to write (.tar.gz).")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *, out: Path, database: str, **options) -> None:
        out = Path(out).resolve()
        if not out.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
        try:
            manifest = backup_create(out, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(row["count"] for row in manifest["rows"].values())
        self.stdout.write(
            _("Backed up %(rows)d rows and %(files)d files to %(out)s.")
            % {"rows": rows, "files": len(manifest["files"]), "out": out}
        )
