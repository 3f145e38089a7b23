"""The roster import service: all or nothing, idempotent, passwords only for new accounts, the credentials sheet."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from core.models import AuditLog
from schools.models import Grade, RosterImport, SchoolClass, User
from schools.roster import RosterInvalid
from schools.services import roster_import
from tests.factories.schools import OrganizerFactory, StudentFactory
from tests.schools.rosters import GOOD_STUDENTS, GOOD_TEACHERS, build_xlsx, roster_bytes


def run_import(school, content: bytes, by=None, file_name: str = "花名册.xlsx") -> RosterImport:
    return roster_import(school=school, workbook_file=io.BytesIO(content), file_name=file_name, by=by)


def snapshot() -> dict[str, object]:
    """Everything an import could write."""
    return {
        "users": sorted(User.objects.values_list("username", "real_name", "school_class_id", "password")),
        "grades": Grade.objects.count(),
        "classes": sorted(SchoolClass.objects.values_list("id", "head_teacher_id")),
        "imports": RosterImport.objects.count(),
        "audit": AuditLog.objects.count(),
    }


def credentials_rows(imported: RosterImport) -> dict[str, list[tuple]]:
    with imported.credentials.open("rb") as f:
        wb = load_workbook(io.BytesIO(f.read()))
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def passwords(imported: RosterImport) -> dict[str, str]:
    return {row[1]: row[3] for rows in credentials_rows(imported).values() for row in rows[3:]}


@pytest.mark.django_db
def test_good_file_creates_classes_students_teachers_and_head_teachers(school, organizer, good_roster):
    imported = run_import(school, good_roster, by=organizer)

    assert imported.counts == {
        "classes_created": 3,
        "head_teachers_set": 2,
        "students_created": 4,
        "students_updated": 0,
        "students_unchanged": 0,
        "teachers_created": 3,
        "teachers_updated": 0,
        "teachers_unchanged": 0,
    }
    students = User.objects.filter(school=school, is_student=True).order_by("student_number")
    assert [(s.username, s.real_name, s.gender, s.birth_date, s.school_class.name) for s in students] == [
        ("2021080301", "张浩然", "M", dt.date(2012, 11, 2), "初二(3)班"),
        ("2024030201", "王小明", "M", dt.date(2016, 3, 7), "三年级2班"),
        ("2024030202", "李雨萱", "F", dt.date(2016, 9, 21), "三年级2班"),
        ("2024030301", "赵子涵", "F", dt.date(2016, 1, 15), "三年级3班"),
    ]
    teachers = User.objects.filter(school=school, is_teacher=True).exclude(pk=organizer.pk).order_by("username")
    assert [(t.username, t.real_name, t.is_judge, [c.name for c in t.headed_classes.all()]) for t in teachers] == [
        ("T001", "周老师", False, ["三年级2班"]),
        ("T002", "刘老师", True, ["初二(3)班"]),
        ("T003", "孙老师", True, []),
    ]
    assert (imported.school, imported.uploaded_by, imported.file_name) == (school, organizer, "花名册.xlsx")


@pytest.mark.django_db
def test_new_accounts_get_a_cheap_initial_password_they_must_change(school, good_roster):
    imported = run_import(school, good_roster)

    user = User.objects.get(username="2024030201")
    assert user.password.startswith("pbkdf2_sha256_initial$")
    assert user.must_change_password is True
    assert user.check_password(passwords(imported)["2024030201"])
    assert User.objects.get(username="T002").check_password(passwords(imported)["T002"])


@pytest.mark.django_db
def test_import_writes_one_audit_record_with_the_counts(school, organizer, good_roster):
    imported = run_import(school, good_roster, by=organizer)

    records = list(AuditLog.objects.values_list("action", "actor", "object_id"))
    assert records == [("roster.import", organizer.pk, str(imported.pk))]
    assert AuditLog.objects.get().changes["students_created"] == {"before": None, "after": 4}


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(school, organizer, good_roster):
    run_import(school, good_roster, by=organizer)
    before = snapshot()

    again = run_import(school, good_roster, by=organizer)

    after = snapshot()
    assert again.counts == {
        "classes_created": 0,
        "head_teachers_set": 0,
        "students_created": 0,
        "students_updated": 0,
        "students_unchanged": 4,
        "teachers_created": 0,
        "teachers_updated": 0,
        "teachers_unchanged": 3,
    }
    assert after["users"] == before["users"]  # same people, same classes, same password hashes
    assert (after["grades"], after["classes"]) == (before["grades"], before["classes"])
    # the import itself is recorded, nothing else
    assert (after["imports"], after["audit"]) == (before["imports"] + 1, before["audit"] + 1)
    assert again.credentials.name == ""


@pytest.mark.django_db
def test_messy_file_imports_the_same_people_as_the_clean_one(school, good_roster):
    run_import(school, good_roster)
    messy = build_xlsx(
        [
            (
                "学生名单",
                [
                    ["星河实验学校 学生花名册"],
                    [],
                    ["序号", "学籍号", "学生姓名", "性别", "生日", "班级"],
                    [1, 2024030201.0, " 王　小明 ", "男", "2016.3.7", "三年级（２）班"],
                    [],
                    [2, 2024030202, "李雨萱", "女", dt.datetime(2016, 9, 21), "三年级二班"],
                    [3, "２０２４０３０３０１", "赵子涵 ", "女", 42384, "3年级3班"],
                    [4, "2021080301", "张浩然", "男", "2012年11月2日", "八年级3班"],
                ],
            ),
            ("教师", [["工号", "姓名", "性别", "班主任", "评委"], ["T001", "周老师", "女", "三年级2班", "否"]]),
        ]
    )

    again = run_import(school, messy)

    assert (again.counts["students_unchanged"], again.counts["teachers_unchanged"]) == (4, 1)
    assert again.counts["students_updated"] + again.counts["teachers_updated"] + again.counts["classes_created"] == 0


@pytest.mark.django_db
def test_a_student_who_moved_class_is_updated_and_keeps_the_password(school, organizer, good_roster):
    run_import(school, good_roster)
    hash_before = User.objects.get(username="2024030202").password
    moved = [row if row[1] != "2024030202" else (*row[:5], "三年级3班") for row in GOOD_STUDENTS]

    again = run_import(school, roster_bytes(moved, GOOD_TEACHERS), by=organizer)

    student = User.objects.get(username="2024030202")
    assert (student.school_class.name, student.password) == ("三年级3班", hash_before)
    assert (again.counts["students_updated"], again.counts["students_unchanged"]) == (1, 3)
    record = AuditLog.objects.get(action="user.roster_update")
    assert (record.actor, record.object_repr, record.changes) == (
        organizer,
        "李雨萱",
        {"school_class": {"before": "三年级2班", "after": "三年级3班"}},
    )
    assert again.credentials.name == ""


@pytest.mark.django_db
def test_a_new_head_teacher_replaces_the_old_one(school, good_roster):
    run_import(school, good_roster)
    teachers = [("T001", "周老师", "女", "", "否"), ("T003", "孙老师", "女", "三年级2班", "是")]

    again = run_import(school, roster_bytes(GOOD_STUDENTS, teachers))

    assert SchoolClass.objects.get(grade__school=school, grade__number=3, number=2).head_teacher.username == "T003"
    assert again.counts["head_teachers_set"] == 1
    assert AuditLog.objects.get(action="class.head_teacher").changes == {
        "head_teacher": {"before": "周老师", "after": "孙老师"}
    }


@pytest.mark.django_db
def test_only_the_new_accounts_of_a_second_import_get_passwords(school, good_roster):
    run_import(school, good_roster)
    students = [*GOOD_STUDENTS, (5, "2024030203", "陈思雅", "女", "2016-06-01", "三年级2班")]

    again = run_import(school, roster_bytes(students, GOOD_TEACHERS))

    assert again.counts["students_created"] == 1
    assert list(passwords(again)) == ["2024030203"]


@pytest.mark.django_db
def test_an_organizer_listed_as_teacher_stays_organizer(school, organizer, good_roster):
    teachers = [*GOOD_TEACHERS, (organizer.username, "陈志远", "男", "", "是")]

    imported = run_import(school, roster_bytes(GOOD_STUDENTS, teachers))

    organizer.refresh_from_db()
    assert (organizer.is_organizer, organizer.is_teacher, organizer.is_judge) == (True, True, True)
    assert imported.counts["teachers_updated"] == 1
    assert organizer.username not in passwords(imported)


@pytest.mark.django_db
def test_students_missing_from_the_file_are_left_alone(school, school_class, student, good_roster):
    run_import(school, good_roster)

    student.refresh_from_db()
    assert (student.is_active, student.school_class) == (True, school_class)


BAD_FILES = {
    "not xlsx": b"%PDF-1.4 not a spreadsheet",
    "empty": build_xlsx([("Sheet1", [])]),
    "duplicate student number": roster_bytes(
        [*GOOD_STUDENTS, (5, "2024030201", "王小红", "女", "2016-03-07", "三年级2班")]
    ),
    "unknown class": roster_bytes([*GOOD_STUDENTS, (5, "2024030209", "王小红", "女", "2016-03-07", "三年级")]),
    "missing name": roster_bytes([*GOOD_STUDENTS, (5, "2024030209", "", "女", "2016-03-07", "三年级2班")]),
    "impossible date": roster_bytes([*GOOD_STUDENTS, (5, "2024030209", "王小红", "女", "2016-02-30", "三年级2班")]),
    "two head teachers": roster_bytes(GOOD_STUDENTS, [*GOOD_TEACHERS, ("T009", "吴老师", "女", "三年级2班", "")]),
}


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.django_db
def test_a_bad_file_imports_nothing(school, organizer, kind):
    run_import(school, roster_bytes(GOOD_STUDENTS[:1]))  # something already there must stay as it is
    before = snapshot()

    with pytest.raises(RosterInvalid) as raised:
        run_import(school, BAD_FILES[kind], by=organizer)

    assert len(raised.value.errors) == 1
    assert snapshot() == before


@pytest.mark.django_db
def test_one_bad_row_among_many_imports_nothing(school):
    students = [(i, f"20240302{i:02d}", f"学生{i}", "男", "2016-03-07", "三年级2班") for i in range(1, 60)]
    students[41] = (42, "2024030242", "学生42", "男", "2016-03-07", "三年级")
    before = snapshot()

    with pytest.raises(RosterInvalid) as raised:
        run_import(school, roster_bytes(students))

    assert [str(e) for e in raised.value.errors] == [
        "工作表“学生” 第43行 班级：“三年级”不是有效的班级，请按“三年级2班”或“初二(3)班”的格式填写。"
    ]
    assert snapshot() == before


# --- The credentials sheet --------------------------------------------------------------------


@pytest.mark.django_db
def test_credentials_sheet_has_a_sheet_per_class_and_one_for_teachers(school, good_roster):
    imported = roster_import(
        school=school,
        workbook_file=io.BytesIO(good_roster),
        file_name="x.xlsx",
        by=None,
        login_url="https://kejijie.example/accounts/login/",
    )

    sheets = credentials_rows(imported)
    today = imported.created_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date().isoformat()
    pw = passwords(imported)
    assert list(sheets) == ["三年级2班", "三年级3班", "初二(3)班", "教师"]
    assert sheets["三年级2班"] == [
        (f"星河实验学校 三年级2班 学生账号（{today}）", None, None, None),
        (
            "登录网址：https://kejijie.example/accounts/login/ 用学号和初始密码登录，首次登录后须修改密码。",
            None,
            None,
            None,
        ),
        ("序号", "学号", "姓名", "初始密码"),
        (1, "2024030201", "王小明", pw["2024030201"]),
        (2, "2024030202", "李雨萱", pw["2024030202"]),
    ]
    assert sheets["教师"][2:] == [
        ("序号", "工号", "姓名", "初始密码"),
        (1, "T001", "周老师", pw["T001"]),
        (2, "T002", "刘老师", pw["T002"]),
        (3, "T003", "孙老师", pw["T003"]),
    ]
    assert all(len(p) == 8 and not set(p) & set("0o1li") for p in pw.values())


@pytest.mark.django_db
def test_credentials_sheet_prints_on_a4_with_the_header_on_every_page(school, good_roster):
    imported = run_import(school, good_roster)

    with imported.credentials.open("rb") as f:
        ws = load_workbook(io.BytesIO(f.read()))["三年级2班"]
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "portrait")  # 9 is A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (
        1,
        0,
        True,
    )
    assert ws.print_title_rows == "$1:$3"
    assert ws.freeze_panes == "A4"
    assert [ws.column_dimensions[c].width for c in "ABCD"] == [8, 18, 16, 22]
    assert "A1:D1" in {str(r) for r in ws.merged_cells.ranges}
    assert (ws["D4"].font.name, ws["D4"].font.sz, ws["D4"].font.b) == ("Consolas", 14, True)
    assert (ws["A1"].font.sz, ws["A1"].font.b) == (16, True)


@pytest.mark.django_db
def test_credentials_are_stored_privately(school, good_roster, settings, tmp_path):
    imported = run_import(school, good_roster)

    assert imported.credentials.name.startswith(f"credentials/{school.pk}/")
    assert imported.credentials.path.startswith(str(tmp_path / "private"))
    assert not imported.credentials.path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.django_db
def test_thousand_students_import_in_bulk(school, django_assert_max_num_queries):
    students = [
        (i, f"2024{i:06d}", f"学生{i}", "男" if i % 2 else "女", "2016-03-07", f"三年级{i % 10 + 1}班")
        for i in range(1, 1001)
    ]
    content = roster_bytes(students)
    OrganizerFactory(school=school)

    with django_assert_max_num_queries(60):
        imported = run_import(school, content)

    assert imported.counts["students_created"] == 1000
    assert StudentFactory._meta.model.objects.filter(school=school, is_student=True).count() == 1000
