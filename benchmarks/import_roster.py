"""Time the roster import of a 3,000-student school, end to end, on the configured database.

    .venv/bin/python benchmarks/import_roster.py [--students 3000] [--probe] [--keep]

Builds the workbook in memory (students in 60 classes over grades 1–12, a head teacher per class,
a few judges), then times ``festival.services.roster_import`` three times into a school of its own:
the first import (everything new, passwords hashed, credentials sheet written), the same file again
(all unchanged), and the next school year (every student moved up a class). The benchmark school and
its people are deleted afterwards unless --keep is given.

--probe: while each import runs, another thread (its own database connection) writes a small transaction
every 0.1 s, as a login does; prints how many it got in and the longest it waited — on SQLite, how long
the import held the write lock at a stretch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "festival.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from core.models import AuditLog  # noqa: E402
from schools.models import Grade, RosterImport, School, SchoolClass, Section, User, class_name  # noqa: E402
from schools.services import roster_import  # noqa: E402

SLUG = "bench-roster"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "浩宇轩子睿博文杰欣怡梓涵雨萱诗琪佳悦"


def build_roster(students: int, *, year_shift: int = 0) -> bytes:
    """A roster as a school keeps it, with a title row; ``year_shift`` moves everyone up that many grades."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("学生")
    ws.append(["基准测试学校学生花名册"])
    ws.append(["序号", "学号", "姓名", "性别", "出生日期", "班级"])
    classes = [(grade, number) for grade in range(1, 13) for number in range(1, 6)]  # 60 classes
    per_class = -(-students // len(classes))
    for i in range(students):
        grade, number = classes[i // per_class]
        grade = min(12, grade + year_shift)
        birth = dt.date(2026 - 6 - grade + year_shift, 1 + i % 12, 1 + i % 28)
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + GIVEN[(i // 7) % len(GIVEN)]
        ws.append([i + 1, f"B{i:07d}", name, "男" if i % 2 else "女", birth, class_name(grade, number)])
    ws = wb.create_sheet("教师")
    ws.append(["工号", "姓名", "性别", "班主任班级", "评委"])
    for index, (grade, number) in enumerate(classes):
        ws.append(
            [f"BT{index:04d}", f"教师{index}", "女", class_name(grade, number), "是" if index % 10 == 0 else "否"]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class Probe(threading.Thread):
    """Small write transactions on a connection of its own, timed, until stopped."""

    def __init__(self, school_id: int) -> None:
        super().__init__(daemon=True)
        self.school_id, self.stop, self.waits, self.failed = school_id, threading.Event(), [], 0

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                start = time.perf_counter()
                try:
                    with transaction.atomic():
                        School.objects.filter(pk=self.school_id).update(name="基准测试学校")
                except Exception:  # "database is locked" after the 20 s timeout: a login that failed
                    self.failed += 1
                self.waits.append(time.perf_counter() - start)
                self.stop.wait(0.1)
        finally:
            connections.close_all()

    def report(self) -> str:
        longest = max(self.waits, default=0)
        return f"   probe: {len(self.waits)} writes, longest wait {longest:.2f} s, {self.failed} failed"


def timed(label: str, school: School, content: bytes, *, probe: bool = False) -> RosterImport:
    prober = Probe(school.pk) if probe else None
    if prober:
        prober.start()
    start = time.perf_counter()
    imported = roster_import(school=school, workbook_file=io.BytesIO(content), file_name=f"{label}.xlsx", by=None)
    elapsed = time.perf_counter() - start
    if prober:
        prober.stop.set()
        prober.join()
    counts = ", ".join(f"{k}={v}" for k, v in imported.counts.items() if v)
    print(f"{label:<12} {elapsed:6.2f} s   {counts}{prober.report() if prober else ''}")
    return imported


@transaction.atomic
def clean_up(school: School) -> None:
    """Remove the benchmark school, its people and the audit records the imports wrote about them.

    Plain SQL, because the ORM's cascade would visit every model related to users, including those of
    apps whose tables a half-migrated development database may not have yet.
    """
    imports = list(RosterImport.objects.filter(school=school))
    for imported in imports:
        imported.credentials.delete(save=False)
    users = [str(pk) for pk in User.objects.filter(school=school).values_list("pk", flat=True)]
    classes = [str(pk) for pk in SchoolClass.objects.filter(grade__school=school).values_list("pk", flat=True)]
    for model, ids in ((RosterImport, [str(i.pk) for i in imports]), (User, users), (SchoolClass, classes)):
        content_type = ContentType.objects.get_for_model(model)
        AuditLog.objects.filter(content_type=content_type, object_id__in=ids).delete()
    with connection.cursor() as cursor:
        for model, column in ((RosterImport, "school_id"), (User, "school_id")):
            if model is User:
                cursor.execute(
                    f"UPDATE {SchoolClass._meta.db_table} SET head_teacher_id = NULL WHERE grade_id IN "
                    f"(SELECT id FROM {Grade._meta.db_table} WHERE school_id = %s)",
                    [school.pk],
                )
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {column} = %s", [school.pk])
        cursor.execute(
            f"DELETE FROM {SchoolClass._meta.db_table} WHERE grade_id IN "
            f"(SELECT id FROM {Grade._meta.db_table} WHERE school_id = %s)",
            [school.pk],
        )
        cursor.execute(f"DELETE FROM {Grade._meta.db_table} WHERE school_id = %s", [school.pk])
        cursor.execute(f"DELETE FROM {School._meta.db_table} WHERE id = %s", [school.pk])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--probe", action="store_true", help="time small writes of another connection meanwhile")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark school and its people")
    args = parser.parse_args()

    if School.objects.filter(slug=SLUG).exists():
        clean_up(School.objects.get(slug=SLUG))
    school = School.objects.create(slug=SLUG, name="基准测试学校", sections=list(Section.values))
    first, second = build_roster(args.students), build_roster(args.students, year_shift=1)
    print(f"database: {connection.vendor}; {args.students} students, 60 classes, 60 teachers; {len(first):,} bytes")
    try:
        timed("first", school, first, probe=args.probe)
        timed("same again", school, first, probe=args.probe)
        timed("next year", school, second, probe=args.probe)
    finally:
        if not args.keep:
            clean_up(school)


if __name__ == "__main__":
    main()
