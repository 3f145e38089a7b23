"""The roster import as a background job: the upload is kept and queued, the import's page shows its progress
and then its result or the file's problems, a stopped import is finished by running it again, and the import
writes a batch of people per transaction so that others get the database in between."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.db.utils import OperationalError
from django.test import TestCase
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError
from openpyxl import load_workbook

from core.models import AuditLog
from schools import services
from schools.models import RosterImport, School, SchoolClass, User
from schools.services import roster as roster_services
from schools.services import roster_jobs
from tests.factories.schools import OrganizerFactory, StudentFactory, TeacherFactory
from tests.html import page, text, texts
from tests.schools.rosters import GOOD_STUDENTS, GOOD_TEACHERS, roster_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSED = "后台服务暂时不可用。上传的文件已记下，稍后会自动开始导入。"


def post_upload(client, content: bytes, name: str = "花名册.xlsx"):
    return client.post(reverse("roster_import"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def many_students(count: int) -> list[tuple]:
    return [
        (i, f"2024{i:06d}", f"学生{i}", "男" if i % 2 else "女", "2016-03-07", f"三年级{i % 4 + 1}班")
        for i in range(1, count + 1)
    ]


def job_part(client, job: RosterImport):
    """The part of the import's page that htmx asks for again while the import runs."""
    return page(client.get(reverse("roster_import_detail", args=[job.pk]), headers={"HX-Request": "true"})).select_one(
        "#roster-job"
    )


def sheet_passwords(job: RosterImport) -> dict[str, str]:
    with job.credentials.open("rb") as fh:
        workbook = load_workbook(io.BytesIO(fh.read()))
    return {
        row[1]: row[3]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=4, values_only=True)
        if row[1] and row[3]
    }


@pytest.fixture
def broker(monkeypatch):
    """The edge of the world: the task's ``delay`` either reaches the broker (recorded) or raises as kombu does."""

    class Broker:
        down = False

        def __init__(self) -> None:
            self.queued: list[int] = []

        def delay(self, *, roster_import_id):
            if self.down:
                raise BrokerError("Error 111 connecting to redis:6379. Connection refused.")
            self.queued.append(roster_import_id)

    fake = Broker()
    monkeypatch.setattr("schools.tasks.import_roster.delay", fake.delay)
    return fake


# --- Upload, progress, result ---------------------------------------------------------------


@pytest.mark.django_db
def test_upload_is_queued_the_page_polls_until_the_job_has_imported_it(client, organizer, good_roster, eager_celery):
    client.force_login(organizer)
    with TestCase.captureOnCommitCallbacks() as queued:
        response = post_upload(client, good_roster)
    job = RosterImport.objects.get()

    # Nothing is imported within the request: the file is kept and the job waits for the worker.
    waiting = page(client.get(response["Location"]))
    part = waiting.select_one("#roster-job")
    assert (job.state, bool(job.file), User.objects.filter(is_student=True).count()) == ("queued", True, 0)
    assert texts(waiting, ".alert") == ["花名册正在导入，本页显示导入进度。"]
    assert (part["hx-get"], part["hx-trigger"], text(part.select_one(".roster-state"))) == (
        reverse("roster_import_detail", args=[job.pk]),
        "every 1s",
        "排队中",
    )

    for callback in queued:  # the commit hands the job to the (eager) worker
        callback()

    done = job_part(client, job)
    job.refresh_from_db()
    assert done.get("hx-get") is None  # the polling stops
    assert "花名册已导入。" in text(done)
    assert [text(c) for c in done.select("#roster-counts .display-6")] == ["3", "4", "0", "0", "3", "0", "0", "2"]
    assert done.select_one("#download-credentials")["href"] == reverse("roster_credentials", args=[job.pk])
    # The uploaded file (children's names and birth dates) is not kept once imported.
    assert (job.state, job.progress, job.file.name, job.attempts) == ("done", 100, "", 1)
    assert User.objects.filter(school=organizer.school, is_student=True).count() == 4


