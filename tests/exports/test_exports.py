"""Exports: who may ask and download, what the file holds, the failure path and atomic writing."""

import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from core.exporters import EXPORTERS
from exports import services
from exports.models import Export
from schools.exporters import ClassRosterExporter
from tests.factories.exports import ExportFactory
from tests.factories.schools import OrganizerFactory, SchoolClassFactory, StudentFactory, TeacherFactory
from tests.html import page, text


def _workbook(export: Export):
    with export.file.open("rb") as fh:
        return load_workbook(io.BytesIO(fh.read()))


@pytest.fixture
def roster(school_class, student):
    StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202", must_change_password=True)
    other = SchoolClassFactory(grade__school=school_class.grade.school, grade__number=8, number=3)
    StudentFactory(school_class=other, real_name="张浩宇", student_number="20190301")
    return other


@pytest.mark.django_db
def test_class_roster_has_a_sheet_per_class_with_the_students_in_order(organizer, roster):
    export = services.export_request(kind="class_roster", by=organizer)

    services.export_build(export_id=export.pk)

    export.refresh_from_db()
    workbook = _workbook(export)
    assert (export.state, export.progress, export.attempts) == ("done", 100, 1)
    assert workbook.sheetnames == ["三年级2班", "初二(3)班"]
    sheet = workbook["三年级2班"]
    assert sheet["A1"].value == "星河实验学校 三年级2班 学生名单"
    assert [c.value for c in sheet[2]] == ["序号", "学号", "姓名", "性别", "出生日期", "已改密码"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        (1, "20240201", "王小明", "是"),
        (2, "20240202", "李雨萱", "否"),
    ]
    assert rows[0][4].date().isoformat() == "2017-05-01"


@pytest.mark.django_db
def test_exported_sheets_are_ready_to_print(organizer, roster):
    export = services.export_request(kind="class_roster", by=organizer)
    services.export_build(export_id=export.pk)

    sheet = _workbook(Export.objects.get(pk=export.pk))["三年级2班"]

    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["B"].width == 14
    assert sheet["B2"].font.b is True


@pytest.mark.django_db
def test_teacher_exports_only_the_classes_they_head(head_teacher, roster):
    export = services.export_request(kind="class_roster", by=head_teacher)

    services.export_build(export_id=export.pk)

    assert _workbook(Export.objects.get(pk=export.pk)).sheetnames == ["三年级2班"]


