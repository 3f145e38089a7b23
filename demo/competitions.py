"""Demo festivals of the school plan "体验生活，健康成长": last year's (over) and this year's (under way today).

This year's festival keeps the plan's day layout, started so that today is the day after the plan's poster day
(day 17, the day the inventions were due); the organizers then changed two windows on the way, through their own
services, as they would: the class posters (科普板报) went on being judged on site today, and the inventions'
judges meet in two days. So right after seeding, at any hour, the competitions show the stages one after another:
the posters are being judged (评审中), the inventions are closed with the classes' shortlists (已截止), the
paintings and essays still take entries (征集中) and last year's are published and final.

Idempotent: a festival whose short name exists is left as it is, so running seed_demo again on another day
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction

from competitions import services
from competitions.kinds import Kind
from competitions.models import Festival
from competitions.plans import OPENS_AT
from demo.data import LAST_YEAR_NAME, POSTER_JUDGING_REASON, THEME, THIS_YEAR_NAME
from schools.models import School, User

# This year's festival started this many days ago: today is day 18 of the plan. Publicity is over, the class
# posters were made and the inventions were due yesterday (day 17), the paintings and essays close on day 26.
DAYS_SINCE_START = 18
# The posters' judging, begun on their day (13:30–17:00), runs on until this hour tomorrow.
POSTER_JUDGING_UNTIL = dt.time(12, 0)
# The inventions' judges meet this many days from today, at the usual opening hour (the plan has them tomorrow).
INVENTION_JUDGING_IN_DAYS = 2


def seed(*, school: School, today: dt.date) -> None:
    """Called by ``manage.py seed_demo`` once the school exists."""
    seed_festivals(school=school, today=today)


@transaction.atomic
def seed_festivals(*, school: School, today: dt.date, by: User | None = None) -> list[Festival]:
    by = by or User.objects.filter(school=school, is_organizer=True).order_by("pk").first()
    last_year, _created = _festival(
        school=school,
        name=LAST_YEAR_NAME,
        year=today.year - 1,
        start=dt.date(today.year - 1, 4, 11),  # as in the plan: 4月11日 to mid-May
        status=Festival.Status.FINISHED,
        by=by,
    )
    this_year, created = _festival(
        school=school,
        name=THIS_YEAR_NAME,
        year=today.year,
        start=today - dt.timedelta(days=DAYS_SINCE_START),
        status=Festival.Status.PUBLISHED,
        by=by,
        extra_templates=("race", "paper_plane"),  # the school's own specialities (四驱车、手抛飞机)
    )
    if created:
        _change_windows(festival=this_year, today=today, by=by)
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
) -> tuple[Festival, bool]:
    slug = str(year)
    existing = Festival.objects.filter(school=school, slug=slug).first()
    if existing:
        return existing, False
    festival = services.festival_create_from_plan(
        school=school, name=name, year=year, slug=slug, theme=THEME, start=start, by=by
    )
    for key in extra_templates:
        services.competition_create_from_template(festival=festival, key=key, start=start, by=by)
    return services.festival_update(festival=festival, values={"status": status}, by=by), True


def _change_windows(*, festival: Festival, today: dt.date, by: User) -> None:
    """The organizers' two changes to the plan's windows, whatever the hour: both move by whole days."""
    tz = zoneinfo.ZoneInfo(festival.school.timezone)
    tomorrow = today + dt.timedelta(days=1)
    poster = festival.competitions.filter(kind=Kind.POSTER).order_by("position").first()
    if poster is not None:
        # Judging only grows this way, with the reason in the audit log; it covers all of today.
        services.judging_window_change(
            competition=poster,
            opens=poster.judging_opens,
            closes=dt.datetime.combine(tomorrow, POSTER_JUDGING_UNTIL, tzinfo=tz),
            by=by,
            reason=POSTER_JUDGING_REASON,
        )
    invention = festival.competitions.filter(kind=Kind.INVENTION).order_by("position").first()
    if invention is not None:
        # A later start is an ordinary change of the competition (the window page only opens it earlier).
        opens = dt.datetime.combine(today + dt.timedelta(days=INVENTION_JUDGING_IN_DAYS), OPENS_AT, tzinfo=tz)
        services.competition_update(
            competition=invention,
            values={"judging_opens": opens},
            grade_numbers=invention.grade_numbers,
            by=by,
        )