@pytest.mark.django_db
def test_a_file_with_problems_writes_nothing_and_the_page_lists_them(client, organizer, eager_celery):
    StudentFactory(school=organizer.school, student_number="2024030201", real_name="原来的名字")
    before = (list(User.objects.values_list("username", "real_name")), SchoolClass.objects.count())
    students = [*GOOD_STUDENTS, (5, "2024030209", "", "女", "2016-02-30", "三年级2班")]
    client.force_login(organizer)

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = post_upload(client, roster_bytes(students, GOOD_TEACHERS), name="三年级.xlsx")

    part = job_part(client, RosterImport.objects.get())
    assert part.get("hx-get") is None
    assert text(part.select_one("#roster-errors-summary")) == (
        "没有导入任何数据。 “三年级.xlsx”有 2 处问题。请在文件中改正后重新上传；账号、班级和密码都没有任何改动。"
    )
    assert [texts(row, "td") for row in part.select("#roster-errors tbody tr")] == [
        ["学生", "6", "姓名", "姓名为空。"],
        ["学生", "6", "出生日期", "“2016-02-30”不是有效日期。"],
    ]
    assert part.select("form") == []  # nothing to retry: the file must be corrected
    assert (list(User.objects.values_list("username", "real_name")), SchoolClass.objects.count()) == before
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_refused_within_the_request(client, organizer, broker):
    client.force_login(organizer)

    response = post_upload(client, b"%PDF-1.4 not a roster")

    assert texts(page(response), "#roster-errors td")[-1] == "文件不是 .xlsx 格式的 Excel 工作簿。"
    assert (RosterImport.objects.count(), broker.queued) == (0, [])


# --- Who may see it ----------------------------------------------------------------------------


@pytest.fixture
def finished(school, organizer, good_roster, eager_celery) -> RosterImport:
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.roster_import_request(
            school=school, workbook_file=io.BytesIO(good_roster), file_name="花名册.xlsx", by=organizer
        )
    job.refresh_from_db()
    assert job.state == "done"
    return job


@pytest.mark.parametrize("who", ["other_school_organizer", "head_teacher", "student"])
@pytest.mark.django_db
def test_only_organizers_of_the_school_see_the_import_or_its_passwords(client, finished, who, other_school):
    actor = {
        "other_school_organizer": lambda: OrganizerFactory(school=other_school),
        "head_teacher": lambda: TeacherFactory(school=finished.school),
        "student": lambda: StudentFactory(school=finished.school),
    }[who]()
    client.force_login(actor)

    answers = [
        client.get(reverse(name, args=[finished.pk])).status_code
        for name in ("roster_import_detail", "roster_credentials")
    ]
    answers.append(client.post(reverse("roster_import_retry", args=[finished.pk])).status_code)

    assert answers == [403, 403, 403]
    assert not AuditLog.objects.filter(action="roster.credentials_download").exists()


@pytest.mark.django_db
def test_another_organizer_of_the_school_may_download_the_passwords(client, finished):
    client.force_login(OrganizerFactory(school=finished.school))

    response = client.get(reverse("roster_credentials", args=[finished.pk]))

    assert response.status_code == 200
    assert set(sheet_passwords(finished)) == {
        "2024030201",
        "2024030202",
        "2024030301",
        "2021080301",
        "T001",
        "T002",
        "T003",
    }


