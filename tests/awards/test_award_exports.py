"""The award spreadsheets of SPEC §5: 获奖名单, 集体奖 with the 辅导员奖 / 优秀组织奖 lists, 评分明细, 参赛作品汇总 and
推荐名单. Built through ``export_services.export_build`` from a festival judged through the real services
(``tests.factories.awards.build_award_festival`` tells its scores and awards), read back with openpyxl cell by
cell."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from awards import services as award_services
from awards.models import CollectiveAward, Result
from competitions.models import Competition
from core.exporters import EXPORTERS
from exports import services as export_services
from exports.models import Export
from judging.models import Score
from schools.models import User
from submissions.models import Entry
from tests.factories.awards import build_award_festival, publish_locked
from tests.factories.competitions import NOW, FestivalFactory, close_judging
from tests.html import page, text

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db

ORGANIZER_ONLY = ["award_list", "collective_awards", "score_details", "recommended_list"]
AWARD_HEADER = ["序号", "作品编号", "作品题目", "作者", "班级", "年级", "指导教师", "得分", "名次", "奖项"]


def build(kind: str, by: User, festival) -> tuple[Export, object]:
    export = export_services.export_request(kind=kind, by=by, festival=festival)
    export_services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert (export.state, export.error, export.progress) == ("done", "", 100)
    with export.file.open("rb") as fh:
        return export, load_workbook(io.BytesIO(fh.read()))


def rows(sheet, first: int = 3) -> list[tuple]:
    return list(sheet.iter_rows(min_row=first, values_only=True))


def header(sheet) -> list:
    return [cell.value for cell in sheet[2]]


# --- 获奖名单 ---------------------------------------------------------------------------------------


def test_award_list_has_a_sheet_per_competition_in_the_festivals_order(award_festival, organizer):
    export, workbook = build("award_list", organizer, award_festival.festival)

    assert export.file_name == f"获奖名单_第二届科技节_{dt.date.today():%Y-%m-%d}.xlsx"
    assert workbook.sheetnames == ["科技小论文", "科技创新制作", "手抛飞机"]
    assert workbook["科技创新制作"]["A1"].value == "第二届科技节 科技创新制作 获奖名单（尚未公布）"
    assert header(workbook["科技创新制作"]) == AWARD_HEADER


def test_each_sheet_title_says_how_far_its_results_are(award_festival, organizer, festival):
    invention, plane = award_festival.invention, award_festival.plane
    award_services.results_publish(competitions=[plane], by=organizer, now=NOW)  # its 公示 long over
    award_services.results_publish(competitions=[invention], by=organizer)

    _export, workbook = build("award_list", organizer, festival)
    _export, recommended = build("recommended_list", organizer, festival)

    ends = timezone.localdate(Competition.objects.get(pk=invention.pk).notice_ends_at, SHANGHAI)
    assert [workbook[name]["A1"].value for name in workbook.sheetnames] == [
        "第二届科技节 科技小论文 获奖名单（成绩尚未锁定）",
        f"第二届科技节 科技创新制作 获奖名单（公示至 {ends:%Y-%m-%d}）",
        "第二届科技节 手抛飞机 获奖名单",
    ]
    assert recommended["手抛飞机"]["A1"].value == "第二届科技节 手抛飞机 推荐参加上级比赛名单"


def test_award_list_groups_by_grade_under_headings_then_by_award_rank_and_code(award_festival, organizer):
    _export, workbook = build("award_list", organizer, award_festival.festival)
    sheet = workbook["科技创新制作"]

    assert rows(sheet) == [
        ("三年级", None, None, None, None, None, None, None, None, None),
        (1, "2026-HH-0004", "自动浇花器", "王小明、李雨萱", "三年级2班", "三年级", "赵辅导", 92, 1, "一等奖"),
        (2, "2026-HH-0002", "雨水收集器", "刘思源", "三年级2班", "三年级", None, 85.5, 2, "二等奖"),
        (3, "2026-HH-0005", "太阳能小车", "张浩宇", "三年级2班", "三年级", None, 85.5, 2, "二等奖"),
        (4, "2026-HH-0003", "风力报警器", "陈一鸣", "三年级2班", "三年级", "钱老师", 80.17, 4, "三等奖"),
        (5, "2026-HH-0006", "磁悬浮笔筒", "赵子涵", "三年级2班", "三年级", None, 70, 5, "优秀奖"),
        ("四年级", None, None, None, None, None, None, None, None, None),
        (6, "2026-HH-0008", "智能台灯", "吴桐", "四年级1班", "四年级", "赵辅导", 88, 1, "一等奖"),
        (7, "2026-HH-0007", "简易净水器", "周杰", "四年级1班", "四年级", None, 75, 2, "二等奖"),
    ]
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == ["A3:J3", "A9:J9"]
    assert (sheet["A3"].font.b, sheet["A9"].font.b, sheet["A4"].font.b) == (True, True, False)


def test_award_list_tie_across_a_boundary_shares_the_higher_award(award_festival, organizer):
    _export, workbook = build("award_list", organizer, award_festival.festival)

    grade3 = [
        (code, score, rank, award)
        for _n, code, _t, _a, _c, grade, _adv, score, rank, award in rows(workbook["科技创新制作"], first=4)[:5]
    ]

    # 二等奖 has one place; HH-0002 and HH-0005 tie for it and both get it, so one 三等奖 of two is left.
    assert grade3 == [
        ("2026-HH-0004", 92, 1, "一等奖"),
        ("2026-HH-0002", 85.5, 2, "二等奖"),
        ("2026-HH-0005", 85.5, 2, "二等奖"),
        ("2026-HH-0003", 80.17, 4, "三等奖"),
        ("2026-HH-0006", 70, 5, "优秀奖"),
    ]
    assert Result.objects.get(entry=award_festival.entries["纸桥"]).level == ""  # not awarded: not listed


def test_award_list_scores_show_two_decimals(award_festival, organizer):
    _export, workbook = build("award_list", organizer, award_festival.festival)
    sheet = workbook["科技创新制作"]

    assert [(sheet[f"H{row}"].value, sheet[f"H{row}"].number_format) for row in (4, 7)] == [
        (92, "0.00"),
        (80.17, "0.00"),
    ]


def test_award_list_of_a_measured_contest_gives_the_best_attempt_with_its_unit(award_festival, organizer):
    _export, workbook = build("award_list", organizer, award_festival.festival)
    sheet = workbook["手抛飞机"]

    assert sheet["A1"].value == "第二届科技节 手抛飞机 获奖名单（尚未公布）"
    assert header(sheet)[7] == "得分（米）"
    # The whole competition is one group: no heading row.
    assert rows(sheet) == [
        (1, "2026-FJ-0001", "纸飞机一号", "张浩宇", "三年级2班", "三年级", None, 15.25, 1, "一等奖"),
        (2, "2026-FJ-0002", "蓝鹰", "吴桐", "四年级1班", "四年级", None, 11.8, 2, "二等奖"),
    ]


def test_a_competition_without_results_has_an_empty_sheet_with_its_title_and_header(award_festival, organizer):
    _export, workbook = build("award_list", organizer, award_festival.festival)
    sheet = workbook["科技小论文"]

    assert sheet["A1"].value == "第二届科技节 科技小论文 获奖名单（成绩尚未锁定）"
    assert header(sheet) == AWARD_HEADER
    assert rows(sheet) == []


def test_award_list_prints_on_a4_landscape_with_the_header_on_every_page(award_festival, organizer):
    _export, workbook = build("award_list", organizer, award_festival.festival)
    sheet = workbook["科技创新制作"]

    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.freeze_panes == "A3"
    assert (sheet["A1"].font.b, sheet["A2"].font.b) == (True, True)
    assert sheet.column_dimensions["A"].width == 6


def test_award_list_is_in_english_when_asked_in_english(award_festival, organizer):
    with translation.override("en"):
        export, workbook = build("award_list", organizer, award_festival.festival)
    sheet = workbook["科技创新制作"]

    assert export.file_name.startswith("Award list_第二届科技节_")
    assert sheet["A1"].value == "第二届科技节 科技创新制作 award list (not published yet)"
    assert header(sheet) == [
        "No.",
        "Entry code",
        "Entry title",
        "Authors",
        "Class",
        "Grade",
        "Advisor teacher",
        "Score",
        "Rank",
        "Award",
    ]
    assert rows(sheet)[:2] == [
        ("Grade 3", None, None, None, None, None, None, None, None, None),
        (
            1,
            "2026-HH-0004",
            "自动浇花器",
            "王小明、李雨萱",
            "Grade 3 Class 2",
            "Grade 3",
            "赵辅导",
            92,
            1,
            "First prize",
        ),
    ]


def test_award_list_reads_no_model_instance_per_row(award_festival, organizer, monkeypatch):
    """Flat memory at district scale: the rows stream as tuples, never as Result, Entry or User objects."""

    def refuse(*args, **kwargs):
        raise AssertionError("a model instance per row")

    for model in (Result, Entry, User):
        monkeypatch.setattr(model, "from_db", classmethod(refuse))
    exporter = EXPORTERS["award_list"](
        school=award_festival.festival.school, festival=award_festival.festival, user=organizer
    )

    exporter.write(io.BytesIO(), lambda progress: None)


# --- 推荐名单 ---------------------------------------------------------------------------------------


def test_recommended_list_has_the_recommended_entries_of_each_competition_best_first(award_festival, organizer):
    export, workbook = build("recommended_list", organizer, award_festival.festival)

    assert export.file_name.startswith("推荐名单_第二届科技节_")
    assert workbook.sheetnames == ["科技小论文", "科技创新制作", "手抛飞机"]
    sheet = workbook["科技创新制作"]
    assert sheet["A1"].value == "第二届科技节 科技创新制作 推荐参加上级比赛名单（尚未公布）"
    assert header(sheet) == ["序号", "作品编号", "作品题目", "作者", "班级", "指导教师", "得分", "奖项"]
    # The best two over both grades.
    assert rows(sheet) == [
        (1, "2026-HH-0004", "自动浇花器", "王小明、李雨萱", "三年级2班", "赵辅导", 92, "一等奖"),
        (2, "2026-HH-0008", "智能台灯", "吴桐", "四年级1班", "赵辅导", 88, "一等奖"),
    ]
    assert sheet["G3"].number_format == "0.00"
    assert header(workbook["手抛飞机"])[6] == "得分（米）"
    assert rows(workbook["手抛飞机"]) == [
        (1, "2026-FJ-0001", "纸飞机一号", "张浩宇", "三年级2班", None, 15.25, "一等奖")
    ]
    assert rows(workbook["科技小论文"]) == []


def test_recommended_list_of_a_race_puts_the_shortest_time_first(award_festival, organizer):
    award_services.results_unlock(competition=award_festival.plane, by=organizer, reason="按用时计分")
    Competition.objects.filter(pk=award_festival.plane.pk).update(better="lower", unit="秒", recommend_count=2)
    award_festival.plane.refresh_from_db()
    award_services.results_compute(competition=award_festival.plane, by=organizer)
    award_services.results_lock(competition=award_festival.plane, by=organizer)

    _export, workbook = build("recommended_list", organizer, award_festival.festival)

    assert header(workbook["手抛飞机"])[6] == "得分（秒）"
    assert [(r[1], r[6], r[7]) for r in rows(workbook["手抛飞机"])] == [
        ("2026-FJ-0002", 11.8, "一等奖"),
        ("2026-FJ-0001", 15.25, "二等奖"),
    ]


def test_award_list_of_a_competition_awarded_per_section_has_one_heading_per_section(award_festival, organizer):
    award_services.results_unlock(competition=award_festival.invention, by=organizer, reason="改为按学段评奖")
    Competition.objects.filter(pk=award_festival.invention.pk).update(award_grouping="section")
    award_festival.invention.refresh_from_db()
    award_services.results_compute(competition=award_festival.invention, by=organizer)
    award_services.results_lock(competition=award_festival.invention, by=organizer)

    _export, workbook = build("award_list", organizer, award_festival.festival)

    # Both grades are 小学: one group, one heading; the 年级 column tells the grades apart.
    assert [(r[0], r[1], r[5], r[8], r[9]) for r in rows(workbook["科技创新制作"])] == [
        ("小学", None, None, None, None),
        (1, "2026-HH-0004", "三年级", 1, "一等奖"),
        (2, "2026-HH-0008", "四年级", 2, "二等奖"),
        (3, "2026-HH-0002", "三年级", 3, "三等奖"),
        (4, "2026-HH-0005", "三年级", 3, "三等奖"),
        (5, "2026-HH-0003", "三年级", 5, "优秀奖"),
    ]


# --- 集体奖, 科技辅导员奖, 优秀组织奖 ------------------------------------------------------------------


def test_collective_awards_rank_the_classes_of_each_section(final_award_festival, organizer):
    export, workbook = build("collective_awards", organizer, final_award_festival.festival)

    assert export.file_name.startswith("集体奖、辅导员奖和优秀组织奖_第二届科技节_")
    assert workbook.sheetnames == ["小学集体奖", "初中集体奖", "高中集体奖", "科技辅导员奖", "优秀组织奖"]
    sheet = workbook["小学集体奖"]
    assert sheet["A1"].value == "第二届科技节 小学集体奖"
    assert header(sheet) == ["名次", "班级", "班主任", "参赛作品数", "获奖作品数", "积分", "集体奖"]
    # 三年级2班: 5 + 3 + 3 + 2 + 1 (科技创新制作) + 5 (手抛飞机) award points, 8 entries taking part.
    assert rows(sheet) == [
        (1, "三年级2班", "周老师", 8, 6, 27, "一等奖"),
        (2, "四年级1班", "吴老师", 3, 3, 14, "二等奖"),
    ]
    assert (workbook["初中集体奖"]["A1"].value, rows(workbook["初中集体奖"])) == ("第二届科技节 初中集体奖", [])


def test_advisor_and_organization_award_lists_show_who_is_confirmed(final_award_festival, organizer):
    _export, workbook = build("collective_awards", organizer, final_award_festival.festival)

    advisors, classes = workbook["科技辅导员奖"], workbook["优秀组织奖"]
    assert advisors["A1"].value == "第二届科技节 科技辅导员奖名单"
    assert header(advisors) == ["序号", "指导教师", "获奖作品数", "奖项", "已确认"]
    assert rows(advisors) == [(1, "赵辅导", 2, "一等奖 2", "是"), (2, "钱老师", 1, "三等奖 1", "否")]
    assert classes["A1"].value == "第二届科技节 优秀组织奖名单"
    assert header(classes) == ["序号", "班级", "班主任", "参赛作品数", "积分", "已确认"]
    assert rows(classes) == [(1, "三年级2班", "周老师", 8, 27, "是"), (2, "四年级1班", "吴老师", 3, 14, "否")]


def test_collective_awards_not_confirmed_yet_say_so(festival, organizer):
    _export, workbook = build("collective_awards", organizer, festival)

    assert workbook["小学集体奖"]["A1"].value == "第二届科技节 小学集体奖（尚未确认）"
    assert [rows(workbook[name]) for name in workbook.sheetnames] == [[], [], [], [], []]


def test_collective_awards_say_so_while_one_is_left_to_confirm(final_award_festival, organizer):
    CollectiveAward.objects.filter(school_class=final_award_festival.grade4).update(confirmed=False)

    _export, workbook = build("collective_awards", organizer, final_award_festival.festival)

    assert workbook["小学集体奖"]["A1"].value == "第二届科技节 小学集体奖（尚未确认）"


# --- 评分明细 ---------------------------------------------------------------------------------------


def test_score_details_give_every_judges_points_per_criterion(award_festival, organizer):
    export, workbook = build("score_details", organizer, award_festival.festival)
    sheet = workbook["科技创新制作"]

    assert export.file_name.startswith("评分明细_第二届科技节_")
    assert workbook.sheetnames == ["科技小论文", "科技创新制作", "手抛飞机"]
    assert sheet["A1"].value == "第二届科技节 科技创新制作 评分明细"
    assert header(sheet) == [
        "作品编号",
        "作品题目",
        "评委",
        "科技含量(30)",
        "创新性(30)",
        "实用性(20)",
        "美观性(20)",
        "总分",
        "状态",
        "评语",
        "作品得分",
    ]
    by_entry = [r for r in rows(sheet) if r[0] in ("2026-HH-0003", "2026-HH-0004")]
    assert by_entry == [
        ("2026-HH-0003", "风力报警器", "评委1", 30, 30, 19.5, 0, 79.5, "已提交", None, 80.17),
        ("2026-HH-0003", "风力报警器", "评委2", 30, 30, 20, 0, 80, "已提交", None, 80.17),
        ("2026-HH-0003", "风力报警器", "评委3", 30, 30, 20, 1, 81, "已提交", None, 80.17),
        ("2026-HH-0004", "自动浇花器", "评委1", 30, 30, 20, 12, 92, "已提交", "构思巧妙，做工精细", 92),
        ("2026-HH-0004", "自动浇花器", "评委2", 30, 30, 20, 12, 92, "已提交", "构思巧妙，做工精细", 92),
        ("2026-HH-0004", "自动浇花器", "评委3", 30, 30, 20, 12, 92, "已提交", "构思巧妙，做工精细", 92),
    ]
    assert len(rows(sheet)) == Score.objects.filter(entry__competition=award_festival.invention).count() == 24
    assert (sheet["F3"].number_format, sheet["H3"].number_format, sheet["K3"].number_format) == ("0.0", "0.00", "0.00")
    assert sheet.page_setup.orientation == "landscape"


def test_score_details_show_drafts_and_the_attempts_of_measured_contests(award_festival, organizer):
    _export, workbook = build("score_details", organizer, award_festival.festival)
    essay, plane = workbook["科技小论文"], workbook["手抛飞机"]

    assert header(essay)[3:6] == ["内容(40)", "科学性(30)", "文字表达(30)"]
    assert rows(essay) == [("2026-LW-0001", "月亮为什么跟着我走", "评委1", 25, None, None, 25, "草稿", "待复核", None)]
    assert header(plane) == [
        "作品编号",
        "作品题目",
        "评委",
        "第 1 次（米）",
        "第 2 次（米）",
        "第 3 次（米）",
        "最好成绩（米）",
        "状态",
        "评语",
        "作品得分",
    ]
    assert rows(plane) == [
        ("2026-FJ-0001", "纸飞机一号", "评委1", 12.5, 15.25, None, 15.25, "已提交", None, 15.25),
        ("2026-FJ-0002", "蓝鹰", "评委1", 10, 11.8, 9, 11.8, "已提交", None, 11.8),
    ]


# --- 参赛作品汇总 -----------------------------------------------------------------------------------

ROSTER_HEADER = [
    "序号",
    "作品编号",
    "作品题目",
    "比赛项目",
    "作者",
    "班级",
    "指导教师",
    "状态",
    "已交实物",
    "接收人",
    "接收时间",
]


def test_entry_roster_lists_every_class_with_its_entries_their_state_and_hand_in(award_festival, organizer):
    export, workbook = build("entry_roster", organizer, award_festival.festival)
    sheet = workbook["三年级2班"]

    assert export.file_name.startswith("参赛作品汇总_第二届科技节_")
    assert workbook.sheetnames == ["三年级2班", "四年级1班"]
    assert sheet["A1"].value == "第二届科技节 三年级2班 参赛作品汇总"
    assert header(sheet) == ROSTER_HEADER
    received = NOW.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
    # By competition (科技小论文 first, as the festival orders them), then code; the draft essay is not entered.
    # An essay or a flight is not handed in: no 是 / 否.
    assert rows(sheet) == [
        (
            1,
            "2026-LW-0001",
            "月亮为什么跟着我走",
            "科技小论文",
            "王小明",
            "三年级2班",
            None,
            "评审中",
            None,
            None,
            None,
        ),
        (2, "2026-HH-0001", "纸桥", "科技创新制作", "孙悦", "三年级2班", None, "未获奖", "否", None, None),
        (3, "2026-HH-0002", "雨水收集器", "科技创新制作", "刘思源", "三年级2班", None, "已获奖", "否", None, None),
        (4, "2026-HH-0003", "风力报警器", "科技创新制作", "陈一鸣", "三年级2班", "钱老师", "已获奖", "否", None, None),
        (
            5,
            "2026-HH-0004",
            "自动浇花器",
            "科技创新制作",
            "王小明、李雨萱",
            "三年级2班",
            "赵辅导",
            "已获奖",
            "是",
            "周老师",
            received,
        ),
        (6, "2026-HH-0005", "太阳能小车", "科技创新制作", "张浩宇", "三年级2班", None, "已获奖", "否", None, None),
        (7, "2026-HH-0006", "磁悬浮笔筒", "科技创新制作", "赵子涵", "三年级2班", None, "已获奖", "否", None, None),
        (8, "2026-FJ-0001", "纸飞机一号", "手抛飞机", "张浩宇", "三年级2班", None, "已获奖", None, None, None),
    ]
    assert sheet["K7"].number_format == "yyyy-mm-dd hh:mm"
    assert [r[1] for r in rows(workbook["四年级1班"])] == ["2026-HH-0007", "2026-HH-0008", "2026-FJ-0002"]


def test_teacher_gets_only_the_classes_they_head_and_no_award_before_publication(award_festival, head_teacher):
    _export, workbook = build("entry_roster", head_teacher, award_festival.festival)

    assert workbook.sheetnames == ["三年级2班"]
    # Awarded or not is part of the result: until publication the entries are still in judging for teachers.
    assert [(r[1], r[7]) for r in rows(workbook["三年级2班"])][:3] == [
        ("2026-LW-0001", "评审中"),
        ("2026-HH-0001", "评审中"),
        ("2026-HH-0002", "评审中"),
    ]


def test_teacher_sees_the_awards_in_the_roster_once_published(award_festival, head_teacher, organizer):
    # The essay's one entry in judging has only a draft score: once its judging has closed, computed and locked it
    # has no award.
    close_judging(award_festival.essay)
    award_services.results_compute(competition=award_festival.essay, by=organizer)
    award_services.results_lock(competition=award_festival.essay, by=organizer)
    publish_locked(festival=award_festival.festival, by=organizer, now=NOW)

    _export, workbook = build("entry_roster", head_teacher, award_festival.festival)

    assert [(r[1], r[7]) for r in rows(workbook["三年级2班"])][:3] == [
        ("2026-LW-0001", "未获奖"),
        ("2026-HH-0001", "未获奖"),
        ("2026-HH-0002", "已获奖"),
    ]


def test_the_roster_keeps_the_awards_of_a_competition_not_published_yet_from_the_teacher(
    award_festival, head_teacher, organizer
):
    close_judging(award_festival.essay)
    award_services.results_compute(competition=award_festival.essay, by=organizer)
    award_services.results_lock(competition=award_festival.essay, by=organizer)
    award_services.results_publish(competitions=[award_festival.invention], by=organizer, now=NOW)

    _export, workbook = build("entry_roster", head_teacher, award_festival.festival)

    # The essay is locked (no award in the database) but not published: still in judging for the teacher.
    assert [(r[1], r[7]) for r in rows(workbook["三年级2班"])][:3] == [
        ("2026-LW-0001", "评审中"),
        ("2026-HH-0001", "未获奖"),
        ("2026-HH-0002", "已获奖"),
    ]


def test_the_roster_hides_the_awards_again_when_their_publication_is_withdrawn(award_festival, head_teacher, organizer):
    publication = publish_locked(festival=award_festival.festival, by=organizer)
    award_services.publication_withdraw(publication=publication, by=organizer, reason="分组有误")

    _export, workbook = build("entry_roster", head_teacher, award_festival.festival)

    assert [(r[1], r[7]) for r in rows(workbook["三年级2班"])][1:3] == [
        ("2026-HH-0001", "评审中"),
        ("2026-HH-0002", "评审中"),
    ]


def test_teacher_heading_a_class_without_entries_gets_its_empty_sheet(award_festival, other_teacher):
    _export, workbook = build("entry_roster", other_teacher, award_festival.festival)

    assert workbook.sheetnames == ["三年级5班"]
    assert (workbook["三年级5班"]["A1"].value, rows(workbook["三年级5班"])) == (
        "第二届科技节 三年级5班 参赛作品汇总",
        [],
    )


# --- Who may ask ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ORGANIZER_ONLY)
@pytest.mark.parametrize("who", ["student", "head_teacher"])
def test_students_and_teachers_are_refused_the_organizers_exports(festival, kind, who, request):
    user = request.getfixturevalue(who)

    with pytest.raises(ValidationError) as excinfo:
        export_services.export_request(kind=kind, by=user, festival=festival)

    assert excinfo.value.messages == ["你无权进行这项导出。"]
    assert Export.objects.count() == 0


@pytest.mark.parametrize("kind", ORGANIZER_ONLY)
def test_teacher_asking_the_page_for_an_organizers_export_gets_400_and_the_reason(client, festival, head_teacher, kind):
    client.force_login(head_teacher)

    response = client.post("/exports/", {"kind": kind, "festival": festival.pk})

    assert response.status_code == 400
    assert response.context["form"].errors["kind"] == ["你无权进行这项导出。"]
    assert "你无权进行这项导出。" in text(page(response, status=400))
    assert Export.objects.count() == 0


def test_student_may_not_open_the_exports_page(client, festival, student):
    client.force_login(student)

    assert client.post("/exports/", {"kind": "award_list", "festival": festival.pk}).status_code == 403
    assert Export.objects.count() == 0


def test_teacher_may_ask_the_page_for_the_entry_roster(
    client, festival, head_teacher, django_capture_on_commit_callbacks
):
    client.force_login(head_teacher)

    response = client.post("/exports/", {"kind": "entry_roster", "festival": festival.pk})

    export = Export.objects.get()
    assert response["Location"] == "/exports/"
    assert (export.kind, export.festival, export.requested_by) == ("entry_roster", festival, head_teacher)


def test_exports_page_offers_organizers_every_festival_export_and_teachers_the_roster(
    client, festival, organizer, head_teacher
):
    def festival_buttons(user) -> list[tuple[str, str]]:
        client.force_login(user)
        doc = page(client.get("/exports/"))
        return [(b["value"], text(b)) for b in doc.select("[data-testid=festival-exports] button")]

    ours = {"award_list", "collective_awards", "score_details", "entry_roster", "recommended_list"}

    assert [b for b in festival_buttons(organizer) if b[0] in ours] == [
        ("award_list", "获奖名单"),
        ("collective_awards", "集体奖、辅导员奖和优秀组织奖"),
        ("score_details", "评分明细"),
        ("entry_roster", "参赛作品汇总"),
        ("recommended_list", "推荐名单"),
    ]
    assert festival_buttons(head_teacher) == [("entry_roster", "参赛作品汇总")]


# --- District scale ------------------------------------------------------------------------------------

# Queries of each exporter whatever the festival's size: the count (progress bar), the competitions or classes,
# the authors, the rows (one ordered, streamed query), and for the collective awards its five small reads.
QUERIES = {
    "award_list": 4,
    "recommended_list": 4,
    "collective_awards": 5,
    "score_details": 4,
    "entry_roster": 4,
}


@pytest.mark.parametrize("extra", [0, 5])
def test_exports_need_the_same_queries_whatever_the_size(
    festival, school_class, head_teacher, organizer, student, extra
):
    built = build_award_festival(
        festival=festival,
        school_class=school_class,
        head_teacher=head_teacher,
        organizer=organizer,
        student=student,
        extra=extra,
        final=True,
    )
    counts, written = {}, {}
    for kind in QUERIES:
        exporter = EXPORTERS[kind](school=festival.school, festival=built.festival, user=organizer)
        with CaptureQueriesContext(connection) as queries:
            exporter.write(io.BytesIO(), lambda progress: None)
        counts[kind] = len(queries)
        written[kind] = exporter.total_rows()

    assert counts == QUERIES
    assert written["award_list"] == {0: 9, 5: 15}[extra]  # the rows grew, the queries did not


def test_exports_page_offers_the_latest_festival_with_results_first(client, award_festival, organizer, school):
    newer = FestivalFactory(school=school, year=2027, name="第三届科技节", slug="2027", theme="", phases=False)
    client.force_login(organizer)

    doc = page(client.get("/exports/"))

    options = [(o["value"], "selected" in o.attrs) for o in doc.select("#id_festival option")]
    assert options == [(str(newer.pk), False), (str(award_festival.festival.pk), True)]


def test_exports_page_says_where_each_competitions_results_stand(client, award_festival, organizer, head_teacher):
    award_services.results_publish(competitions=[award_festival.plane], by=organizer, now=NOW)
    client.force_login(organizer)

    doc = page(client.get("/exports/"))

    assert [text(s) for s in doc.select("#results-stages .results-stage")] == [
        "科技小论文 评审中",
        "科技创新制作 成绩已锁定",
        "手抛飞机 结果生效",
    ]
    client.force_login(head_teacher)
    assert page(client.get("/exports/")).select_one("#results-stages") is None
