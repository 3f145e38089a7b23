"""Demo festivals of the school plan "体验生活，健康成长": last year's (over) and this year's (open today).

Idempotent: a festival whose short name exists is left as it is, so running seed_demo again on another day
changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from competitions import services
from competitions.models import Festival
from demo.data import LAST_YEAR_NAME, THEME, THIS_YEAR_NAME
from schools.models import School, User

# This year's festival started this many days ago: publicity is over and the works are coming in (the
# inventions close on day 17 of the plan); the class posters, 科普板报, are made and judged on that day.
DAYS_SINCE_START = 11


def seed(*, school: School, today: dt.date) -> None:
    """Called by ``manage.py seed_demo`` once the school exists."""
    seed_festivals(school=school, today=today)


@transaction.atomic
def seed_festivals(*, school: School, today: dt.date, by: User | None = None) -> list[Festival]:
    by = by or User.objects.filter(school=school, is_organizer=True).order_by("pk").first()
    last_year = _festival(
        school=school,
        name=LAST_YEAR_NAME,
        year=today.year - 1,
        start=dt.date(today.year - 1, 4, 11),  # as in the plan: 4月11日 to mid-May
        status=Festival.Status.FINISHED,
        by=by,
    )
    this_year = _festival(
        school=school,
        name=THIS_YEAR_NAME,
        year=today.year,
        start=today - dt.timedelta(days=DAYS_SINCE_START),
        status=Festival.Status.PUBLISHED,
        by=by,
        extra_templates=("race", "paper_plane"),  # the school's own specialities (四驱车、手抛飞机)
    )
    return [last_year, this_year]


def _festival(
    *,
    school: School,
    name: str,
    year: int,
    start: dt.date,
    status: str,
    by: User | None,
    extra_templates: tuple[str, ...] = (),
) -> Festival:
    slug = str(year)
    existing = Festival.objects.filter(school=school, slug=slug).first()
    if existing:
        return existing
    festival = services.festival_create_from_plan(
        school=school, name=name, year=year, slug=slug, theme=THEME, start=start, by=by
    )
    for key in extra_templates:
        services.competition_create_from_template(festival=festival, key=key, start=start, by=by)
    return services.festival_update(festival=festival, values={"status": status}, by=by)