@pytest.mark.django_db
def test_no_passwords_to_download_before_the_import_is_done(client, school, organizer, good_roster, broker):
    client.force_login(organizer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        post_upload(client, good_roster)
    job = RosterImport.objects.get()
    # A sheet already on the row (an attempt that was stopped, say): still nothing until the import is done.
    job.credentials.save("credentials-early.xlsx", ContentFile(b"passwords"), save=True)

    assert client.get(reverse("roster_credentials", args=[job.pk])).status_code == 404
    assert broker.queued == [job.pk]
    job.credentials.delete(save=False)


@pytest.mark.django_db
def test_an_organizer_of_another_school_may_not_run_an_import_again(finished, other_school):
    stranger = OrganizerFactory(school=other_school)

    with pytest.raises(PermissionDenied):
        services.roster_import_retry(roster_import=finished, by=stranger)


@pytest.mark.django_db
def test_an_attempt_taken_for_lost_cannot_overwrite_the_newer_one(school, organizer, good_roster, broker):
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.roster_import_request(
            school=school, workbook_file=io.BytesIO(good_roster), file_name="花名册.xlsx", by=organizer
        )
    first = roster_jobs._roster_claim(job.pk)
    # Its worker froze; past the stale time the job is queued again and another worker claims it.
    RosterImport.objects.filter(pk=job.pk).update(state=RosterImport.State.QUEUED)
    second = roster_jobs._roster_claim(job.pk)
    assert (first.attempts, second.attempts) == (1, 2)

    roster_jobs._progress_reporter(first)(90)  # the first wakes up and reports, then fails
    roster_jobs._roster_failed(first, error="stale")

    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress, job.error) == ("running", 2, 0, "")
    with pytest.raises(roster_services.RosterSuperseded), transaction.atomic():
        roster_services.roster_write(
            job=first,
            roster=roster_services.roster_checked(school=school, workbook_file=io.BytesIO(good_roster)),
            progress=lambda value: None,
        )
    assert User.objects.filter(is_student=True).count() == 0  # its last batch rolled back with it


# --- The broker down ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_uploading_while_the_broker_is_down_says_so_and_the_import_starts_when_it_is_back(
    client, organizer, good_roster, broker
):
    broker.down = True
    client.force_login(organizer)

    response = post_upload(client, good_roster)
    shown = page(client.get(response["Location"]))

    job = RosterImport.objects.get()
    assert texts(shown, ".alert") == [REFUSED]
    assert text(shown.select_one("#roster-job .roster-refused")) == REFUSED
    assert (job.state, job.queue_refused, bool(job.file)) == ("queued", True, True)

    broker.down = False
    client.get(reverse("roster_import"))  # anyone of the school opening the page queues it again

    job.refresh_from_db()
    assert broker.queued == [job.pk]
    assert (job.state, job.queue_refused) == ("queued", False)


@pytest.mark.django_db
def test_the_sweep_queues_again_only_the_imports_left_behind(school, organizer, broker):
    from django.utils import timezone

    long_ago = timezone.now() - services.ROSTER_STALE_AFTER * 2
    common = {"school": school, "uploaded_by": organizer, "file_name": "x.xlsx"}
    refused = RosterImport.objects.create(**common, queue_refused=True, queued_at=timezone.now())
    lost = RosterImport.objects.create(**common, queued_at=long_ago)
    dead = RosterImport.objects.create(**common, state="running", started_at=long_ago)
    RosterImport.objects.create(**common, queued_at=timezone.now())  # just queued
    RosterImport.objects.create(**common, state="running", started_at=timezone.now())  # running
    RosterImport.objects.create(**common, state="done", progress=100)

    assert services.roster_imports_requeue() == 3
    assert sorted(broker.queued) == sorted([refused.pk, lost.pk, dead.pk])


