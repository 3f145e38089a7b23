"""Reading roster workbooks: what real files look like, and the exact problem reported for each bad row."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from schools.roster import roster_read
from schools.roster.values import parse_class, parse_date, parse_grade
from tests.factories.schools import SchoolFactory, StudentFactory, TeacherFactory
from tests.schools.rosters import GOOD_STUDENTS, GOOD_TEACHERS, build_xlsx, roster_bytes


def read(content: bytes, school):
    return roster_read(workbook_file=io.BytesIO(content), school=school)


def error_lines(roster) -> list[str]:
    return [str(e) for e in roster.errors]


# --- Values as people type them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三年级2班", (3, 2)),
        ("三年级(2)班", (3, 2)),
        ("三年级（2）班", (3, 2)),
        ("三年级二班", (3, 2)),
        ("3年级2班", (3, 2)),
        ("３年级２班", (3, 2)),
        ("七年级3班", (7, 3)),
        ("初二(3)班", (8, 3)),
        ("初二（3）班", (8, 3)),
        ("初二3班", (8, 3)),
        (" 初 二（３）班 ", (8, 3)),
        ("高一（1）班", (10, 1)),
        ("高三十二班", (12, 12)),
        ("初中一年级2班", (7, 2)),
        ("小学六年级1班", (6, 1)),
        ("十二年级1班", (12, 1)),
        ("三年级十班", (3, 10)),
        ("Grade 3 Class 2", (3, 2)),
    ],
)
def test_class_names_schools_use_are_understood(text, expected):
    assert parse_class(text) == expected


@pytest.mark.parametrize("text", ["三(2)", "初四1班", "三年级", "初二", "十三年级1班", "初二(0)班", "3.2", "二班"])
def test_what_is_not_a_class_name_is_refused(text):
    assert parse_class(text) is None


@pytest.mark.parametrize(("text", "grade", "expected"), [("2班", 3, (3, 2)), ("2", 8, (8, 2)), ("（2）班", 8, (8, 2))])
def test_class_column_may_hold_only_the_class_when_there_is_a_grade_column(text, grade, expected):
    assert parse_class(text, grade) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("三年级", 3), ("3", 3), (3.0, 3), ("初二", 8), ("七年级", 7), ("高一", 10), ("Grade 10", 10), ("13", None)],
)
def test_grade_column_values(value, expected):
    assert parse_grade(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2015-03-07",
        "2015/3/7",
        "2015.3.7",
        "20150307",
        20150307,
        "2015年3月7日",
        "２０１５－０３－０７",
        " 2015-03-07 00:00:00",
        dt.datetime(2015, 3, 7),
        42070,  # the Excel serial number of 2015-03-07
        42070.0,
    ],
)
def test_birth_dates_in_every_usual_form(value):
    assert parse_date(value) == dt.date(2015, 3, 7)


def test_year_and_month_only_means_the_first_of_the_month():
    assert parse_date("2015年3月") == dt.date(2015, 3, 1)


def test_a_date_of_the_right_shape_that_does_not_exist_is_an_error():
    with pytest.raises(ValueError):
        parse_date("2015-02-30")


# --- Whole files ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_good_file_gives_every_row(school, good_roster):
    roster = read(good_roster, school)

    assert roster.errors == []
    assert [
        (s.student_number, s.real_name, s.gender, s.birth_date, s.grade, s.class_number) for s in roster.students
    ] == [
        ("2024030201", "王小明", "M", dt.date(2016, 3, 7), 3, 2),
        ("2024030202", "李雨萱", "F", dt.date(2016, 9, 21), 3, 2),
        ("2024030301", "赵子涵", "F", dt.date(2016, 1, 15), 3, 3),
        ("2021080301", "张浩然", "M", dt.date(2012, 11, 2), 8, 3),
    ]
    assert [(t.username, t.real_name, t.gender, t.head_classes, t.is_judge) for t in roster.teachers] == [
        ("T001", "周老师", "F", [(3, 2)], False),
        ("T002", "刘老师", "M", [(8, 3)], True),
        ("T003", "孙老师", "F", [], True),
    ]


@pytest.mark.django_db
def test_messy_but_valid_file_is_read_as_meant(school):
    content = build_xlsx(
        [
            (
                "2026学年 学生花名册",
                [
                    ["星河实验学校2026学年学生花名册"],
                    ["制表：教务处", None, None, "日期：2026-09-01"],
                    [],
                    [" 序号 ", "学籍号", "学生 姓名", "性　别", "出生年月(yyyy-mm-dd)", "班　级", "家长电话"],
                    [1, 2024030201.0, " 王　小明 ", "男 ", "2016/3/7", "三年级（２）班", "13800000000"],
                    [],
                    [2, 2024030202, "李雨萱", "女", dt.datetime(2016, 9, 21), " 三年级2班", None],
                    [None, None, None, None, None, None, None],
                    [3, "２０２４０３０３０１", "赵子涵", "女生", 42384, "三年级3班"],
                    [4, " 2021080301 ", "张浩然", "M", "2012年11月2日", "初二（3）班"],
                    [5, "2021080302", "Anna  Li", "female", "20121105", "初二3班"],
                ],
            ),
            (
                "教职工",
                [
                    ["教师名单"],
                    ["账号", "教师姓名", "性别", "任班主任班级", "是否评委"],
                    ["T001 ", "周老师", "女", "三年级（2）班", "否"],
                    [1002.0, "刘老师", "", "初二(3)班、三年级3班", "√"],
                ],
            ),
        ]
    )

    roster = read(content, school)

    assert roster.errors == []
    assert [
        (s.student_number, s.real_name, s.gender, s.birth_date, s.grade, s.class_number) for s in roster.students
    ] == [
        ("2024030201", "王小明", "M", dt.date(2016, 3, 7), 3, 2),
        ("2024030202", "李雨萱", "F", dt.date(2016, 9, 21), 3, 2),
        ("2024030301", "赵子涵", "F", dt.date(2016, 1, 15), 3, 3),
        ("2021080301", "张浩然", "M", dt.date(2012, 11, 2), 8, 3),
        ("2021080302", "Anna Li", "F", dt.date(2012, 11, 5), 8, 3),
    ]
    assert [s.row for s in roster.students] == [5, 7, 9, 10, 11]
    assert [(t.username, t.gender, t.head_classes, t.is_judge) for t in roster.teachers] == [
        ("T001", "F", [(3, 2)], False),
        ("1002", None, [(8, 3), (3, 3)], True),
    ]


@pytest.mark.django_db
def test_english_headers_and_a_separate_grade_column(school):
    content = build_xlsx(
        [
            (
                "Students",
                [
                    ["Student number", "Name", "Gender", "Date of birth", "Grade", "Class"],
                    ["S1", "Tom", "male", "2016-03-07", "三年级", "2班"],
                    ["S2", "Amy", "F", "2012-03-07", "初二", "(3)"],
                ],
            ),
            (
                "Teachers",
                [["Username", "Name", "Head teacher of", "Judge"], ["t1", "Ms Zhou", "Grade 3 Class 2", "yes"]],
            ),
        ]
    )

    roster = read(content, school)

    assert roster.errors == []
    assert [(s.student_number, s.grade, s.class_number) for s in roster.students] == [("S1", 3, 2), ("S2", 8, 3)]
    assert [(t.username, t.head_classes, t.is_judge) for t in roster.teachers] == [("t1", [(3, 2)], True)]


@pytest.mark.django_db
def test_a_teachers_sheet_with_a_class_column_is_still_the_teachers_sheet(school):
    content = build_xlsx([("老师", [["工号", "姓名", "班级"], ["T001", "周老师", "三年级2班"]])])

    roster = read(content, school)

    assert (roster.errors, [(t.username, t.head_classes) for t in roster.teachers]) == ([], [("T001", [])])


@pytest.mark.django_db
def test_a_file_with_only_students_is_fine(school):
    roster = read(roster_bytes(GOOD_STUDENTS), school)

    assert (roster.errors, len(roster.students), roster.teachers) == ([], 4, [])


# --- Bad files: one test per kind of problem, with the exact message ----------------------------


@pytest.mark.django_db
def test_not_an_xlsx_file(school):
    assert error_lines(read(b"name,class\n", school)) == ["文件不是 .xlsx 格式的 Excel 工作簿。"]


@pytest.mark.django_db
def test_old_xls_file_is_told_to_be_saved_as_xlsx(school):
    old_excel = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512

    assert error_lines(read(old_excel, school)) == [
        "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后重新上传。"
    ]


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook(school):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")

    assert error_lines(read(buffer.getvalue(), school)) == ["文件已损坏，无法作为 .xlsx 工作簿读取。"]


@pytest.mark.django_db
def test_truncated_xlsx(school, good_roster):
    assert error_lines(read(good_roster[: len(good_roster) // 2], school)) == [
        "文件已损坏，无法作为 .xlsx 工作簿读取。"
    ]


@pytest.mark.django_db
def test_empty_workbook(school):
    assert error_lines(read(build_xlsx([("Sheet1", [])]), school)) == ["工作簿是空的。"]


@pytest.mark.django_db
def test_no_recognisable_header(school):
    content = build_xlsx([("Sheet1", [["名单"], ["王小明", "三年级2班"], ["李雨萱", "三年级2班"]])])

    assert error_lines(read(content, school)) == [
        "没有找到花名册的表头。学生表需要“学号、姓名、性别、出生日期、班级”这几列，教师表需要“工号、姓名”两列。请下载模板查看格式。"
    ]


@pytest.mark.django_db
def test_header_without_rows(school):
    assert error_lines(read(roster_bytes([]), school)) == ["花名册只有表头，没有人员数据。"]


@pytest.mark.django_db
def test_missing_required_column(school):
    content = roster_bytes(
        [(1, "2024030201", "王小明", "男", "三年级2班")], student_header=("序号", "学号", "姓名", "性别", "班级")
    )

    assert error_lines(read(content, school)) == ["工作表“学生” 第1行：缺少必填列“出生日期”。"]


@pytest.mark.django_db
def test_duplicate_student_number_names_the_other_row(school):
    students = [*GOOD_STUDENTS, (5, "2024030202", "李雨涵", "女", "2016-05-01", "三年级2班")]

    roster = read(roster_bytes(students), school)

    assert error_lines(roster) == ["工作表“学生” 第6行 学号：“2024030202”与工作表“学生”第3行重复。"]


@pytest.mark.django_db
def test_student_number_of_another_schools_student(school, other_school):
    StudentFactory(school_class__grade__school=other_school, student_number="2024030202")

    assert error_lines(read(roster_bytes(GOOD_STUDENTS), school)) == [
        "工作表“学生” 第3行 学号：“2024030202”已被其他学校的人员使用。"
    ]


@pytest.mark.django_db
def test_student_number_that_is_already_someone_elses_login(school):
    TeacherFactory(school=school, username="2024030202")

    assert error_lines(read(roster_bytes(GOOD_STUDENTS), school)) == [
        "工作表“学生” 第3行 学号：“2024030202”已是另一个账号的登录名。"
    ]


@pytest.mark.django_db
def test_missing_name(school):
    students = [(1, "2024030201", "  ", "男", "2016-03-07", "三年级2班")]

    assert error_lines(read(roster_bytes(students), school)) == ["工作表“学生” 第2行 姓名：姓名为空。"]


@pytest.mark.django_db
def test_unknown_class(school):
    students = [(1, "2024030201", "王小明", "男", "2016-03-07", "三2班")]

    assert error_lines(read(roster_bytes(students), school)) == [
        "工作表“学生” 第2行 班级：“三2班”不是有效的班级，请按“三年级2班”或“初二(3)班”的格式填写。"
    ]


def test_grade_of_a_section_the_school_does_not_have(primary_school):
    students = [(1, "2024030201", "王小明", "男", "2010-03-07", "高一（1）班")]

    assert error_lines(read(roster_bytes(students), primary_school)) == [
        "工作表“学生” 第2行 班级：高一(1)班 不属于本校的学段（小学）。"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2015-02-30", "“2015-02-30”不是有效日期。"),
        ("2015/13/01", "“2015/13/01”不是有效日期。"),
        ("下个月", "“下个月”不是日期，请按 2015-03-07 的格式填写。"),
        ("1915-03-07", "“1915-03-07”不像学生的出生日期，请核对年份。"),
        ("2030-01-01", "“2030-01-01”不像学生的出生日期，请核对年份。"),
        ("", "出生日期为空。"),
    ],
)
@pytest.mark.django_db
def test_impossible_or_implausible_birth_date(school, value, message):
    students = [(1, "2024030201", "王小明", "男", "2016-03-07", "三年级2班")] * 11 + [
        (12, "2024030212", "李雨萱", "女", value, "三年级2班")
    ]
    students = [(i, f"20240302{i:02d}", *row[2:]) for i, row in enumerate(students, start=1)]

    assert error_lines(read(roster_bytes(students), school)) == [f"工作表“学生” 第13行 出生日期：{message}"]


@pytest.mark.django_db
def test_bad_gender(school):
    students = [(1, "2024030201", "王小明", "男孩子", "2016-03-07", "三年级2班")]

    assert error_lines(read(roster_bytes(students), school)) == [
        "工作表“学生” 第2行 性别：“男孩子”不是有效的性别，请填写“男”或“女”。"
    ]


@pytest.mark.django_db
def test_two_teachers_heading_the_same_class(school):
    teachers = [*GOOD_TEACHERS, ("T004", "吴老师", "女", "三年级（2）班", "否")]

    assert error_lines(read(roster_bytes(GOOD_STUDENTS, teachers), school)) == [
        "工作表“教师” 第5行 班主任班级：三年级2班 已在工作表“教师”第2行指定了班主任。"
    ]


@pytest.mark.django_db
def test_duplicate_teacher_username(school):
    teachers = [*GOOD_TEACHERS, ("T002", "吴老师", "女", "", "否")]

    assert error_lines(read(roster_bytes(GOOD_STUDENTS, teachers), school)) == [
        "工作表“教师” 第5行 工号：“T002”与工作表“教师”第3行重复。"
    ]


@pytest.mark.django_db
def test_teacher_username_of_another_school(school, other_school):
    TeacherFactory(school=other_school, username="T003")

    assert error_lines(read(roster_bytes(GOOD_STUDENTS, GOOD_TEACHERS), school)) == [
        "工作表“教师” 第4行 工号：“T003”已被其他学校的人员使用。"
    ]


@pytest.mark.django_db
def test_every_problem_is_reported_at_once_in_file_order(school):
    students = [
        (1, "2024030201", "", "男", "2016-03-07", "三年级2班"),
        (2, "2024030202", "李雨萱", "女", "2016-02-30", "三年级2班"),
        (3, "2024030201", "赵子涵", "x", "2016-01-15", "四年级"),
    ]
    school_without_senior = SchoolFactory(slug="nosenior", sections=["primary", "junior"])
    students.append((4, "2024030204", "张浩然", "男", "2009-11-02", "高一1班"))

    assert error_lines(read(roster_bytes(students), school_without_senior)) == [
        "工作表“学生” 第2行 姓名：姓名为空。",
        "工作表“学生” 第3行 出生日期：“2016-02-30”不是有效日期。",
        "工作表“学生” 第4行 学号：“2024030201”与工作表“学生”第2行重复。",
        "工作表“学生” 第4行 性别：“x”不是有效的性别，请填写“男”或“女”。",
        "工作表“学生” 第4行 班级：“四年级”不是有效的班级，请按“三年级2班”或“初二(3)班”的格式填写。",
        "工作表“学生” 第5行 班级：高一(1)班 不属于本校的学段（小学、初中）。",
    ]
