"""``manage.py restore FILE``: put a backup back into an empty installation and check it against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import BackupError, Places, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by 'manage.py backup' into an empty installation, then verify it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz written by 'manage.py backup'.")
        parser.add_argument("--force", action="store_true", help="Replace the data of an installation in use.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")
        parser.add_argument(
            "--database-file", type=Path, help="Restore an SQLite backup into this file instead of the database."
        )
        parser.add_argument("--media-root", type=Path, help="Restore the media files here instead of MEDIA_ROOT.")
        parser.add_argument("--private-root", type=Path, help="Restore the private files here instead of PRIVATE_ROOT.")

    def handle(self, *, archive: Path, force: bool, database: str, **options) -> None:
        archive = Path(archive)
        if not archive.is_file():
            raise CommandError(_("%(archive)s does not exist.") % {"archive": archive})
        current = Places.current()
        places = Places(
            media=options["media_root"] or current.media,
            private=options["private_root"] or current.private,
        )
        try:
            manifest = backup_restore(
                archive,
                alias=database,
                database_file=options["database_file"],
                places=places,
                force=force,
                say=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(row["count"] for row in manifest["rows"].values())
        self.stdout.write(
            _("Restored and verified %(rows)d rows and %(files)d files from %(archive)s.")
            % {"rows": rows, "files": len(manifest["files"]), "archive": archive}
        )
