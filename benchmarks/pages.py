"""Time every page a role uses at district scale: median and p95 server time, queries and HTML size per page.

    .venv/bin/python benchmarks/pages.py [--scale 10] [--repeat 20] [--only NAME ...] [--profile NAME]
        [--json FILE] [--compare FILE]

Runs against the configured database (``DATABASE_URL``; the embedded SQLite file by default). If the demo school
is not there yet it is seeded first with ``manage.py seed_demo --scale 10`` (a few minutes; later runs reuse it).
Last year's painting competition of the demo (the biggest, judged, with results and awards) is the "big
competition"; the benchmark checks it has at least 400 entries and 1,200 scores and says so if it has not.

On PostgreSQL it runs ``ANALYZE`` first, as autovacuum would have on a site in use. Then it logs in
(``force_login``: the password hasher is not what is measured) as each role's demo user — the organizer, the
head teacher of 三年级2班, the invited expert judge, the teacher who judges (t0801) and the demo student — and
requests every page the role uses, in-process through Django's test client with ``DEBUG`` off:
one untimed request that counts the queries (``CaptureQueriesContext``) and gives the status and the HTML size,
then ``--repeat`` timed requests. Printed per page: the median and the p95 of those times (the server's work only:
no network, no gunicorn), the number of queries, the HTML size in KB and the status.

``--profile NAME`` prints where one page's time goes (cProfile over the repeated requests, top 30 by cumulative
time); ``--json FILE`` writes the figures, ``--compare FILE`` prints an earlier run's next to each page. The last
line names the pages over issue 13's budget (15 queries, 100 ms p95).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import math
import os
import pstats
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "festival.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards.models import Result  # noqa: E402
from competitions.kinds import Kind  # noqa: E402
from competitions.models import Competition, Festival  # noqa: E402
from demo import schools as demo_schools  # noqa: E402
from judging.models import Assignment, Score  # noqa: E402
from schools.models import School, SchoolClass, User  # noqa: E402
from submissions.models import Entry  # noqa: E402

MIN_ENTRIES = 400
MIN_SCORES = 1200
# Issue 13's budget for every page at --scale 10 on PostgreSQL.
MAX_QUERIES = 15
MAX_P95_MS = 100


@dataclass
class Page:
    role: str
    name: str
    url: str


@dataclass
class Figures:
    role: str
    name: str
    url: str
    status: int
    queries: int
    kb: float
    median_ms: float
    p95_ms: float


def ensure_school(scale: int) -> School:
    school = School.objects.filter(slug=demo_schools.SCHOOL_SLUG).first()
    if school is None:
        print(f"seeding the demo school at --scale {scale} into {connection.vendor} (once; later runs reuse it) …")
        started = time.perf_counter()
        call_command("seed_demo", scale=scale, stdout=open(os.devnull, "w"))
        print(f"seeded in {time.perf_counter() - started:.0f} s")
        school = School.objects.get(slug=demo_schools.SCHOOL_SLUG)
    return school


def big_competition(school: School) -> Competition:
    """The competition with the most entries among those with results: last year's paintings in the demo."""
    competition = (
        Competition.objects.filter(festival__school=school, results__isnull=False)
        .annotate(n=Count("entries", distinct=True))
        .order_by("-n", "pk")
        .first()
    ) or (Competition.objects.filter(festival__school=school).annotate(n=Count("entries")).order_by("-n").first())
    entries = Entry.objects.filter(competition=competition).count()
    scores = Score.objects.filter(entry__competition=competition).count()
    results = Result.objects.filter(competition=competition).count()
    people = User.objects.filter(school=school).count()
    print(
        f"school: {people:,} people; big competition: {competition.festival.year} {competition.name} — "
        f"{entries:,} entries, {scores:,} scores, {results:,} results"
    )
    if entries < MIN_ENTRIES or scores < MIN_SCORES:
        print(f"  NOTE: fewer than {MIN_ENTRIES} entries or {MIN_SCORES} scores: seed with --scale 10")
    return competition


