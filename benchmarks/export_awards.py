"""Time the award-list export (获奖名单) at district scale, against openpyxl writing the same cells bare.

    .venv/bin/python benchmarks/export_awards.py [--entries 20000] [--judges 3] [--keep]

Seeds a district-sized festival of its own — 240 classes over 12 grades, one student author and one
advisor per entry, four competitions sharing ``--entries`` entries, each entry scored by ``--judges``
judges — straight into the database with bulk inserts, then computes and locks the results through
``judging.services`` (so every entry has a result and most have an award). Then it measures, each in a
fresh Python process (three times each, the best time counts) so that the peak memory (VmHWM) is that
step's own:

1. ``export``: the award list end to end, exactly as the Celery task runs it — ``export_build`` on the
   row ``export_request`` makes: the queries, the exporter's rows, the styled write-only workbook, the
   temporary file moved into private storage, the export row marked done;
2. ``floor``: the same rows and columns (fetched beforehand, untimed) written by bare openpyxl in
   write-only mode — no styles, widths or print setup — to a file: the least any export could cost.

The benchmark school is deleted afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
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

from awards import services as award_services  # noqa: E402
from competitions.models import (  # noqa: E402
    AwardTier,
    Competition,
    Criterion,
    Festival,
)
from core.exporters import (  # noqa: E402
    EXPORTERS,
    Heading,
)
from exports import services as export_services  # noqa: E402
from exports.models import Export  # noqa: E402
from judging.models import Assignment, Panel, Score  # noqa: E402
from schools.models import Grade, School, SchoolClass, Section, User  # noqa: E402
from submissions.models import Entry, EntryState  # noqa: E402

SLUG = "bench-export"
COMPETITIONS = [
    ("科技创新制作", "ZZ", "invention", "grade"),
    ("科技创新绘画", "HH", "painting", "grade"),
    ("科技小论文", "LW", "essay", "section"),
    ("科普板报", "BB", "poster", "whole"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
GIVEN = "浩宇轩子睿博文杰俊泽然瑞航宸铭昊哲晨阳鑫欣怡梓涵雨萱诗琪佳悦可馨若彤语嫣思雅婉清晓梦瑶"
TITLES = ["环保小台灯", "自动浇花器", "未来的太空城市", "会走路的机器人", "雨水收集装置", "智能垃圾分类箱", "月球基地"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")


def seed(entries: int, judges: int) -> Festival:
    rng = random.Random(11)
    now = timezone.now()
    school = School.objects.create(name="基准区实验学校", slug=SLUG, sections=list(Section.values))
    grades = [Grade.objects.create(school=school, number=n) for n in range(1, 13)]
    organizer = User.objects.create(username=f"{SLUG}-org", real_name="基准组委", school=school, is_organizer=True)
    teachers = User.objects.bulk_create(
        User(username=f"{SLUG}-t{i}", real_name=_name(rng), school=school, is_teacher=True, password="!")
        for i in range(240)
    )
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(grade=g, number=c, head_teacher=teachers[i * 20 + c - 1])
        for i, g in enumerate(grades)
        for c in range(1, 21)
    )
    classes = list(SchoolClass.objects.filter(grade__school=school).order_by("pk"))
    students = User.objects.bulk_create(
        (
            User(
                username=f"{SLUG}-s{i}",
                student_number=f"B{i:06d}",
                real_name=_name(rng),
                school=school,
                school_class=classes[i % len(classes)],
                is_student=True,
                password="!",
            )
            for i in range(entries)
        ),
        batch_size=2000,
    )
    panel_judges = [
        User.objects.create(username=f"{SLUG}-j{i}", real_name=f"评委{i}", school=school, is_judge=True)
        for i in range(judges * 2)
    ]
    festival = Festival.objects.create(
        school=school, year=2026, name="区第五届科技节", slug="bench", status="published"
    )
    per_competition = entries // len(COMPETITIONS)
    number = 0
    for position, (name, code, kind, grouping) in enumerate(COMPETITIONS):
        competition = Competition.objects.create(
            festival=festival,
            name=name,
            code=code,
            kind=kind,
            position=position,
            submission_opens=now - dt.timedelta(days=30),
            submission_closes=now - dt.timedelta(days=10),
            judging_opens=now - dt.timedelta(days=9),
            judging_closes=now + dt.timedelta(days=9),
            judges_per_entry=judges,
            award_grouping=grouping,
            award_basis="percent",
            award_min_score=Decimal(55),
            recommend_count=20,
        )
        competition.eligible_grades.set(grades)
        for level, amount in [("first", 10), ("second", 20), ("third", 30), ("merit", 30)]:
            AwardTier.objects.create(competition=competition, level=level, amount=amount)
        Criterion.objects.create(competition=competition, name="综合", max_points=100)
        panel = Panel.objects.create(competition=competition, head_judge=panel_judges[0])
        panel.judges.set(panel_judges[:judges])
        rows = []
        for n in range(1, per_competition + 1):
            author = students[number]
            number += 1
            rows.append(
                Entry(
                    festival=festival,
                    school_id=festival.school_id,
                    competition=competition,
                    code=f"{festival.year}-{code}-{n:05d}",
                    number=n,
                    title=f"{rng.choice(TITLES)}（{n}）",
                    school_class_id=author.school_class_id,
                    created_by=author,
                    advisor=teachers[rng.randrange(len(teachers))],
                    state=EntryState.IN_JUDGING,
                )
            )
        Entry.objects.bulk_create(rows, batch_size=2000)
        created = Entry.objects.filter(competition=competition).order_by("number").values_list("pk", "created_by_id")
        Entry.authors.through.objects.bulk_create(
            (Entry.authors.through(entry_id=e, user_id=u) for e, u in created), batch_size=5000
        )
        Assignment.objects.bulk_create(
            (Assignment(entry_id=e, judge=j) for e, _u in created for j in panel_judges[:judges]), batch_size=5000
        )
        assignments = Assignment.objects.filter(entry__competition=competition).values_list(
            "pk", "entry_id", "judge_id"
        )
        Score.objects.bulk_create(
            (
                Score(
                    assignment_id=a,
                    entry_id=e,
                    judge_id=j,
                    state=Score.State.SUBMITTED,
                    total=Decimal(rng.randrange(100, 200)) / 2,  # 50.0 … 99.5 in half points
                    submitted_at=now,
                )
                for a, e, j in assignments
            ),
            batch_size=5000,
        )
        award_services.results_compute(competition=competition, by=organizer)
        award_services.results_lock(competition=competition, by=organizer)
    return festival


def cleanup() -> None:
    # Entries protect their competition and their creator, so they go first.
    Export.objects.filter(school__slug=SLUG).delete()
    Entry.objects.filter(festival__school__slug=SLUG).delete()
    Festival.objects.filter(school__slug=SLUG).delete()
    User.objects.filter(school__slug=SLUG).delete()  # students protect their classes
    SchoolClass.objects.filter(grade__school__slug=SLUG).delete()
    School.objects.filter(slug=SLUG).delete()


def _peak_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over from the parent across
    fork and exec, so a step would report the seeding parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_export() -> dict:
    festival = Festival.objects.get(school__slug=SLUG)
    organizer = User.objects.get(username=f"{SLUG}-org")
    # The row export_request makes, without queuing a task for whatever worker may be running here.
    export = Export.objects.create(kind="award_list", school=festival.school, festival=festival, requested_by=organizer)
    started = time.perf_counter()
    export_services.export_build(export_id=export.pk)
    seconds = time.perf_counter() - started
    export.refresh_from_db()
    assert export.state == "done", export.error
    return {"seconds": seconds, "peak_mb": _peak_mb(), "bytes": export.file.size}


def step_floor() -> dict:
    from openpyxl import Workbook

    festival = Festival.objects.get(school__slug=SLUG)
    exporter = EXPORTERS["award_list"](school=festival.school, festival=festival, user=None)
    sheets = [
        (s.name, [c.header for c in s.columns], [(r.text,) if isinstance(r, Heading) else tuple(r) for r in s.rows])
        for s in exporter.sheets()
    ]
    rows = sum(len(r) for _n, _h, r in sheets)
    before = _peak_mb()
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    for name, header, sheet_rows in sheets:
        ws = workbook.create_sheet(name[:31])
        ws.append(header)
        for row in sheet_rows:
            ws.append(row)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        workbook.save(out.name)
        size = os.path.getsize(out.name)
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "rows_in_memory_mb": before,
        "rows": rows,
        "bytes": size,
    }


def _run_step(step: str, runs: int = 3) -> dict:
    """The best time of a few fresh runs (a shared 2-core machine is noisy), with the highest peak."""
    results = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, __file__, "--step", step], check=True, capture_output=True, text=True, cwd=ROOT
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["seconds"])
    return {**best, "peak_mb": max(r["peak_mb"] for r in results), "all_seconds": [r["seconds"] for r in results]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--judges", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--step", choices=["export", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step_export() if args.step == "export" else step_floor()))
        return

    cleanup()
    started = time.perf_counter()
    seed(args.entries, args.judges)
    print(
        f"seeded {args.entries:,} entries × {args.judges} judges, results computed and locked "
        f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    try:
        floor = _run_step("floor")
        export = _run_step("export")
        print(f"award-list rows: {floor['rows']:,} (awarded entries, four competitions)")
        print(
            f"export end to end (export_build, as the worker runs it): {export['seconds']:.2f} s best of "
            f"{', '.join(f'{t:.2f}' for t in export['all_seconds'])}, "
            f"peak RSS {export['peak_mb']:.0f} MB, {export['bytes'] / 1024:.0f} KB"
        )
        print(
            f"bare openpyxl write-only floor: {floor['seconds']:.2f} s best of "
            f"{', '.join(f'{t:.2f}' for t in floor['all_seconds'])} "
            f"(peak RSS {floor['peak_mb']:.0f} MB with all rows held in memory, {floor['bytes'] / 1024:.0f} KB)"
        )
        print(f"ratio export / floor: {export['seconds'] / floor['seconds']:.2f}")
    finally:
        if not args.keep:
            cleanup()


if __name__ == "__main__":
    main()
