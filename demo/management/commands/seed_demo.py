import datetime as dt

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from demo import awards, competitions, schools, submissions
from schools.models import School


def seed_layers(*, school: School, today: dt.date) -> None:
    """The layers above the school, lowest first: each needs what the one before made, and each is idempotent.

    The modules are looked up when called, so a test can replace one layer's ``seed`` to run the others alone.
    """
    competitions.seed(school=school, today=today)  # last year's and this year's festivals
    submissions.seed(school=school, today=today)  # their entries, with pictures
    awards.seed(school=school, today=today)  # last year's judging, results, awards and publication


class Command(BaseCommand):
    help = _("Create the demo school (idempotent) and print the demo logins.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help=_("Multiply classes and students (10 ≈ 2,700 students).")
        )
        parser.add_argument("--logins-only", action="store_true", help=_("Only print the demo logins."))

    def handle(self, *args, scale: int, logins_only: bool, **options) -> None:
        if scale < 1:
            self.stderr.write(_("--scale must be 1 or more."))
            raise SystemExit(2)
        if logins_only:
            logins = schools.demo_logins()
        else:
            logins = schools.seed_school(scale=scale)
            seed_layers(school=School.objects.get(slug=schools.SCHOOL_SLUG), today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(_("Demo logins (password for all: %s):") % schools.DEMO_PASSWORD))
        for login in logins:
            self.stdout.write(f"  {login.role:<14} {login.username:<12} {login.name}  ({login.note})")
        self.stdout.write(_("Open http://127.0.0.1:8000/ and log in."))