@pytest.mark.django_db
def test_file_name_is_chinese_with_the_date_and_downloads_with_rfc5987_header(client, organizer, roster):
    export = services.export_request(kind="class_roster", by=organizer)
    services.export_build(export_id=export.pk)
    client.force_login(organizer)

    response = client.get(f"/exports/{export.pk}/download/")

    export.refresh_from_db()
    assert export.file_name.startswith("学生名单_星河实验学校_")
    assert export.file_name.endswith(".xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=utf-8''%E5%AD%A6%E7%94%9F%E5%90%8D%E5%8D%95_" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_download_is_kept_in_no_cache(client, organizer, roster):
    export = services.export_request(kind="class_roster", by=organizer)
    services.export_build(export_id=export.pk)
    client.force_login(organizer)

    response = client.get(f"/exports/{export.pk}/download/")

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store", "max-age=0"} <= directives
    assert "public" not in directives


class _BrokenExporter(ClassRosterExporter):
    identifier = "broken"

    def sheets(self):
        yield from super().sheets()
        raise RuntimeError("数据库连接中断")


@pytest.fixture
def broken_exporter(monkeypatch):
    monkeypatch.setitem(EXPORTERS, "broken", _BrokenExporter)


@pytest.mark.django_db
def test_failed_export_keeps_its_message_and_leaves_no_file(organizer, roster, broken_exporter, settings):
    export = services.export_request(kind="broken", by=organizer)

    services.export_build(export_id=export.pk)

    export.refresh_from_db()
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert export.state == "failed"
    assert export.error == "RuntimeError: 数据库连接中断"
    assert not export.file
    assert [p for p in private.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_failed_export_can_be_built_again(client, organizer, roster, broken_exporter, monkeypatch):
    export = services.export_request(kind="broken", by=organizer)
    services.export_build(export_id=export.pk)
    monkeypatch.setitem(EXPORTERS, "broken", ClassRosterExporter)  # the cause is fixed
    client.force_login(organizer)

    response = client.post(f"/exports/{export.pk}/retry/")
    services.export_build(export_id=export.pk)

    export.refresh_from_db()
    assert response.status_code == 302
    assert (export.state, export.error, export.attempts) == ("done", "", 2)


@pytest.mark.django_db
def test_a_finished_export_cannot_be_retried_and_a_redelivered_task_leaves_it_alone(organizer, roster):
    export = services.export_request(kind="class_roster", by=organizer)
    services.export_build(export_id=export.pk)
    export.refresh_from_db()
    first_file = export.file.name

    services.export_build(export_id=export.pk)  # the same task delivered twice
    with pytest.raises(ValidationError):
        services.export_retry(export=export, by=organizer)

    export.refresh_from_db()
    assert (export.file.name, export.attempts) == (first_file, 1)


@pytest.mark.django_db
def test_an_interrupted_export_is_built_again_from_scratch(organizer, roster):
    # Its worker was killed.
    export = ExportFactory(school=organizer.school, requested_by=organizer, state="running", progress=40, attempts=1)

    services.export_build(export_id=export.pk)

    export.refresh_from_db()
    assert (export.state, export.progress, export.attempts) == ("done", 100, 2)


@pytest.mark.django_db
def test_writing_goes_through_a_temporary_file_that_is_renamed_into_place(organizer, roster, settings, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((Path(src).name, Path(dst).parent == Path(src).parent, Path(dst).exists()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    export = services.export_request(kind="class_roster", by=organizer)

    services.export_build(export_id=export.pk)

    [(src_name, same_folder, existed_before)] = seen
    assert src_name.startswith(".partial-")
    assert same_folder is True
    assert existed_before is False


@pytest.mark.django_db
def test_asking_queues_the_build_after_commit(client, organizer, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("exports.tasks.build_export.delay", lambda **kw: queued.append(kw))
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/exports/", {"kind": "class_roster"})

    export = Export.objects.get()
    assert response["Location"] == "/exports/"
    assert queued == [{"export_id": export.pk}]
    assert (export.state, export.requested_by) == ("queued", organizer)


# --- Permissions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_students_may_not_ask_for_exports(client, student):
    client.force_login(student)

    assert client.get("/exports/").status_code == 403
    assert client.post("/exports/", {"kind": "class_roster"}).status_code == 403
    assert Export.objects.count() == 0


@pytest.mark.django_db
def test_unknown_export_kind_is_refused_with_a_message(client, organizer):
    client.force_login(organizer)

    response = client.post("/exports/", {"kind": "everything"})

    assert response.status_code == 400
    assert response.context["form"].errors["kind"] == ["你无权进行这项导出。"]
    assert Export.objects.count() == 0


@pytest.mark.django_db
def test_export_pages_send_anonymous_to_login(client):
    assert client.get("/exports/")["Location"].startswith("/accounts/login/")
    assert client.get("/exports/1/status/")["Location"].startswith("/accounts/login/")


@pytest.fixture
def built(organizer, roster):
    export = services.export_request(kind="class_roster", by=organizer)
    services.export_build(export_id=export.pk)
    return export


@pytest.mark.parametrize("url", ["/exports/{pk}/status/", "/exports/{pk}/download/"])
@pytest.mark.parametrize("who", ["other_school_organizer", "teacher", "student"])
@pytest.mark.django_db
def test_others_may_not_see_or_download_an_export(client, built, url, who, other_school, head_teacher, student):
    actor = {
        "other_school_organizer": lambda: OrganizerFactory(school=other_school),
        "teacher": lambda: head_teacher,
        "student": lambda: student,
    }[who]()
    client.force_login(actor)

    assert client.get(url.format(pk=built.pk)).status_code == 403


@pytest.mark.django_db
def test_others_may_not_retry_an_export(client, built, other_school):
    client.force_login(OrganizerFactory(school=other_school))

    assert client.post(f"/exports/{built.pk}/retry/").status_code == 403


@pytest.mark.django_db
def test_organizer_sees_and_downloads_every_export_of_the_school(client, school, head_teacher, roster):
    export = services.export_request(kind="class_roster", by=head_teacher)
    services.export_build(export_id=export.pk)
    colleague = OrganizerFactory(school=school)
    client.force_login(colleague)

    assert [e.pk for e in client.get("/exports/").context["exports"]] == [export.pk]
    assert client.get(f"/exports/{export.pk}/download/").status_code == 200


@pytest.mark.django_db
def test_teacher_lists_only_their_own_exports(client, school, head_teacher, organizer, roster):
    services.export_request(kind="class_roster", by=organizer)
    mine = services.export_request(kind="class_roster", by=head_teacher)
    client.force_login(head_teacher)

    assert [e.pk for e in client.get("/exports/").context["exports"]] == [mine.pk]


def _row(response):
    """The export's row as the status URL returns it for htmx to swap in."""
    assert response.status_code == 200, response.status_code
    assert response.templates[0].name == "exports/_row.html"
    rows = page(response).select("tr")
    assert len(rows) == 1
    return rows[0]


@pytest.mark.django_db
def test_status_of_a_finished_export_is_its_row_with_the_download_link_and_no_more_polling(client, organizer, built):
    client.force_login(organizer)

    row = _row(client.get(f"/exports/{built.pk}/status/", headers={"HX-Request": "true"}))

    assert text(row.select_one("td")) == "学生名单"
    assert text(row.select_one(".export-state")) == "已完成"
    link = row.select_one(".export-actions a")
    assert (text(link), link["href"]) == ("下载", f"/exports/{built.pk}/download/")
    assert (row.get("hx-get"), row.get("hx-trigger"), row.select("progress, form")) == (None, None, [])


@pytest.mark.django_db
def test_status_of_a_running_export_shows_its_progress_and_asks_again(client, organizer, roster):
    export = ExportFactory(
        school=organizer.school, requested_by=organizer, state="running", progress=40, started_at=timezone.now()
    )
    client.force_login(organizer)

    row = _row(client.get(f"/exports/{export.pk}/status/", headers={"HX-Request": "true"}))

    bar = row.select_one("progress.export-progress")
    assert (bar["value"], text(bar)) == ("40", "40%")
    assert text(row.select_one(".export-state-label")) == "生成中"
    assert row.select(".export-actions a, .export-actions form") == []  # no link, nothing to build again yet
    assert (row["hx-get"], row["hx-trigger"], row["hx-swap"]) == (
        f"/exports/{export.pk}/status/",
        "every 1s",
        "outerHTML",
    )


@pytest.mark.django_db
def test_status_of_a_failed_export_shows_the_message_and_offers_to_build_it_again(
    client, organizer, roster, broken_exporter
):
    export = services.export_request(kind="broken", by=organizer)
    services.export_build(export_id=export.pk)
    client.force_login(organizer)

    row = _row(client.get(f"/exports/{export.pk}/status/", headers={"HX-Request": "true"}))

    assert text(row.select_one(".export-state .badge")) == "失败"
    assert text(row.select_one(".export-error")) == "RuntimeError: 数据库连接中断"
    form = row.select_one(".export-actions form")
    assert (form["action"], text(form.select_one("button"))) == (f"/exports/{export.pk}/retry/", "重新生成")
    assert row.get("hx-get") is None


@pytest.mark.django_db
def test_teacher_who_asked_sees_the_status_of_their_export(client, head_teacher, roster):
    export = services.export_request(kind="class_roster", by=head_teacher)
    client.force_login(head_teacher)

    row = _row(client.get(f"/exports/{export.pk}/status/", headers={"HX-Request": "true"}))

    assert text(row.select_one(".export-state-label")) == "排队中"


@pytest.mark.django_db
def test_status_asked_by_htmx_without_a_session_is_refused_not_sent_to_login(client, built):
    # A login page swapped into the row would be worse than the row waiting; the page's own links still log in.
    assert client.get(f"/exports/{built.pk}/status/", headers={"HX-Request": "true"}).status_code == 403


@pytest.mark.django_db
def test_exports_page_polls_only_the_exports_being_built(client, organizer, built, roster):
    queued = services.export_request(kind="class_roster", by=organizer)
    client.force_login(organizer)

    rows = page(client.get("/exports/")).select("tr.js-export")

    assert [(r["id"], r.get("hx-get"), r.get("hx-trigger")) for r in rows] == [
        (f"export-{queued.pk}", f"/exports/{queued.pk}/status/", "every 1s"),
        (f"export-{built.pk}", None, None),
    ]
    assert [text(r.select_one(".export-state-label, .export-state .badge")) for r in rows] == ["排队中", "已完成"]


@pytest.mark.django_db
def test_export_list_query_count_does_not_grow(client, organizer, roster):
    client.force_login(organizer)
    services.export_request(kind="class_roster", by=organizer)
    with CaptureQueriesContext(connection) as one:
        client.get("/exports/")
    for _ in range(10):
        services.export_request(kind="class_roster", by=TeacherFactory(school=organizer.school))
    with CaptureQueriesContext(connection) as many:
        client.get("/exports/")

    assert len(one) == len(many)
