"""Roster workbooks built with openpyxl, as schools make them, for the roster tests."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

STUDENT_HEADER = ("序号", "学号", "姓名", "性别", "出生日期", "班级")
TEACHER_HEADER = ("工号", "姓名", "性别", "班主任班级", "评委")

GOOD_STUDENTS = [
    (1, "2024030201", "王小明", "男", "2016-03-07", "三年级2班"),
    (2, "2024030202", "李雨萱", "女", "2016-09-21", "三年级2班"),
    (3, "2024030301", "赵子涵", "女", "2016-01-15", "三年级3班"),
    (4, "2021080301", "张浩然", "男", "2012-11-02", "初二(3)班"),
]
GOOD_TEACHERS = [
    ("T001", "周老师", "女", "三年级2班", "否"),
    ("T002", "刘老师", "男", "初二(3)班", "是"),
    ("T003", "孙老师", "女", "", "是"),
]


def build_xlsx(sheets: Sequence[tuple[str, Sequence[Sequence[object]]]]) -> bytes:
    """A workbook with the given sheets, each a list of rows written from A1 (None leaves a cell empty)."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    cell = ws.cell(row=row_number, column=column, value=value)
                    if isinstance(value, str):  # typed text, even "=…" (typed in Excel after an apostrophe)
                        cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def roster_bytes(
    students: Sequence[Sequence[object]] | None = None,
    teachers: Sequence[Sequence[object]] | None = None,
    *,
    student_header: Sequence[object] = STUDENT_HEADER,
    teacher_header: Sequence[object] = TEACHER_HEADER,
) -> bytes:
    """The usual layout: a 学生 sheet and a 教师 sheet, header in row 1, data from row 2."""
    sheets = []
    if students is not None:
        sheets.append(("学生", [student_header, *students]))
    if teachers is not None:
        sheets.append(("教师", [teacher_header, *teachers]))
    return build_xlsx(sheets)
