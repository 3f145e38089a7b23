from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from schools import demo
from schools.models import School


def seed_app_steps() -> None:
    """Let the apps above festival add their demo data without this command importing them by name.

    Each installed app may have a ``demo`` module with ``seed_demo_step(*, school, today)``; the steps run
    in the order of INSTALLED_APPS (competitions, then submissions, then judging), each idempotent.
    """
    school = School.objects.get(slug=demo.SCHOOL_SLUG)
    today = timezone.localdate()
    for app in apps.get_app_configs():
        if app.name == "festival" or not module_has_submodule(app.module, "demo"):
            continue
        step = getattr(import_module(f"{app.name}.demo"), "seed_demo_step", None)
        if step is not None:
            step(school=school, today=today)


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
            logins = demo.demo_logins()
        else:
            logins = demo.seed_school(scale=scale)
            seed_app_steps()
        self.stdout.write(self.style.SUCCESS(_("Demo logins (password for all: %s):") % demo.DEMO_PASSWORD))
        for login in logins:
            self.stdout.write(f"  {login.role:<14} {login.username:<12} {login.name}  ({login.note})")
        self.stdout.write(_("Open http://127.0.0.1:8000/ and log in."))