def pages(school: School, competition: Competition) -> tuple[dict[str, User], list[Page]]:
    """Every page each role uses, with ids from the database."""
    today = timezone.localdate()
    this_year = Festival.objects.get(school=school, year=today.year)
    last_year = competition.festival
    logins = {login.role: login.username for login in demo_schools.demo_logins()}
    users = {role: User.objects.get(school=school, username=logins[role]) for role in logins}
    head = users["teacher"]
    student = users["student"]
    demo_class = SchoolClass.objects.get(head_teacher=head)
    painting = this_year.competitions.filter(kind=Kind.PAINTING).order_by("position").first()
    poster = this_year.competitions.filter(kind=Kind.POSTER).order_by("position").first()
    own_entry = Entry.objects.filter(authors=student, festival=this_year).order_by("pk").first()
    judge = users["judge"]
    open_assignment = (
        Assignment.objects.filter(judge=judge, entry__competition=poster, score__isnull=True).order_by("pk").first()
        or Assignment.objects.filter(judge=judge).order_by("-pk").first()
    )

    def url(name: str, *args) -> str:
        return reverse(name, args=args)

    listed = [
        ("organizer", "home", url("home")),
        ("organizer", "all_entries", url("all_entries")),
        ("organizer", "all_entries_last_year", f"{url('all_entries')}?festival={last_year.pk}"),
        ("organizer", "festival_detail", url("festival_detail", this_year.slug)),
        ("organizer", "festival_list", url("festival_list")),
        ("organizer", "competition_detail", url("competition_detail", competition.pk)),
        ("organizer", "judging_home", url("judging_home")),
        ("organizer", "judging_results", url("judging_results", competition.pk)),
        ("organizer", "judging_assignments", url("judging_assignments", competition.pk)),
        ("organizer", "judging_progress", url("judging_progress", poster.pk)),
        ("organizer", "judging_collective", url("judging_collective", last_year.pk)),
        ("organizer", "objections", url("objections", last_year.pk)),
        ("organizer", "honour_roll", url("honour_roll", last_year.pk)),
        ("organizer", "audit_log", url("audit_log")),
        ("organizer", "exports", url("exports")),
        ("organizer", "people", url("people")),
        ("organizer", "classes", url("classes")),
        ("teacher", "home", url("home")),
        ("teacher", "class_detail", url("class_detail", demo_class.pk)),
        ("teacher", "class_dashboard", url("class_dashboard", demo_class.pk, painting.pk)),
        ("teacher", "class_dashboard_poster", url("class_dashboard", demo_class.pk, poster.pk)),
        ("teacher", "entry_labels", url("entry_labels")),
        ("teacher", "my_results", url("my_results")),
        ("judge", "home", url("home")),
        ("judge", "judge_queue", url("judge_queue")),
        ("judge", "judge_score", url("judge_score", open_assignment.pk)),
        ("teacher+judge", "judge_queue", url("judge_queue")),
        ("student", "home", url("home")),
        ("student", "my_entries", url("my_entries")),
        ("student", "entry_detail", url("entry_detail", own_entry.pk)),
        ("student", "gallery", url("gallery")),
        ("student", "my_results", url("my_results")),
        ("student", "honour_roll", url("honour_roll", last_year.pk)),
    ]
    return users, [Page(role, name, path) for role, name, path in listed]


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank: the 19th of 20


def measure(client: Client, page: Page, repeat: int) -> Figures:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    query_count = len(queries)  # now: the next request empties the connection's query log
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(page.url)
        times.append((time.perf_counter() - started) * 1000)
    return Figures(
        role=page.role,
        name=page.name,
        url=page.url,
        status=response.status_code,
        queries=query_count,
        kb=round(len(response.content) / 1024, 1),
        median_ms=round(statistics.median(times), 1),
        p95_ms=round(p95(times), 1),
    )


def profile(client: Client, page: Page, repeat: int) -> None:
    client.get(page.url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(page.url)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"\ncProfile of {page.role} {page.name} ({page.url}), {repeat} requests.")
    print("The project's code by cumulative time:")
    stats.sort_stats("cumulative").print_stats(rf"^{ROOT}/(?!\.venv|benchmarks)", 30)
    print("Every function by its own time:")
    stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10, help="seed_demo --scale when the demo school is missing")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", nargs="*", default=[], help="page names (or role:name) to time; all by default")
    parser.add_argument("--profile", metavar="NAME", help="profile one page (name or role:name) instead of timing")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--compare", metavar="FILE", help="show each page's figures of an earlier --json run too")
    args = parser.parse_args()
    earlier = {}
    if args.compare:
        earlier = {(p["role"], p["name"]): p for p in json.loads(Path(args.compare).read_text())["pages"]}

    # The production answer path: no debug pages, no query log kept between the captured requests.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    school = ensure_school(args.scale)
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum keeps them on a site in use: right after seeding there are none,
        # and PostgreSQL then plans for two people in the school instead of 2,943.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    competition = big_competition(school)
    users, every_page = pages(school, competition)

    def chosen(page: Page, names: list[str]) -> bool:
        return page.name in names or f"{page.role}:{page.name}" in names

    clients: dict[str, Client] = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)

    if args.profile:
        for page in [p for p in every_page if chosen(p, [args.profile])]:
            profile(clients[page.role], page, args.repeat)
        return

    started = dt.datetime.now()
    print(
        f"{connection.vendor}, {args.repeat} requests per page, {started:%Y-%m-%d %H:%M}\n"
        f"{'role':<14}{'page':<24}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'KB':>8}{'status':>8}"
    )
    results = []
    for page in every_page:
        if args.only and not chosen(page, args.only):
            continue
        figures = measure(clients[page.role], page, args.repeat)
        results.append(figures)
        was = earlier.get((page.role, page.name))
        print(
            f"{figures.role:<14}{figures.name:<24}{figures.median_ms:>10.1f}{figures.p95_ms:>9.1f}"
            f"{figures.queries:>9}{figures.kb:>8.1f}{figures.status:>8}"
            + (
                f"   was {was['median_ms']:.1f} / {was['p95_ms']:.1f} ms, {was['queries']} q, {was['kb']} KB"
                if was
                else ""
            ),
            flush=True,
        )
    over = [f"{r.role}:{r.name}" for r in results if r.queries > MAX_QUERIES or r.p95_ms > MAX_P95_MS]
    print(f"over {MAX_QUERIES} queries or {MAX_P95_MS} ms p95 (issue 13): {', '.join(over) or 'none'}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"database": connection.vendor, "at": started.isoformat(), "pages": [asdict(r) for r in results]},
                ensure_ascii=False,
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
