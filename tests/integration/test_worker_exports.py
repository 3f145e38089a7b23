"""An export asked for over HTTP is built by a real Celery worker process and downloaded."""

import datetime as dt
import io
import os
import signal
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import Result
from competitions.models import AwardLevel
from exports.models import Export
from exports.services import STALE_AFTER, exports_requeue
from schools.models import User
from tests.factories.schools import StudentFactory
from tests.html import attrs, page, text, text_of
from tests.worker import _database_url, wait_for

pytestmark = pytest.mark.integration


def finished_row(client, export):
    """The export's row as the exports page's htmx asks for it, once it asks no more (done or failed)."""

    def row():
        response = client.get(f"/exports/{export.pk}/status/", headers={"HX-Request": "true"})
        tr = page(response).select_one("tr")
        return tr.get("hx-get") is None and tr

    return wait_for(row)


def download_link(row) -> str:
    assert text_of(row, ".export-state .badge") == "已完成", text(row)
    return row.select_one(".export-actions a")["href"]


def test_real_worker_builds_the_class_roster_export(client, celery_worker_process, organizer, school_class):
    StudentFactory(school_class=school_class, real_name="王小明", student_number="20240201")
    StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202")
    client.force_login(organizer)

    response = client.post("/exports/", {"kind": "class_roster"})
    assert response.status_code == 302
    export = Export.objects.get()

    download = client.get(download_link(finished_row(client, export)))
    assert Export.objects.get().progress == 100
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = workbook["三年级2班"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [("20240201", "王小明"), ("20240202", "李雨萱")]
    assert sheet["A1"].value == "星河实验学校 三年级2班 学生名单"


def test_real_worker_builds_the_award_list_and_its_cells_match_the_database(
    client, celery_worker_process, organizer, award_festival
):
    festival = award_festival.festival
    client.force_login(organizer)

    response = client.post("/exports/", {"kind": "award_list", "festival": festival.pk})
    assert response.status_code == 302
    export = Export.objects.get(kind="award_list")
    # The page asks for the row until the link appears.
    assert attrs(page(client.get("/exports/")), f"#export-{export.pk}", "hx-get") == [f"/exports/{export.pk}/status/"]

    download = client.get(download_link(finished_row(client, export)))
    assert "filename*=utf-8''%E8%8E%B7%E5%A5%96%E5%90%8D%E5%8D%95_" in download["Content-Disposition"]  # 获奖名单_
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["科技创新制作"]
    exported = {row[1]: (row[7], row[8], row[9]) for row in sheet.iter_rows(min_row=3, values_only=True) if row[1]}
    levels = dict(AwardLevel.choices)
    expected = {
        r.entry.code: (float(r.score), r.rank, str(levels[r.level]))
        for r in Result.objects.filter(competition=award_festival.invention).exclude(level="").select_related("entry")
    }
    assert exported == expected
    assert len(expected) == 7


def test_an_export_whose_worker_is_killed_is_built_by_another_worker(client, start_celery_worker, organizer, student):
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        # The file-system broker has no acknowledgements to redeliver by; CI runs this on Redis.
        if os.environ.get("CI"):
            pytest.fail("CI runs the integration tests on PostgreSQL and Redis")
        pytest.skip("needs PostgreSQL and the Redis broker")
    client.force_login(organizer)
    client.post("/exports/", {"kind": "class_roster"})
    export = Export.objects.get()

    # The first worker takes the task and then waits for the export's row, which this connection holds.
    with psycopg.connect(_database_url()) as holder:
        holder.execute("SELECT id FROM exports_export WHERE id = %s FOR UPDATE", [export.pk])
        first = start_celery_worker()
        wait_for(
            lambda: "exports.build_export" in first.log_path.read_text() and "received" in first.log_path.read_text()
        )
        first.kill()  # SIGKILL: the task is neither done nor acknowledged
        first.wait()
        holder.rollback()
    assert Export.objects.get(pk=export.pk).state == "queued"

    time.sleep(2.5)  # past the visibility timeout the second worker is given
    start_celery_worker(CELERY_VISIBILITY_TIMEOUT="2")

    done = wait_for(lambda: (e := Export.objects.get(pk=export.pk)).state in {"done", "failed"} and e)
    assert (done.state, done.attempts, done.error) == ("done", 1, "")


def _private_files() -> list[str]:
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    return sorted(
        os.path.relpath(os.path.join(folder, name), root) for folder, _dirs, names in os.walk(root) for name in names
    )


def _partials() -> list[str]:
    return [name for name in _private_files() if os.path.basename(name).startswith(".partial-")]


@pytest.fixture
def big_roster(school_class):
    """Enough students that writing the roster takes seconds, so a worker can be caught in the middle."""
    User.objects.bulk_create(
        User(
            username=f"s{n}",
            password="!",
            school=school_class.grade.school,
            school_class=school_class,
            is_student=True,
            real_name=f"学生{n}",
            student_number=f"2025{n:05d}",
        )
        for n in range(20000)
    )
    return 20000


def _ask_and_catch_mid_write(client, organizer, start_celery_worker):
    """The roster asked for, and its first worker once it is half way: running, a progress reported, the
    half-written file on disk."""
    client.force_login(organizer)
    client.post("/exports/", {"kind": "class_roster"})
    export = Export.objects.get()
    first = start_celery_worker()
    wait_for(lambda: (e := Export.objects.get(pk=export.pk)).state == "running" and 0 < e.progress < 99, interval=0.05)
    return export, first


def _requeue_when_overdue() -> int:
    """The periodic requeue, run once the export has been running past its time (the clock moved forward)."""
    return exports_requeue(now=timezone.now() + STALE_AFTER + dt.timedelta(minutes=1))


def _assert_built_once_and_downloadable(client, export, students: int) -> Export:
    done = wait_for(lambda: (e := Export.objects.get(pk=export.pk)).state in {"done", "failed"} and e)
    assert (done.state, done.attempts, done.error) == ("done", 2, "")
    assert _private_files() == [done.file.name]  # no half-written file, no second copy
    download = client.get(download_link(finished_row(client, export)))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)["三年级2班"]
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == 2 + students  # title, header, every student
    return done


