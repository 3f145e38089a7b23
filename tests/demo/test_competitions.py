from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from competitions.models import Competition, Festival
from competitions.stages import Stage
from core.models import AuditLog
from demo.competitions import seed_festivals
from demo.data import POSTER_JUDGING_REASON

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
BEIJING = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


def test_demo_has_last_years_festival_over_and_this_years_open_today(school, organizer):
    last_year, this_year = seed_festivals(school=school, today=TODAY)

    assert (last_year.name, last_year.year, last_year.status, last_year.theme) == (
        "第一届科技节",
        2025,
        "finished",
        "体验生活，健康成长",
    )
    assert max(c.judging_closes for c in last_year.competitions.all()) < timezone.now()
    assert (this_year.name, this_year.year, this_year.status) == ("第二届科技节", 2026, "published")
    assert this_year.phase_on(TODAY).kind == "submission"
    assert list(this_year.competitions.values_list("name", flat=True)) == [
        "科技创新制作",
        "科普板报",
        "科技创新绘画",
        "科技小论文与观察日记",
        "四驱车比赛",
        "手抛飞机比赛",
    ]
    assert Festival.objects.current_for(school.pk, TODAY) == this_year


@pytest.mark.parametrize("hour, minute", [(0, 1), (7, 30), (12, 0), (15, 0), (23, 59)])
def test_this_years_competitions_show_the_stages_at_any_hour_of_the_day(school, organizer, hour, minute):
    _last_year, this_year = seed_festivals(school=school, today=TODAY)
    now = at(TODAY, hour, minute)

    stages = {c.code: c.stage(now) for c in this_year.competitions.all()}

    assert stages == {
        "ZZ": Stage.CLOSED,  # the inventions, due yesterday; judged from the day after tomorrow
        "BB": Stage.JUDGING,  # the class posters, made yesterday morning and judged on site until tomorrow noon
        "HH": Stage.OPEN,
        "LW": Stage.OPEN,
        "SC": Stage.OPEN,
        "SF": Stage.OPEN,
    }


def test_the_poster_and_invention_windows_keep_the_plans_days_and_move_as_the_organizers_did(school, organizer):
    _last_year, this_year = seed_festivals(school=school, today=TODAY)
    poster = this_year.competitions.get(code="BB")
    invention = this_year.competitions.get(code="ZZ")
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)

    assert (poster.submission_opens, poster.submission_closes, poster.judging_opens, poster.judging_closes) == (
        at(yesterday, 8),
        at(yesterday, 12),
        at(yesterday, 13, 30),
        at(tomorrow, 12),
    )
    assert (invention.submission_closes, invention.judging_opens) == (at(yesterday, 17), at(TODAY + dt.timedelta(2), 8))
    change = AuditLog.objects.get(action="competition.judging_window")
    assert (change.object_repr, change.reason, change.actor) == ("科普板报", POSTER_JUDGING_REASON, organizer)
    assert list(change.changes) == ["judging_closes"]
    update = AuditLog.objects.get(action="competition.update")
    assert (update.object_repr, list(update.changes)) == ("科技创新制作", ["judging_opens"])


def test_demo_festivals_are_seeded_once(school, organizer):
    seed_festivals(school=school, today=TODAY)
    before = (Festival.objects.count(), Competition.objects.count(), AuditLog.objects.count())

    seed_festivals(school=school, today=TODAY + dt.timedelta(days=3))

    assert (Festival.objects.count(), Competition.objects.count(), AuditLog.objects.count()) == before


def test_seed_demo_command_adds_the_festivals_idempotently(capsys, monkeypatch):
    # Only the festivals: entries and judging are seeded and tested by their own modules.
    for layer in ("submissions", "awards"):
        monkeypatch.setattr(f"demo.{layer}.seed", lambda **kwargs: None)
    call_command("seed_demo")
    call_command("seed_demo")

    festivals = Festival.objects.order_by("year")
    assert [(f.name, f.status) for f in festivals] == [("第一届科技节", "finished"), ("第二届科技节", "published")]
    assert festivals[1].competitions.count() == 6
    assert AuditLog.objects.filter(action="festival.create").count() == 2
