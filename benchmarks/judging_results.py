"""Time results for 20,000 entries with 3 judges each: aggregation and award allocation.

    .venv/bin/python benchmarks/judging_results.py [--entries 20000] [--judges 3] [--keep]

Seeds a school of its own with one competition (awards per grade, 一/二/三等奖 by percentage, a
minimum score) whose entries are all in judging and scored by every judge, straight into the
database with bulk inserts. Then it times:

1. the pure algorithms on values already in memory (``aggregate`` + ``allocate``);
2. ``awards.services.results_compute`` end to end on the configured database: reading the submitted
   scores, aggregating, allocating per grade, writing 20,000 result rows, the audit record, commit —
   once into empty results, and once again over existing ones (the head judge recomputing);
3. ``awards.services.results_lock``: every entry becomes awarded or not awarded through the submissions
   services, with an audit record per entry.

The benchmark school is deleted afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "festival.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards import services  # noqa: E402
from awards.aggregation import JudgeTotal, aggregate  # noqa: E402
from awards.allocation import Candidate, allocate  # noqa: E402
from competitions.models import (  # noqa: E402
    AwardTier,
    Competition,
    Criterion,
    Festival,
)
from core.models import AuditLog  # noqa: E402
from judging.models import Assignment, Panel, Score  # noqa: E402
from schools.models import Grade, School, SchoolClass, Section, User  # noqa: E402
from submissions.models import Entry, EntryState  # noqa: E402

SLUG = "bench-judging"


def seed(entries: int, judges: int) -> Competition:
    rng = random.Random(7)
    school = School.objects.create(name="评审基准学校", slug=SLUG, sections=list(Section.values))
    grades = [Grade.objects.create(school=school, number=n) for n in range(1, 13)]
    classes = [SchoolClass.objects.create(grade=g, number=c) for g in grades for c in range(1, 6)]
    organizer = User.objects.create(username=f"{SLUG}-org", real_name="基准组委", school=school, is_organizer=True)
    panel_judges = [
        User.objects.create(username=f"{SLUG}-j{i}", real_name=f"基准评委{i}", school=school, is_judge=True)
        for i in range(judges)
    ]
    now = timezone.now()
    festival = Festival.objects.create(school=school, year=2026, name="基准科技节", slug="bench", status="published")
    competition = Competition.objects.create(
        festival=festival,
        name="科技创新制作",
        code="ZZ",
        kind="invention",
        submission_opens=now - dt.timedelta(days=30),
        submission_closes=now - dt.timedelta(days=10),
        judging_opens=now - dt.timedelta(days=9),
        judging_closes=now + dt.timedelta(days=9),
        judges_per_entry=judges,
        award_grouping="grade",
        award_basis="percent",
        award_min_score=Decimal(60),
        recommend_count=20,
    )
    competition.eligible_grades.set(grades)
    for level, amount in [("first", 10), ("second", 20), ("third", 30)]:
        AwardTier.objects.create(competition=competition, level=level, amount=amount)
    Criterion.objects.create(competition=competition, name="综合", max_points=100)
    panel = Panel.objects.create(competition=competition, head_judge=panel_judges[0])
    panel.judges.set(panel_judges)

    rows = [
        Entry(
            festival=festival,
            school_id=festival.school_id,
            competition=competition,
            code=f"{festival.year}-ZZ-{i:05d}",
            number=i,
            title=f"作品{i}",
            school_class=classes[i % len(classes)],
            created_by=organizer,
            state=EntryState.IN_JUDGING,
        )
        for i in range(1, entries + 1)
    ]
    Entry.objects.bulk_create(rows, batch_size=2000)
    entry_ids = list(Entry.objects.filter(competition=competition).values_list("pk", flat=True))
    Assignment.objects.bulk_create(
        [Assignment(entry_id=e, judge=j) for e in entry_ids for j in panel_judges], batch_size=5000
    )
    assignments = Assignment.objects.filter(entry__competition=competition).values_list("pk", "entry_id", "judge_id")
    Score.objects.bulk_create(
        [
            Score(
                assignment_id=a,
                entry_id=e,
                judge_id=j,
                state=Score.State.SUBMITTED,
                total=Decimal(rng.randrange(100, 200)) / 2,  # 50.0 … 99.5 in half points
                submitted_at=now,
            )
            for a, e, j in assignments
        ],
        batch_size=5000,
    )
    competition.organizer = organizer
    return competition


def cleanup() -> None:
    # Entries protect their competition and their creator, so they go first.
    AuditLog.objects.filter(actor__school__slug=SLUG).delete()
    Entry.objects.filter(festival__school__slug=SLUG).delete()
    Festival.objects.filter(school__slug=SLUG).delete()
    User.objects.filter(school__slug=SLUG).delete()
    School.objects.filter(slug=SLUG).delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--judges", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    cleanup()
    started = time.perf_counter()
    competition = seed(args.entries, args.judges)
    print(f"seeded {args.entries:,} entries × {args.judges} judges in {time.perf_counter() - started:.1f} s")
    try:
        totals = [
            JudgeTotal(e, j, t)
            for e, j, t in Score.objects.filter(entry__competition=competition).values_list(
                "entry_id", "judge_id", "total"
            )
        ]
        groups = dict(Entry.objects.filter(competition=competition).values_list("pk", "school_class__grade__number"))
        t0 = time.perf_counter()
        scores = aggregate(totals, spread_limit=Decimal(20))
        allocate(
            [Candidate(e, groups[e], s.score) for e, s in scores.items()],
            amounts=[("first", 10), ("second", 20), ("third", 30)],
            basis="percent",
            min_score=Decimal(60),
            recommend=20,
        )
        pure = time.perf_counter() - t0
        print(f"aggregate + allocate in memory: {pure:.2f} s")

        for label in ("results_compute, first time", "results_compute, again over existing results"):
            t0 = time.perf_counter()
            results = services.results_compute(competition=competition, by=competition.organizer)
            elapsed = time.perf_counter() - t0
            print(f"{label}: {elapsed:.2f} s ({len(results):,} results, {connection.vendor})")
        t0 = time.perf_counter()
        services.results_lock(competition=competition, by=competition.organizer)
        print(f"results_lock: {time.perf_counter() - t0:.2f} s ({connection.vendor})")
    finally:
        if not args.keep:
            cleanup()


if __name__ == "__main__":
    main()
