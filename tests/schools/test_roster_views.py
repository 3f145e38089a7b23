"""The roster import pages: who may use them, and what an organizer sees."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditLog
from schools.models import RosterImport, SchoolClass, User
from schools.services import roster_import
from tests.factories.schools import JudgeFactory, OrganizerFactory, TeacherFactory
from tests.html import attrs, page, text, texts
from tests.schools.rosters import GOOD_STUDENTS, roster_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


pytestmark = pytest.mark.usefixtures("eager_celery")


def upload(client, content: bytes, name: str = "花名册.xlsx", *, follow: bool = False):
    """Upload as the page does; the import job runs (eagerly) once the upload is committed, as with a worker.
    ``follow``: the import's page the upload leads to."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("roster_import"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)})
    if follow and response.status_code == 302:
        return client.get(response["Location"])
    return response


@pytest.fixture
def past_import(school, organizer, good_roster) -> RosterImport:
    return roster_import(school=school, workbook_file=io.BytesIO(good_roster), file_name="旧名单.xlsx", by=organizer)


@pytest.fixture
def foreign_import(other_school) -> RosterImport:
    content = roster_bytes([(1, "2099000001", "外校生", "男", "2016-03-07", "三年级1班")])
    return roster_import(school=other_school, workbook_file=io.BytesIO(content), file_name="外校.xlsx", by=None)


# --- Who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["roster_import", "roster_template"])
@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(name)

    assert client.get(url)["Location"] == f"/accounts/login/?next={quote(url)}"


@pytest.mark.django_db
def test_anonymous_cannot_reach_an_import_or_its_passwords(client, past_import):
    for url in (
        reverse("roster_import_detail", args=[past_import.pk]),
        reverse("roster_credentials", args=[past_import.pk]),
    ):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("role", ["student", "teacher", "judge"])
