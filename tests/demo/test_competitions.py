from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from competitions.models import Competition, Festival
from core.models import AuditLog
from demo.competitions import seed_festivals

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


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
    now = dt.datetime.combine(TODAY, dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=8)))
    invention = this_year.competitions.get(code="ZZ")
    assert invention.submission_state(now) == "open"
    assert Festival.objects.current_for(school.pk, TODAY) == this_year


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