# --- Batches and retries -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_import_commits_batch_by_batch_and_another_connection_writes_in_between(school, organizer):
    """While the import runs, another connection (a login, an upload) writes every few milliseconds; at the
    start of each batch the students of the earlier batches are already committed and the other connection
    has written in between."""
    content = roster_bytes(many_students(3 * services.ROSTER_BATCH))
    stop, writes = threading.Event(), []

    def other_connection() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    School.objects.filter(pk=school.pk).update(name="星河实验学校")
                writes.append(time.monotonic())
                time.sleep(0.005)
        finally:
            connections.close_all()

    seen: list[tuple[int, int]] = []

    def at_each_batch(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{User._meta.db_table}"'):
            committed = {}
            reader = threading.Thread(
                target=lambda: (
                    committed.update(n=User.objects.filter(is_student=True).count()),
                    connections.close_all(),
                )
            )
            reader.start()
            reader.join()
            seen.append((committed["n"], len(writes)))
        return execute(sql, params, many, context)

    writer = threading.Thread(target=other_connection)
    writer.start()
    try:
        with connection.execute_wrapper(at_each_batch):
            imported = services.roster_import(
                school=school, workbook_file=io.BytesIO(content), file_name="大名单.xlsx", by=organizer
            )
    finally:
        stop.set()
        writer.join()

    # A batch's students may take several INSERTs (the database's limit on parameters): the first of each counts.
    first_of_batch: dict[int, int] = {}
    for committed, other in seen:
        first_of_batch.setdefault(committed, other)
    batch = services.ROSTER_BATCH
    assert list(first_of_batch) == [0, batch, 2 * batch]
    other_writes = list(first_of_batch.values())
    assert other_writes[0] < other_writes[-1]  # the other connection got in between the batches
    assert imported.counts["students_created"] == 3 * batch


@pytest.mark.django_db
def test_an_import_stopped_halfway_is_finished_by_running_it_again_with_every_password(
    client, school, organizer, eager_celery
):
    content = roster_bytes(many_students(services.ROSTER_BATCH + 20))
    second_batch = f"2024{services.ROSTER_BATCH + 1:06d}"

    def disk_fails_at_the_second_batch(execute, sql, params, many, context):
        # SQLite gets one parameter per value; PostgreSQL an array per column (bulk_create with UNNEST).
        values = [v for p in params or () for v in (p if isinstance(p, (list, tuple)) else [p])]
        if sql.startswith(f'INSERT INTO "{User._meta.db_table}"') and second_batch in values:
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    client.force_login(organizer)
    with connection.execute_wrapper(disk_fails_at_the_second_batch):
        with TestCase.captureOnCommitCallbacks(execute=True):
            post_upload(client, content)
    job = RosterImport.objects.get()

    stopped = job_part(client, job)
    assert text(stopped.select_one("#roster-failed h2")) == "导入没有完成。"
    assert text(stopped.select_one(".roster-error")).startswith(
        "导入因意外问题中断（OperationalError: disk I/O error）"
    )
    assert User.objects.filter(is_student=True).count() == services.ROSTER_BATCH  # the first batch is kept

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(stopped.select_one("form")["action"])

    job.refresh_from_db()
    assert (job.state, job.attempts, job.counts["students_created"]) == ("done", 2, services.ROSTER_BATCH + 20)
    passwords = sheet_passwords(job)
    assert len(passwords) == services.ROSTER_BATCH + 20
    # The accounts of the first attempt are on the sheet too, with passwords that work.
    first = User.objects.get(username="2024000001")
    assert first.check_password(passwords["2024000001"])
    assert User.objects.filter(is_student=True).count() == services.ROSTER_BATCH + 20


@pytest.mark.django_db
def test_running_a_finished_import_again_changes_nothing(finished):
    users = list(User.objects.order_by("pk").values_list("pk", "password", "real_name"))

    services.roster_import_run(roster_import_id=finished.pk)  # a redelivered task

    finished.refresh_from_db()
    assert (finished.state, finished.attempts) == ("done", 1)
    assert list(User.objects.order_by("pk").values_list("pk", "password", "real_name")) == users


@pytest.mark.django_db
def test_a_second_import_of_the_school_waits_while_one_runs(school, organizer, good_roster, broker):
    from django.utils import timezone

    RosterImport.objects.create(
        school=school, uploaded_by=organizer, file_name="a.xlsx", state="running", started_at=timezone.now()
    )
    job = services.roster_import_request(
        school=school, workbook_file=io.BytesIO(good_roster), file_name="b.xlsx", by=organizer
    )

    with pytest.raises(services.RosterBusy):
        services.roster_import_run(roster_import_id=job.pk)

    job.refresh_from_db()
    assert (job.state, User.objects.filter(is_student=True).count()) == ("queued", 0)


@pytest.mark.django_db
def test_the_requeue_command_says_how_many_imports_it_queued_again(school, organizer, broker):
    from django.core.management import call_command
    from django.utils import timezone

    RosterImport.objects.create(
        school=school, uploaded_by=organizer, file_name="x.xlsx", queue_refused=True, queued_at=timezone.now()
    )
    out = io.StringIO()

    call_command("requeue_roster_imports", stdout=out)

    assert out.getvalue() == "已重新排队 1 个花名册导入。\n"
    assert len(broker.queued) == 1
