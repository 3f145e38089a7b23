"""manage.py sweep_files: delete files in private storage that no row points at, and dead processes' leftovers."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import sweep


class Command(BaseCommand):
    help = (
        "Delete files in private storage that no row references, exports' .partial-* files and temporary "
        "uploads, all older than --older-than minutes (default 60). Run nightly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be removed; remove nothing.")
        parser.add_argument(
            "--older-than",
            type=int,
            default=sweep.DEFAULT_MINUTES,
            metavar="MINUTES",
            help="Only files not modified for this many minutes (default %(default)s).",
        )

    def handle(self, *, dry_run: bool, older_than: int, **options) -> None:
        if older_than < 1:
            # Younger files may belong to an upload whose row is not committed yet, or an export still writing.
            raise CommandError("--older-than must be at least 1 minute")
        leftovers = sweep.sweep(older_than=dt.timedelta(minutes=older_than), dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for leftover in leftovers:
            self.stdout.write(f"{verb} {leftover.kind} {leftover.name} ({leftover.size} bytes)")
        total = sum(leftover.size for leftover in leftovers)
        self.stdout.write(f"{verb} {len(leftovers)} file(s), {total} bytes")
