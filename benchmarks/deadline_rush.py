"""The last minute before a deadline: N students log in, create an entry, upload a phone photo and submit.

    .venv/bin/python benchmarks/deadline_rush.py [--students 200] [--ramp 0] [--web-workers 4] [--keep]

Runs against the configured database (``DATABASE_URL``; the embedded SQLite file by default) and broker
(``REDIS_URL``), deployed as the README's production section says: gunicorn with 4 sync workers and one
Celery worker, ``DEBUG`` off. It

1. seeds a school of its own (``--students`` pupils in 8 classes, each with a password hashed by the
   project's preferred hasher) and a painting competition that is open, closes in an hour and takes photos;
2. makes a few different phone photos (4032×3024 JPEG, 1–3 MB, with EXIF: camera, time, GPS, and half of
   them turned by an orientation tag as phones write portraits);
3. starts gunicorn and a Celery worker, then lets every student loose at once (or spread evenly over
   ``--ramp`` seconds), each with their own cookies and CSRF token, through the real pages and forms as
   the browser posts them: the login page, login, the new-entry form, the entry page, the photo upload
   (as the page's script sends it), the originality declaration, submit;
4. reports the time from the first request to the last answer, the answers by status, the request times
   (median, p95, max; over 60 s is what nginx would have turned into a 504), the same per step, the CPU
   seconds the web workers spent per student, and what the database and storage hold afterwards: one
   submitted entry per student, each with its photo and thumbnail on disk, nothing more.

The school is deleted afterwards (its files too) unless --keep is given.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "festival.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from lxml import html as lxml_html  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from competitions.models import Competition, EntryMode, Festival, Kind  # noqa: E402
from core.storage import private_storage  # noqa: E402
from schools.models import Grade, School, SchoolClass, Section, User  # noqa: E402
from submissions.models import Attachment, Entry, EntryState  # noqa: E402

SLUG = "bench-rush"
PASSWORD = "rush-hour-2026"
PHOTOS = 8
TITLES = ["我的家乡", "未来的城市", "海底世界", "太空旅行", "节约用水", "美丽的校园", "机器人朋友", "森林之歌"]


# --- The school -----------------------------------------------------------------------------------


def seed(students: int) -> Competition:
    cleanup()
    now = timezone.now()
    school = School.objects.create(name="截止冲刺实验学校", slug=SLUG, sections=list(Section.values))
    grades = [Grade.objects.create(school=school, number=n) for n in (3, 4, 5, 6)]
    teachers = User.objects.bulk_create(
        User(username=f"{SLUG}-t{i}", real_name=f"班主任{i}", school=school, is_teacher=True, password="!")
        for i in range(8)
    )
    SchoolClass.objects.bulk_create(
        SchoolClass(grade=grades[i // 2], number=i % 2 + 1, head_teacher=teachers[i]) for i in range(8)
    )
    classes = list(SchoolClass.objects.filter(grade__school=school).order_by("pk"))
    password = make_password(PASSWORD)  # the preferred hasher: what a pupil's own password is checked with
    User.objects.bulk_create(
        (
            User(
                username=f"{SLUG}-s{i}",
                student_number=f"R{i:06d}",
                real_name=f"学生{i}",
                school=school,
                school_class=classes[i % len(classes)],
                is_student=True,
                password=password,
            )
            for i in range(students)
        ),
        batch_size=1000,
    )
    festival = Festival.objects.create(
        school=school, year=now.year, name="截止冲刺科技节", slug="rush", status="published"
    )
    competition = Competition.objects.create(
        festival=festival,
        name="科技创新绘画",
        code="HH",
        kind=Kind.PAINTING,
        entry_mode=EntryMode.INDIVIDUAL,
        entry_fields=[],
        class_quota=50,
        entries_per_student=1,
        file_types=["image"],
        submission_opens=now - dt.timedelta(days=14),
        submission_closes=now + dt.timedelta(hours=1),
        judging_opens=now + dt.timedelta(days=1),
        judging_closes=now + dt.timedelta(days=3),
    )
    competition.eligible_grades.set(grades)
    return competition


def cleanup() -> None:
    names = []
    for attachment in Attachment.objects.filter(entry__festival__school__slug=SLUG):
        names += [attachment.file.name, attachment.thumbnail.name, attachment.clean_file.name]
    Entry.objects.filter(festival__school__slug=SLUG).delete()
    Festival.objects.filter(school__slug=SLUG).delete()
    User.objects.filter(school__slug=SLUG).delete()
    SchoolClass.objects.filter(grade__school__slug=SLUG).delete()
    School.objects.filter(slug=SLUG).delete()
    storage = private_storage()
    for name in names:
        if name:
            storage.delete(name)


# --- Phone photos ---------------------------------------------------------------------------------


def photos(folder: Path) -> list[Path]:
    """PHOTOS different 12-megapixel JPEGs of 1–3 MB with a phone's EXIF, made once and kept in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    made = sorted(folder.glob("photo-*.jpg"))
    if len(made) == PHOTOS:
        return made
    rng = random.Random(7)
    paths = []
    for n in range(PHOTOS):
        small = Image.new("RGB", (504, 378))
        draw = ImageDraw.Draw(small)
        for _ in range(60):  # a drawing on paper: blobs of colour, photographed
            x, y, r = rng.randrange(504), rng.randrange(378), rng.randrange(8, 90)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        image = small.resize((4032, 3024), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(2))
        noise = Image.effect_noise((4032, 3024), 18 + 4 * n).convert("RGB")  # the sensor's grain
        image = Image.blend(image, noise, 0.12)
        exif = Image.Exif()
        exif[0x010F] = "HUAWEI"  # Make
        exif[0x0110] = "P40"  # Model
        exif[0x0132] = "2026:05:06 21:14:03"  # DateTime
        exif[0x0112] = 6 if n % 2 else 1  # Orientation: a portrait held upright
        exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 2.5), 3: "E", 4: (121.0, 28.0, 7.1)})  # GPS
        path = folder / f"photo-{n}.jpg"
        image.save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
    return paths


