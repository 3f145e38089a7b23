"""Quick profile of the organizers' all-entries list (issue 13) without seeding the demo school: ~300 entries
made with the test factories, 20 requests through the test client with DEBUG off, median time per request.

    .venv/bin/pytest -q -p no:randomly -s benchmarks/profile_all_entries.py            # the times
    PROFILE=1 .venv/bin/pytest -q -p no:randomly -s benchmarks/profile_all_entries.py  # and cProfile's top
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from submissions.models import EntryState
from tests.conftest import *  # noqa: F403 (the fixtures: school, organizer, festival, school_class …)
from tests.factories.competitions import CompetitionFactory
from tests.factories.schools import SchoolClassFactory, StudentFactory
from tests.factories.submissions import AttachmentFactory, EntryFactory

STATES = [EntryState.SUBMITTED, EntryState.RECOMMENDED, EntryState.DRAFT, EntryState.IN_JUDGING]


def _seed(live, school, organizer, count=300):
    classes = [SchoolClassFactory(grade__school=school, grade__number=3 + i % 3, number=i + 1) for i in range(6)]
    now = timezone.now()
    for i in range(count):
        student = StudentFactory(school_class=classes[i % len(classes)])
        extra = {"received_at": now, "received_by": organizer} if i % 2 else {}
        entry = EntryFactory(competition=live, created_by=student, state=STATES[i % len(STATES)], **extra)
        if i % 3 == 0:
            AttachmentFactory(entry=entry)


def test_profile_all_entries(client, organizer, school, festival, school_class):
    live = CompetitionFactory(festival=festival, open_now=True)
    _seed(live, school, organizer)
    client.force_login(organizer)
    url = reverse("all_entries")
    query = {"state": "", "received": ""}
    client.get(url, query)  # warm the caches (templates, translations, content types)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url, query)
    assert first.status_code == 200 and len(first.context["entries"]) == 50
    count = len(queries)  # now: the log is emptied at each request
    if os.environ.get("SQL"):
        print("\n".join(f"{q['time']} {q['sql'][:200]}" for q in queries.captured_queries))
    times, cpu = [], []
    profiler = cProfile.Profile() if os.environ.get("PROFILE") else None
    for _ in range(20):
        start, start_cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        response = client.get(url, query)
        if profiler:
            profiler.disable()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)  # steadier than the wall clock on a busy machine
        assert response.status_code == 200
    print(
        f"\nall_entries, 300 entries: {count} queries, median {statistics.median(times):.1f} ms "
        f"(min {min(times):.1f}, max {max(times):.1f}) per request; CPU median {statistics.median(cpu):.1f} ms"
    )
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
