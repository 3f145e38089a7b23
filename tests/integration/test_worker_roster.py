"""A roster uploaded over HTTP is imported by a real Celery worker process; its page follows the import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from schools.models import RosterImport, User
from tests.html import page, text
from tests.schools.rosters import GOOD_STUDENTS, GOOD_TEACHERS, roster_bytes
from tests.worker import wait_for

pytestmark = pytest.mark.integration

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def finished_part(client, url: str):
    """The import's page as its htmx polling asks for it, once it asks no more (imported or refused)."""

    def part():
        found = page(client.get(url, headers={"HX-Request": "true"})).select_one("#roster-job")
        return found.get("hx-get") is None and found

    return wait_for(part)


def test_real_worker_imports_the_roster_and_the_page_offers_the_passwords(client, celery_worker_process, organizer):
    client.force_login(organizer)

    response = client.post(
        "/roster/", {"file": SimpleUploadedFile("花名册.xlsx", roster_bytes(GOOD_STUDENTS, GOOD_TEACHERS), XLSX)}
    )
    assert response.status_code == 302

    part = finished_part(client, response["Location"])
    assert "花名册已导入。" in text(part)
    download = client.get(part.select_one("#download-credentials")["href"])
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    logins = {row[1] for sheet in workbook.worksheets for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert {"2024030201", "2024030202", "2024030301", "2021080301", "T001", "T002", "T003"} <= logins
    job = RosterImport.objects.get()
    assert (job.state, job.progress, job.attempts) == ("done", 100, 1)
    assert User.objects.filter(school=organizer.school, is_student=True).count() == 4


def test_real_worker_refuses_a_file_with_problems_and_writes_nothing(client, celery_worker_process, organizer):
    client.force_login(organizer)
    students = [*GOOD_STUDENTS, (5, "2024030209", "", "女", "2016-03-07", "三年级2班")]

    response = client.post("/roster/", {"file": SimpleUploadedFile("名单.xlsx", roster_bytes(students), XLSX)})

    part = finished_part(client, response["Location"])
    assert [text(td) for td in part.select("#roster-errors td")] == ["学生", "6", "姓名", "姓名为空。"]
    assert User.objects.filter(is_student=True).count() == 0
