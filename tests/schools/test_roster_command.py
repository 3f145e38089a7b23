"""python manage.py import_roster FILE.xlsx [--school SLUG] [--credentials OUT.xlsx]"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from schools.models import RosterImport, User
from tests.factories.schools import SchoolFactory
from tests.schools.rosters import GOOD_STUDENTS, roster_bytes


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def roster_file(tmp_path, good_roster):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(good_roster)
    return path


@pytest.mark.django_db
def test_imports_into_the_only_school_and_prints_the_counts(school, roster_file, tmp_path):
    out_file = tmp_path / "passwords.xlsx"

    out, err = run(str(roster_file), "--credentials", str(out_file))

    assert out.splitlines() == [
        f"已将 {roster_file} 导入 星河实验学校。",
        "  新建班级: 3",
        "  新建学生: 4",
        "  更新学生: 0",
        "  未变学生: 0",
        "  新建教师: 3",
        "  更新教师: 0",
        "  未变教师: 0",
        "  指定班主任: 2",
        f"账号密码表已写入 {out_file}。",
    ]
    assert err == ""
    assert load_workbook(out_file).sheetnames == ["三年级2班", "三年级3班", "初二(3)班", "教师"]
    imported = RosterImport.objects.get()
    assert (imported.school, imported.uploaded_by, imported.file_name) == (school, None, "花名册.xlsx")


@pytest.mark.django_db
def test_second_run_changes_nothing_and_writes_no_credentials(school, roster_file, tmp_path):
    run(str(roster_file))
    out_file = tmp_path / "again.xlsx"

    out, _err = run(str(roster_file), "--credentials", str(out_file))

    assert "  未变学生: 4" in out.splitlines()
    assert out.splitlines()[-1] == "没有新账号，未生成账号密码表。"
    assert not out_file.exists()


@pytest.mark.django_db
def test_bad_rows_are_printed_and_the_command_fails(school, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(roster_bytes([*GOOD_STUDENTS, (5, "2024030209", "王小红", "女", "2016-02-30", "三年级2班")]))
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_roster", str(path), stdout=io.StringIO(), stderr=err)

    assert str(raised.value) == "发现 1 处问题，没有导入任何数据。"
    assert err.getvalue().splitlines() == ["工作表“学生” 第6行 出生日期：“2016-02-30”不是有效日期。"]
    assert User.objects.filter(is_student=True).count() == 0


@pytest.mark.django_db
def test_several_schools_need_the_school_option(school, other_school, roster_file):
    with pytest.raises(CommandError) as raised:
        run(str(roster_file))

    assert str(raised.value) == "有多所学校，请用 --school 指定其中一所（qingshan, xinghe）。"


@pytest.mark.django_db
def test_school_option_picks_the_school(school, roster_file):
    other = SchoolFactory(slug="other", name="另一所学校")

    out, _err = run(str(roster_file), "--school", "other")

    assert out.splitlines()[0] == f"已将 {roster_file} 导入 另一所学校。"
    assert User.objects.filter(school=other, is_student=True).count() == 4


@pytest.mark.django_db
def test_unknown_school_and_missing_file(school, roster_file, tmp_path):
    with pytest.raises(CommandError) as unknown:
        run(str(roster_file), "--school", "nowhere")
    with pytest.raises(CommandError) as missing:
        run(str(tmp_path / "none.xlsx"))

    assert str(unknown.value) == "没有简称为“nowhere”的学校。"
    assert str(missing.value) == f"无法读取 {tmp_path / 'none.xlsx'}：No such file or directory"


@pytest.mark.django_db
def test_no_school_at_all(roster_file):
    with pytest.raises(CommandError) as raised:
        run(str(roster_file))

    assert str(raised.value) == "还没有学校。请先运行 seed_demo 或在管理后台创建学校。"