# --- The servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s"  # method, path, status, microseconds in the worker


def start_servers(
    port: int, web_workers: int, log: Path, access_log: Path
) -> tuple[subprocess.Popen, subprocess.Popen]:
    env = {**os.environ, "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING"}
    bin_dir = Path(sys.executable).parent
    out = open(log, "ab")
    web = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "festival.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(web_workers),
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            ACCESS_FORMAT,
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [str(bin_dir / "celery"), "-A", "festival", "worker", "--loglevel=WARNING", "--concurrency=1"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")
    # One request per worker process imports and warms it, as a server that has been up a while is.
    for _ in range(web_workers * 2):
        httpx.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=30)
    return web, worker


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (gunicorn's workers), while they run."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


# --- A student ------------------------------------------------------------------------------------

FORM_FIELDS = "//form[@method='post' or @method='POST']"


def form_of(page: str, action_part: str) -> dict[str, str]:
    """The fields of the page's POST form whose action contains action_part (or, for "", the form posting back
    to the page itself), filled as a pupil would."""
    tree = lxml_html.fromstring(page)
    for form in tree.xpath(FORM_FIELDS):
        action = form.get("action") or ""
        if (action_part and action_part not in action) or (not action_part and action):
            continue
        data: dict[str, str] = {}
        for field in form.xpath(".//input | .//textarea | .//select"):
            name = field.get("name")
            kind = (field.get("type") or "").lower()
            if not name or kind in ("file", "submit", "button"):
                continue
            if field.tag == "select":
                values = [o.get("value") for o in field.xpath(".//option") if o.get("value")]
                if values and field.get("required") is not None:
                    data[name] = values[0]
            elif kind == "checkbox":
                if field.get("required") is not None or name == "declared":
                    data[name] = field.get("value") or "on"
            elif kind == "hidden":
                data[name] = field.get("value") or ""
            elif field.get("required") is not None:
                data[name] = "我的作品"
        return data
    raise LookupError(f"no form posting to …{action_part}… on the page")


class Rush:
    def __init__(self, base: str, competition_id: int, photo_paths: list[Path]):
        self.base = base
        self.competition_id = competition_id
        self.photos = [p.read_bytes() for p in photo_paths]
        self.times: list[tuple[str, int, float]] = []  # (step, status, seconds)
        self.failures: Counter[str] = Counter()

    async def request(self, client: httpx.AsyncClient, step: str, method: str, url: str, **kw) -> httpx.Response:
        started = time.monotonic()
        try:
            response = await client.request(method, url, **kw)
        except httpx.HTTPError as error:
            self.times.append((step, 0, time.monotonic() - started))
            raise StudentFailed(f"{step}: {type(error).__name__}") from error
        self.times.append((step, response.status_code, time.monotonic() - started))
        if response.status_code >= 400:
            raise StudentFailed(f"{step}: HTTP {response.status_code}")
        return response

    async def student(self, n: int, delay: float) -> None:
        await asyncio.sleep(delay)
        async with httpx.AsyncClient(base_url=self.base, timeout=300, follow_redirects=False) as client:
            try:
                await self._steps(client, n)
            except StudentFailed as failure:
                self.failures[str(failure)] += 1

    async def _steps(self, client: httpx.AsyncClient, n: int) -> None:
        page = await self.request(client, "login page", "GET", "/accounts/login/")
        data = form_of(page.text, "")
        data.update(username=f"R{n:06d}", password=PASSWORD)
        answer = await self.request(client, "log in", "POST", "/accounts/login/", data=data)
        if answer.status_code != 302:
            raise StudentFailed("log in: not accepted")
        create_url = f"/entries/new/{self.competition_id}/"
        page = await self.request(client, "entry form", "GET", create_url)
        data = form_of(page.text, "")
        data.update(title=f"{TITLES[n % len(TITLES)]}（{n}）", description="用水彩画的。")
        answer = await self.request(client, "create entry", "POST", create_url, data=data)
        entry_url = answer.headers.get("location", "")
        if answer.status_code != 302 or not re.match(r"^/entries/\d+/$", entry_url):
            raise StudentFailed("create entry: no entry page")
        page = await self.request(client, "entry page", "GET", entry_url)
        token = client.cookies.get("csrftoken")
        files = {"file": (f"IMG_{n:04d}.jpg", self.photos[n % len(self.photos)], "image/jpeg")}
        await self.request(
            client,
            "upload photo",
            "POST",
            f"{entry_url}attachments/",
            data={"role": "result", "csrfmiddlewaretoken": token},
            files=files,
            headers={"Accept": "application/json", "X-CSRFToken": token, "Referer": self.base + entry_url},
        )
        data = form_of(page.text, "declaration")
        await self.request(client, "declare", "POST", f"{entry_url}declaration/", data=data)
        page = await self.request(client, "entry page", "GET", entry_url)
        data = form_of(page.text, "/do/submit/")
        answer = await self.request(client, "submit", "POST", f"{entry_url}do/submit/", data=data)
        await self.request(client, "entry page", "GET", answer.headers.get("location", entry_url))


class StudentFailed(Exception):
    pass


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(rush: Rush, wall: float, students: int, cpu: float) -> None:
    times = [t for _s, _c, t in rush.times]
    statuses = Counter(code for _s, code, _t in rush.times)
    print(f"\n{students} students in {wall:.1f} s from the first request to the last answer")
    print(f"requests: {len(times)}; by status: {dict(sorted(statuses.items()))} (0 = no answer)")
    print(
        f"request time: median {statistics.median(times):.2f} s, p95 {percentile(times, 95):.2f} s, "
        f"max {max(times):.2f} s; over 60 s (a 504 behind nginx): {sum(t > 60 for t in times)}"
    )
    print(f"web workers' CPU: {cpu:.1f} s in all, {cpu / students:.2f} s per student")
    steps: dict[str, list[float]] = defaultdict(list)
    for step, _code, t in rush.times:
        steps[step].append(t)
    print(f"\n{'step':<14} {'n':>5} {'median':>8} {'p95':>8} {'max':>8}")
    for step, values in steps.items():
        print(
            f"{step:<14} {len(values):>5} {statistics.median(values):>7.2f}s {percentile(values, 95):>7.2f}s "
            f"{max(values):>7.2f}s"
        )
    if rush.failures:
        print("\nstudents who did not finish:", dict(rush.failures))


STEPS = [
    ("login page", "GET", r"^/accounts/login/$"),
    ("log in", "POST", r"^/accounts/login/$"),
    ("entry form", "GET", r"^/entries/new/\d+/$"),
    ("create entry", "POST", r"^/entries/new/\d+/$"),
    ("entry page", "GET", r"^/entries/\d+/$"),
    ("upload photo", "POST", r"/attachments/$"),
    ("declare", "POST", r"/declaration/$"),
    ("submit", "POST", r"/do/submit/$"),
]


def report_server_times(access_log: Path, skip: int) -> None:
    """Time spent inside a web worker per request (gunicorn's %(D)s), apart from the wait in the queue."""
    times: dict[str, list[float]] = defaultdict(list)
    lines = access_log.read_text().splitlines()[skip:]
    for line in lines:
        method, path, _status, micros = line.split()
        for step, step_method, pattern in STEPS:
            if method == step_method and re.search(pattern, path):
                times[step].append(int(micros) / 1e6)
                break
    every = [t for values in times.values() for t in values]
    if not every:
        return
    print(
        f"\ntime inside a web worker (not waiting in the queue): median {statistics.median(every) * 1000:.0f} ms, "
        f"p95 {percentile(every, 95) * 1000:.0f} ms, sum {sum(every):.1f} s"
    )
    for step, _m, _p in STEPS:
        values = times.get(step)
        if values:
            print(
                f"  {step:<14} median {statistics.median(values) * 1000:>6.0f} ms   "
                f"p95 {percentile(values, 95) * 1000:>6.0f} ms"
            )


def check_afterwards(competition: Competition, students: int) -> None:
    entries = Entry.objects.filter(competition=competition)
    per_student = Counter(entries.values_list("created_by_id", flat=True))
    states = Counter(entries.values_list("state", flat=True))
    storage = private_storage()
    attachments = list(Attachment.objects.filter(entry__competition=competition))
    missing = sum(
        1
        for a in attachments
        if not storage.exists(a.file.name) or not (a.thumbnail and storage.exists(a.thumbnail.name))
    )
    print(
        f"\nafterwards: {entries.count()} entries for {students} students "
        f"({sum(1 for c in per_student.values() if c > 1)} students with more than one), "
        f"{states.get(EntryState.SUBMITTED, 0)} submitted, states {dict(states)}; "
        f"{len(attachments)} photos, {missing} with the picture or thumbnail missing on disk"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--ramp", type=float, default=0.0, help="start the students evenly over this many seconds")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark school afterwards")
    args = parser.parse_args()

    vendor = connection.vendor
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    print(f"database: {vendor}; broker: {broker}; hasher: {settings.PASSWORD_HASHERS[0]}")
    competition = seed(args.students)
    photo_paths = photos(
        Path(settings.VAR_DIR if hasattr(settings, "VAR_DIR") else tempfile.gettempdir()) / "bench-photos"
    )
    sizes = [p.stat().st_size / 1e6 for p in photo_paths]
    print(f"photos: {len(photo_paths)} of {min(sizes):.1f}–{max(sizes):.1f} MB, 4032×3024")
    connection.close()  # the servers must not wait on this process's connection (SQLite's lock)

    port = free_port()
    log = Path(tempfile.gettempdir()) / "deadline_rush.log"
    access_log = Path(tempfile.gettempdir()) / "deadline_rush.access.log"
    access_log.unlink(missing_ok=True)
    web, worker = start_servers(port, args.web_workers, log, access_log)
    warm_up_requests = len(access_log.read_text().splitlines()) if access_log.exists() else 0
    try:
        rush = Rush(f"http://127.0.0.1:{port}", competition.pk, photo_paths)
        spacing = args.ramp / args.students if args.students else 0
        cpu_before = cpu_seconds(web.pid)
        client_before = time.process_time()
        started = time.monotonic()

        async def everyone():
            await asyncio.gather(*(rush.student(n, n * spacing) for n in range(args.students)))

        asyncio.run(everyone())
        wall = time.monotonic() - started
        cpu = cpu_seconds(web.pid) - cpu_before
        client_cpu = time.process_time() - client_before
    finally:
        stop(web)
        stop(worker)
    report(rush, wall, args.students, cpu)
    print(f"this benchmark's own CPU (the pupils' browsers, on the same machine): {client_cpu:.1f} s")
    report_server_times(access_log, warm_up_requests)
    check_afterwards(competition, args.students)
    if not args.keep:
        cleanup()
    print(f"\nserver log: {log}")


if __name__ == "__main__":
    main()
