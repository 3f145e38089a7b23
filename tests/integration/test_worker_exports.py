"""An export asked for over HTTP is built by a real Celery worker process and downloaded."""

import io

import pytest
from openpyxl import load_workbook

from judging.models import Export
from tests.factories import StudentFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_real_worker_builds_the_class_roster_export(client, celery_worker_process, organizer, school_class):
    StudentFactory(school_class=school_class, real_name="王小明", student_number="20240201")
    StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202")
    client.force_login(organizer)

    response = client.post("/exports/", {"kind": "class_roster"})
    assert response.status_code == 302
    export = Export.objects.get()

    status = wait_for(
        lambda: (s := client.get(f"/exports/{export.pk}/status/").json())["state"] in {"done", "failed"} and s
    )
    assert status["state"] == "done", status["error"]
    assert status["progress"] == 100
    download = client.get(status["download_url"])
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = workbook["三年级2班"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [("20240201", "王小明"), ("20240202", "李雨萱")]
    assert sheet["A1"].value == "星河实验学校 三年级2班 学生名单"
