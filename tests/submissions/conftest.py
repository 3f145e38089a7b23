"""Fixtures of the entry tests: the competition they enter, an advisor, and the clock of the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.schools import TeacherFactory


@pytest.fixture
def competition(festival, school_class):
    """科技创新制作, open around ``NOW`` (see ``CompetitionFactory``'s ``invention``)."""
    return CompetitionFactory(festival=festival, invention=True)


@pytest.fixture
def live(festival, school_class):
    """科技创新制作, open at ``NOW`` and at the real time now (for the teachers' and organizers' pages)."""
    return CompetitionFactory(festival=festival, open_now=True)


@pytest.fixture
def advisor(school):
    return TeacherFactory(school=school, real_name="赵辅导")


@pytest.fixture
def frozen(monkeypatch):
    """The clock of services and views stands at NOW; ``frozen.move(days=…)`` moves it."""

    class Clock:
        now = NOW

        def move(self, **delta) -> None:
            self.now = NOW + dt.timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