@pytest.mark.django_db
def test_students_teachers_and_judges_are_refused(
    client, role, student, head_teacher, school, past_import, good_roster
):
    client.force_login({"student": student, "teacher": head_teacher, "judge": JudgeFactory(school=school)}[role])
    before = User.objects.count()

    responses = [
        client.get(reverse("roster_import")),
        client.get(reverse("roster_template")),
        upload(client, good_roster),
        client.get(reverse("roster_import_detail", args=[past_import.pk])),
        client.get(reverse("roster_credentials", args=[past_import.pk])),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert User.objects.count() == before


@pytest.mark.django_db
def test_organizer_of_another_school_cannot_see_the_import_or_download_its_passwords(client, past_import, other_school):
    client.force_login(OrganizerFactory(school=other_school))

    detail = client.get(reverse("roster_import_detail", args=[past_import.pk]))
    download = client.get(reverse("roster_credentials", args=[past_import.pk]))

    assert (detail.status_code, download.status_code) == (403, 403)
    assert "旧名单.xlsx" not in detail.content.decode()
    assert not AuditLog.objects.filter(action="roster.credentials_download").exists()


@pytest.mark.django_db
def test_organizer_does_not_see_other_schools_imports_in_the_list(client, organizer, past_import, foreign_import):
    client.force_login(organizer)

    response = client.get(reverse("roster_import"))

    assert [i.file_name for i in response.context["imports"]] == ["旧名单.xlsx"]
    assert "外校.xlsx" not in response.content.decode()


@pytest.mark.django_db
def test_organizer_without_a_school_may_not_import(client, good_roster):
    client.force_login(OrganizerFactory(school=None))

    assert upload(client, good_roster).status_code == 403


@pytest.mark.django_db
def test_unknown_import_is_404(client, organizer):
    client.force_login(organizer)

    assert client.get(reverse("roster_import_detail", args=[999])).status_code == 404
    assert client.get(reverse("roster_credentials", args=[999])).status_code == 404


# --- What the organizer sees ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_offers_the_template_and_the_upload_form(client, organizer):
    client.force_login(organizer)

    response = client.get(reverse("roster_import"))

    doc = page(response)
    assert attrs(doc, "main form", "enctype") == ["multipart/form-data"]
    assert [a.split(",")[0] for a in attrs(doc, "input[type=file]", "accept")] == [".xlsx"]
    assert reverse("roster_template") in attrs(doc, "a", "href")
    assert "还没有导入过花名册。" in text(doc)
    # No inline script or style (CSP).
    assert ([s for s in doc.select("script") if not s.has_attr("src")], doc.select("[style]")) == ([], [])
    assert attrs(doc, "meta[name=viewport]", "content") == ["width=device-width, initial-scale=1"]


@pytest.mark.django_db
def test_good_upload_redirects_to_the_result_with_counts_and_the_credentials_button(client, organizer, good_roster):
    client.force_login(organizer)

    response = upload(client, good_roster)

    imported = RosterImport.objects.get()
    assert response["Location"] == reverse("roster_import_detail", args=[imported.pk])
    result = client.get(response["Location"])
    doc = page(result)
    assert [(str(label), value) for label, value in result.context["counts"]] == [
        ("新建班级", 3),
        ("新建学生", 4),
        ("更新学生", 0),
        ("未变学生", 0),
        ("新建教师", 3),
        ("更新教师", 0),
        ("未变教师", 0),
        ("指定班主任", 2),
    ]
    assert "花名册已导入。" in text(doc)
    assert "下载账号密码表" in text(doc)
    assert reverse("roster_credentials", args=[imported.pk]) in attrs(doc, "a", "href")
    assert User.objects.filter(school=organizer.school, is_student=True).count() == 4


@pytest.mark.django_db
def test_bad_upload_shows_every_problem_and_imports_nothing(client, organizer):
    client.force_login(organizer)
    students = [
        *GOOD_STUDENTS,
        (5, "2024030201", "王小红", "女", "2016-03-07", "三年级2班"),
        (6, "2024030209", "", "女", "2016-02-30", "三年级2班"),
    ]

    response = upload(client, roster_bytes(students), name="三年级.xlsx", follow=True)

    doc = page(response)
    assert "没有导入任何数据。" in text(doc)
    assert "“三年级.xlsx”有 3 处问题。请在文件中改正后重新上传；账号、班级和密码都没有任何改动。" in text(doc)
    assert [(e.sheet, e.row, e.column, e.message) for e in response.context["errors"]] == [
        ("学生", 6, "学号", "“2024030201”与工作表“学生”第2行重复。"),
        ("学生", 7, "姓名", "姓名为空。"),
        ("学生", 7, "出生日期", "“2016-02-30”不是有效日期。"),
    ]
    assert "“2016-02-30”不是有效日期。" in texts(doc, "#roster-errors td")
    assert (
        User.objects.filter(is_student=True).count(),
        SchoolClass.objects.count(),
        list(RosterImport.objects.values_list("state", "error_count")),
    ) == (0, 0, [("failed", 3)])
    # The refused file is not kept: it names children, and a corrected one is uploaded anyway.
    assert RosterImport.objects.get().file.name == ""


@pytest.mark.django_db
def test_a_file_that_is_not_xlsx_is_refused_by_the_form(client, organizer):
    client.force_login(organizer)

    response = upload(client, b"a,b\n", name="名单.csv")

    assert response.context["form"].errors == {
        "file": ["请选择 Excel .xlsx 文件。.xls 或 .csv 文件请先在 Excel 中另存为 .xlsx。"]
    }
    assert RosterImport.objects.count() == 0


@pytest.mark.django_db
def test_a_renamed_file_is_refused_by_its_content(client, organizer):
    client.force_login(organizer)

    response = upload(client, b"%PDF-1.4", name="名单.xlsx")

    assert "文件不是 .xlsx 格式的 Excel 工作簿。" in text(page(response))
    assert RosterImport.objects.count() == 0


@pytest.mark.django_db
def test_a_file_over_ten_megabytes_is_refused(client, organizer):
    client.force_login(organizer)

    response = upload(client, b"PK" + b"0" * (10 * 1024 * 1024), name="大.xlsx")

    assert response.context["form"].errors == {
        "file": ["文件超过 10 MB。全校的花名册远没有这么大，请确认是否选错了文件。"]
    }


@pytest.mark.django_db
def test_credentials_download_has_the_chinese_file_name_and_is_audited(client, organizer, past_import):
    client.force_login(organizer)

    response = client.get(reverse("roster_credentials", args=[past_import.pk]))

    day = past_import.created_at.astimezone().strftime("%Y-%m-%d")
    filename = f"账号密码_星河实验学校_{day}.xlsx"
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(filename)}"
    assert "no-store" in response["Cache-Control"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["三年级2班", "三年级3班", "初二(3)班", "教师"]
    record = AuditLog.objects.get(action="roster.credentials_download")
    assert (record.actor, record.object_id) == (organizer, str(past_import.pk))


@pytest.mark.django_db
def test_an_import_without_new_accounts_has_no_credentials_to_download(client, organizer, past_import, good_roster):
    client.force_login(organizer)
    upload(client, good_roster)
    again = RosterImport.objects.exclude(pk=past_import.pk).get()

    doc = page(client.get(reverse("roster_import_detail", args=[again.pk])))

    assert "这次导入没有新建账号，没有需要分发的新密码。" in text(doc)
    assert client.get(reverse("roster_credentials", args=[again.pk])).status_code == 404


@pytest.mark.django_db
def test_template_is_a_real_roster_that_imports(client, organizer, school):
    client.force_login(organizer)

    response = client.get(reverse("roster_template"))

    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('花名册模板_星河实验学校.xlsx')}"
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["学生", "教师", "填写说明"]
    students = list(workbook["学生"].iter_rows(values_only=True))
    assert students[0][0] == "星河实验学校 学生花名册"
    assert students[1] == ("序号", "学号", "姓名", "性别", "出生日期", "班级")
    assert len(students) == 5
    notes = [row[0] for row in workbook["填写说明"].iter_rows(min_row=3, values_only=True)]
    assert {"学号", "出生日期", "班级", "工号", "班主任班级", "评委"} <= set(notes)
    # the examples are valid: importing the template as it is works
    imported = roster_import(school=school, workbook_file=io.BytesIO(content), file_name="t.xlsx", by=organizer)
    assert (imported.counts["students_created"], imported.counts["teachers_created"]) == (3, 3)