def test_an_export_whose_worker_is_killed_mid_write_is_built_again_and_leaves_no_partial_file(
    client, start_celery_worker, organizer, big_roster
):
    export, first = _ask_and_catch_mid_write(client, organizer, start_celery_worker)
    partials = _partials()
    first.kill()  # SIGKILL, as the OOM killer or a lost machine would
    first.wait()
    killed = Export.objects.get(pk=export.pk)
    assert (killed.state, killed.attempts, killed.file.name) == ("running", 1, "")
    assert len(partials) == 1 and _partials() == partials

    start_celery_worker()
    assert _requeue_when_overdue() == 1

    _assert_built_once_and_downloadable(client, export, big_roster)


def test_a_worker_taken_for_dead_that_wakes_up_after_the_export_was_rebuilt_changes_nothing(
    client, start_celery_worker, organizer, big_roster
):
    export, first = _ask_and_catch_mid_write(client, organizer, start_celery_worker)
    first.send_signal(signal.SIGSTOP)  # frozen (a swapping machine, a paused VM): alive, but silent for long
    try:
        start_celery_worker()
        assert _requeue_when_overdue() == 1
        done = _assert_built_once_and_downloadable(client, export, big_roster)
    finally:
        first.send_signal(signal.SIGCONT)

    # The first attempt fails when it goes on (its half-written file is gone; on SQLite its snapshot is stale)
    # and gives up without touching the row.
    wait_for(lambda: any(end in first.log_path.read_text() for end in ("succeeded in", "raised unexpected")))
    assert f"export {export.pk} failed" in first.log_path.read_text()
    after = Export.objects.get(pk=export.pk)
    assert (after.state, after.attempts, after.progress, after.file.name, after.error) == (
        "done",
        2,
        100,
        done.file.name,
        "",
    )
    assert _private_files() == [done.file.name]
