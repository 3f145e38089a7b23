"""``competitions.timeline``: the six steps of a competition at several moments, as organizers and as others see
them (pure: unsaved competitions, no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from competitions.models import Competition
from competitions.stages import Stage
from competitions.timeline import competition_timeline, shown_stage
from tests.factories.competitions import SHANGHAI, shanghai

KEYS = ["submission", "closed", "judging", "locked", "notice", "final"]


def painting(**fields) -> Competition:
    """科技创新绘画: entries 4月15日 08:00 to 5月7日 17:00, judging 5月8日 08:00 to 5月11日 17:00."""
    dates = {
        "submission_opens": shanghai(2026, 4, 15, 8),
        "submission_closes": shanghai(2026, 5, 7, 17),
        "judging_opens": shanghai(2026, 5, 8, 8),
        "judging_closes": shanghai(2026, 5, 11, 17),
    }
    return Competition(name="科技创新绘画", **{**dates, **fields})


def states(steps) -> list[tuple[str, str]]:
    return [(s.key, s.state) for s in steps]


@pytest.fixture(autouse=True)
def _shanghai():
    with timezone.override(SHANGHAI):
        yield


@pytest.mark.parametrize(
    ("now", "current", "stage"),
    [
        (shanghai(2026, 4, 1), "submission", Stage.UPCOMING),
        (shanghai(2026, 4, 20, 10), "submission", Stage.OPEN),
        (shanghai(2026, 5, 7, 20), "closed", Stage.CLOSED),
        (shanghai(2026, 5, 9, 10), "judging", Stage.JUDGING),
        (shanghai(2026, 5, 12, 10), "judging", Stage.JUDGED),
    ],
)
def test_the_step_of_the_dates_is_under_way_and_the_ones_before_are_done(now, current, stage):
    steps = competition_timeline(painting(), now)

    index = KEYS.index(current)
    assert states(steps) == [
        (key, "past" if i < index else "current" if i == index else "future") for i, key in enumerate(KEYS)
    ]
    assert [s.stage for s in steps if s.state == "current"] == [stage]
    assert [s.stage for s in steps if s.state != "current"] == [None] * 5


def test_steps_carry_the_windows_and_the_deadline_hour():
    steps = {s.key: s for s in competition_timeline(painting(), shanghai(2026, 4, 20))}

    assert (steps["submission"].start, steps["submission"].end) == (shanghai(2026, 4, 15, 8), shanghai(2026, 5, 7, 17))
    assert (steps["submission"].start_time, steps["submission"].end_time) == (False, True)
    assert (steps["closed"].start, steps["closed"].end) == (shanghai(2026, 5, 7, 17), shanghai(2026, 5, 8, 8))
    assert steps["closed"].start_time is True
    assert (steps["judging"].start, steps["judging"].end) == (shanghai(2026, 5, 8, 8), shanghai(2026, 5, 11, 17))
    assert [steps[k].start for k in ("locked", "notice", "final")] == [None, None, None]


def test_a_window_within_one_day_shows_its_hours():
    poster = painting()
    poster.submission_opens, poster.submission_closes = shanghai(2026, 4, 27, 8), shanghai(2026, 4, 27, 12)
    poster.judging_opens, poster.judging_closes = shanghai(2026, 4, 27, 13, 30), shanghai(2026, 4, 27, 17)

    steps = {s.key: s for s in competition_timeline(poster, shanghai(2026, 4, 27, 9))}

    assert steps["submission"].same_day and steps["judging"].same_day
    assert steps["judging"].start_time and steps["judging"].end_time


def test_judging_opened_early_keeps_no_gap_after_the_deadline():
    early = painting(judging_opens=shanghai(2026, 5, 1, 8))

    steps = {s.key: s for s in competition_timeline(early, shanghai(2026, 5, 8, 9))}

    assert (steps["closed"].start, steps["closed"].end) == (shanghai(2026, 5, 7, 17), None)
    assert steps["judging"].start == shanghai(2026, 5, 7, 17)


LOCKED_AT = shanghai(2026, 5, 10, 16)


@pytest.mark.parametrize(
    ("now", "public"), [(shanghai(2026, 5, 10, 17), Stage.JUDGING), (shanghai(2026, 5, 13), Stage.JUDGED)]
)
def test_a_locked_competition_shows_its_lock_to_the_organizers_only(now, public):
    locked = painting(results_locked_at=LOCKED_AT)

    organizers = competition_timeline(locked, now, see_lock=True)
    others = competition_timeline(locked, now)

    assert [(s.key, s.stage) for s in organizers if s.stage] == [("locked", Stage.LOCKED)]
    assert organizers[KEYS.index("locked")].start == LOCKED_AT
    assert [(s.key, s.stage) for s in others if s.stage] == [("judging", public)]
    assert others[KEYS.index("locked")].start is None
    assert shown_stage(locked, now, see_lock=False) == public


def test_during_the_notice_everyone_sees_the_publication_dates():
    published = painting(
        results_locked_at=LOCKED_AT, published_at=shanghai(2026, 5, 14, 9), notice_ends_at=shanghai(2026, 5, 19, 9)
    )

    steps = competition_timeline(published, shanghai(2026, 5, 15))

    assert states(steps) == [*((k, "past") for k in KEYS[:4]), ("notice", "current"), ("final", "future")]
    assert steps[3].start == LOCKED_AT
    assert (steps[4].start, steps[4].end, steps[4].stage) == (
        shanghai(2026, 5, 14, 9),
        shanghai(2026, 5, 19, 9),
        Stage.NOTICE,
    )
    assert steps[5].start == shanghai(2026, 5, 19, 9)


def test_after_the_notice_the_results_are_final():
    published = painting(
        results_locked_at=LOCKED_AT, published_at=shanghai(2026, 5, 14, 9), notice_ends_at=shanghai(2026, 5, 19, 9)
    )

    steps = competition_timeline(published, shanghai(2026, 5, 19, 9) + dt.timedelta(minutes=1))

    assert states(steps) == [*((k, "past") for k in KEYS[:5]), ("final", "current")]
    assert steps[5].stage == Stage.FINAL


def test_a_class_extension_keeps_the_class_in_the_entries_step():
    steps = competition_timeline(painting(), shanghai(2026, 5, 8, 9), closes=shanghai(2026, 5, 9, 12))

    assert steps[0].state == "current" and steps[0].stage == Stage.OPEN
    assert steps[0].end == shanghai(2026, 5, 9, 12)