@pytest.mark.django_db
def test_template_of_a_primary_school_uses_its_own_grades(client, primary_school):
    client.force_login(OrganizerFactory(school=primary_school))

    content = b"".join(client.get(reverse("roster_template")).streaming_content)

    classes = [row[5] for row in load_workbook(io.BytesIO(content))["学生"].iter_rows(min_row=3, values_only=True)]
    assert classes == ["三年级2班", "三年级2班", "五年级3班"]


@pytest.mark.django_db
def test_teacher_who_is_also_organizer_may_import(client, school, good_roster):
    client.force_login(TeacherFactory(school=school, is_organizer=True))

    assert upload(client, good_roster).status_code == 302


# --- Hostile workbooks: refused before their rows are read ----------------------------------------------


def rezip(content: bytes, changes: dict[str, bytes]) -> bytes:
    """The workbook with some members replaced or added, written straight into the zip."""
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename not in changes:
                target.writestr(member, source.read(member))
        for name, data in changes.items():
            target.writestr(name, data)
    return buffer.getvalue()


def sheet_xml(*, dimension: str | None, rows: str) -> bytes:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


HEADER_ROW = (
    '<row r="1">'
    + "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{label}</t></is></c>'
        for column, label in zip("ABCDEF", ["序号", "学号", "姓名", "性别", "出生日期", "班级"], strict=True)
    )
    + "</row>"
)


DELETE_EMPTY_ROWS = "如果名单没有这么长，请在 Excel 中选中名单下面的空行并删除，再重新上传。"


def nothing_imported() -> tuple[int, int, int]:
    done = RosterImport.objects.filter(state="done").count()
    return (User.objects.filter(is_student=True).count(), SchoolClass.objects.count(), done)


@pytest.mark.django_db
def test_workbook_with_huge_shared_strings_is_refused_by_its_unpacked_size(client, organizer, settings):
    settings.ROSTER_MAX_UNPACKED_BYTES = 1024 * 1024  # the real limit is 50 MB; 3 MB of strings here
    strings = b"<sst>" + b"<si><t>" + b"\xe5\x90\x8d" * 1024 * 1024 + b"</t></si></sst>"
    content = rezip(roster_bytes(GOOD_STUDENTS), {"xl/sharedStrings.xml": strings})
    assert len(content) < 100 * 1024
    client.force_login(organizer)

    response = upload(client, content)

    assert [e.message for e in response.context["errors"]] == [
        "工作簿解压后有 4 MB，花名册解压后最多 1 MB。"
        "请只把名单复制到一个新工作簿（不带图片和其他工作表），再上传新文件。"
    ]
    assert nothing_imported() == (0, 0, 0)


@pytest.mark.django_db
def test_sheet_declaring_three_million_rows_is_refused_before_reading_them(client, organizer):
    sheet = sheet_xml(dimension="A1:F3000000", rows=HEADER_ROW + '<row r="3000000"/>')
    content = rezip(roster_bytes(GOOD_STUDENTS), {"xl/worksheets/sheet1.xml": sheet})
    client.force_login(organizer)

    response = upload(client, content)

    assert [(e.sheet, e.message) for e in response.context["errors"]] == [
        (
            "学生",
            "工作表有 3,000,000 行，花名册最多 20,000 行。" + DELETE_EMPTY_ROWS,
        )
    ]
    assert nothing_imported() == (0, 0, 0)


@pytest.mark.django_db
def test_blank_rows_beyond_the_limit_without_a_dimension_are_refused(client, organizer, settings):
    settings.ROSTER_MAX_ROWS = 100  # the real limit is 20,000; 500 blank rows here
    blank = "".join(f'<row r="{number}"/>' for number in range(2, 502))
    # openpyxl stops at a declared dimension's last row; without one it would read every row.
    sheet = sheet_xml(dimension=None, rows=HEADER_ROW + blank)
    content = rezip(roster_bytes(GOOD_STUDENTS), {"xl/worksheets/sheet1.xml": sheet})
    client.force_login(organizer)

    response = upload(client, content, follow=True)

    assert [(e.sheet, e.message) for e in response.context["errors"]] == [
        (
            "学生",
            "工作表有 101 行，花名册最多 100 行。" + DELETE_EMPTY_ROWS,
        )
    ]
    assert nothing_imported() == (0, 0, 0)
