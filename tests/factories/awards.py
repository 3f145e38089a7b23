"""Factories of the awards app (results, publications, objections, collective and special awards, as rows) and
``build_award_festival``: a judged festival with known scores, built through the real services, for the award
spreadsheets, the certificates and the exports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import factory
from django.utils import timezone

from awards import services as award_services
from awards.models import CollectiveAward, Objection, Publication, Result, SpecialAward
from competitions.models import Competition, Festival, ScoringMode
from judging import services as judging_services
from judging.models import Assignment
from schools.models import SchoolClass, User
from submissions import services as entry_services
from submissions.models import Entry
from tests.factories.competitions import (
    NOW,
    AwardTierFactory,
    CompetitionFactory,
    FestivalFactory,
    add_rubric,
    open_judging,
)
from tests.factories.schools import JudgeFactory, OrganizerFactory, SchoolClassFactory, StudentFactory, TeacherFactory
from tests.factories.submissions import EntryFactory, draft, submitted_entry


class ResultFactory(factory.django.DjangoModelFactory):
    """The computed result of an awarded entry: 一等奖, first of its grade."""

    class Meta:
        model = Result

    entry = factory.SubFactory(EntryFactory, state="awarded")
    competition = factory.SelfAttribute("entry.competition")
    score = Decimal(90)
    judges = 2
    group = "三年级"
    rank = 1
    level = "first"
    computed_level = factory.SelfAttribute("level")


def publish_locked(
    *, festival: Festival, by: User, now: dt.datetime | None = None, notice_days: int = 5
) -> Publication:
    """Publish, together, every locked competition of the festival not published yet (as the publish page offers)."""
    competitions = festival.competitions.filter(results_locked_at__isnull=False, published_at__isnull=True)
    return award_services.results_publish(competitions=competitions, by=by, now=now, notice_days=notice_days)


class ObjectionFactory(factory.django.DjangoModelFactory):
    """An open objection of the result's first author."""

    class Meta:
        model = Objection

    result = factory.SubFactory(ResultFactory)
    raised_by = factory.LazyAttribute(lambda o: o.result.entry.authors.first())
    reason = "分数偏低"


class CollectiveAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveAward

    festival = factory.SubFactory(FestivalFactory)
    school_class = factory.SubFactory(SchoolClassFactory, grade__school=factory.SelfAttribute("...festival.school"))
    section = "primary"
    points = Decimal(10)
    entries = 2
    rank = 1
    level = "first"


class SpecialAwardFactory(factory.django.DjangoModelFactory):
    """A 科技辅导员奖 of a teacher; ``kind="organization", teacher=None, school_class=…`` for 优秀组织奖."""

    class Meta:
        model = SpecialAward

    festival = factory.SubFactory(FestivalFactory)
    kind = SpecialAward.Kind.ADVISOR
    teacher = factory.SubFactory(TeacherFactory, school=factory.SelfAttribute("..festival.school"))
    confirmed_by = factory.SubFactory(OrganizerFactory, school=factory.SelfAttribute("..festival.school"))


# --- A judged festival through the services ------------------------------------------------------

ESSAY_RUBRIC = [("内容", 40), ("科学性", 30), ("文字表达", 30)]
# (title, author names, grade-3 class?, judges' totals, advisor key)
INVENTIONS = [
    ("纸桥", ["孙悦"], True, [60, 60, 60], None),
    ("雨水收集器", ["刘思源"], True, [85.5, 85.5, 85.5], None),
    ("风力报警器", ["陈一鸣"], True, [79.5, 80, 81], "qian"),
    ("自动浇花器", ["王小明", "李雨萱"], True, [92, 92, 92], "zhao"),
    ("太阳能小车", ["张浩宇"], True, [85, 86, 85.5], None),
    ("磁悬浮笔筒", ["赵子涵"], True, [70, 70, 70], None),
    ("简易净水器", ["周杰"], False, [75, 75, 75], None),
    ("智能台灯", ["吴桐"], False, [88, 88, 88], "zhao"),
]


@dataclass
class AwardFestival:
    festival: Festival
    essay: Competition
    invention: Competition
    plane: Competition
    grade3: SchoolClass
    grade4: SchoolClass
    grade4_teacher: User
    judges: list[User]
    entries: dict[str, Entry] = field(default_factory=dict)  # by title


def _split(total: Decimal, criteria) -> dict[int, Decimal]:
    """Points per criterion giving ``total``: each criterion full in turn, the rest on the last one reached."""
    points, left = {}, total
    for criterion in criteria:
        give = min(Decimal(criterion.max_points), left)
        points[criterion.pk] = give
        left -= give
    return points


def _enter(competition, students, *, title, advisor=None, head_teacher, organizer) -> Entry:
    leader, *team = students
    entry = submitted_entry(competition, leader, title=title, advisor=advisor, team=team)
    entry_services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
    entry_services.entries_accept(entries=[entry], by=organizer)
    entry.refresh_from_db()
    return entry


def build_award_festival(
    *,
    festival: Festival,
    school_class: SchoolClass,
    head_teacher: User,
    organizer: User,
    student: User,
    extra: int = 0,
    final: bool = False,
) -> AwardFestival:
    """The festival (第二届科技节 of 星河实验学校) judged through the services, ``student`` one of the authors.

    Three competitions in this order (positions, not the order they were made in); the codes below leave out the
    festival's year in front of each (HH-0001 is 2026-HH-0001):

    1. 科技小论文 (LW, rubric): one entry in judging with a judge's draft, one draft entry; no results yet.
    2. 科技创新制作 (HH, rubric, awards per grade 一等奖 1, 二等奖 1, 三等奖 2, 优秀奖 1, the best 2 recommended),
       three judges scoring every entry:

       =========  ======  ==========  =====================  ========  ==============
       code       grade   title       judges' totals         score     award (rank)
       =========  ======  ==========  =====================  ========  ==============
       HH-0001    三年级  纸桥        60 60 60               60.00     — (6)
       HH-0002    三年级  雨水收集器  85.5 85.5 85.5         85.50     二等奖 (2)
       HH-0003    三年级  风力报警器  79.5 80 81             80.17     三等奖 (4)
       HH-0004    三年级  自动浇花器  92 92 92 (a team)      92.00     一等奖 (1)
       HH-0005    三年级  太阳能小车  85 86 85.5             85.50     二等奖 (2)
       HH-0006    三年级  磁悬浮笔筒  70 70 70               70.00     优秀奖 (5)
       HH-0007    四年级  简易净水器  75 75 75               75.00     二等奖 (2)
       HH-0008    四年级  智能台灯    88 88 88               88.00     一等奖 (1)
       =========  ======  ==========  =====================  ========  ==============

       HH-0002 and HH-0005 tie across the boundary of 二等奖 (one place) and 三等奖: both get 二等奖, and 三等奖 is
       one smaller. ``extra`` adds that many more 四年级 entries (50, 51 … points), all awarded.
    3. 手抛飞机 (FJ, measured in 米, higher is better, one judge, the whole competition as one group): FJ-0001
       张浩宇 12.5 / 15.25 / — → 15.25 一等奖, FJ-0002 吴桐 10 / 11.8 / 9 → 11.8 二等奖; the best one recommended.

    HH and FJ are computed and locked; 自动浇花器 was handed in to 周老师. Nothing is published, unless ``final``: then
    HH and FJ were published ten days ago (their 公示 over, final), the class points computed and confirmed, 赵辅导
    confirmed for the 科技辅导员奖 and 三年级2班 for the 优秀组织奖, before the essay went to judging.
    """
    school = festival.school
    grade4_teacher = TeacherFactory(school=school, real_name="吴老师")
    grade4 = SchoolClassFactory(grade__school=school, grade__number=4, number=1, head_teacher=grade4_teacher)
    advisors = {
        "zhao": TeacherFactory(school=school, real_name="赵辅导"),
        "qian": TeacherFactory(school=school, real_name="钱老师"),
    }
    judges = [JudgeFactory(school=school, real_name=f"评委{i}") for i in range(1, 4)]
    students = {student.real_name: student}

    def pupil(name: str, in_grade3: bool) -> User:
        if name not in students:
            students[name] = StudentFactory(school_class=school_class if in_grade3 else grade4, real_name=name)
        return students[name]

    def head_of(pupils: list[User]) -> User:
        return head_teacher if pupils[0].school_class_id == school_class.pk else grade4_teacher

    invention = CompetitionFactory(
        festival=festival,
        invention=True,
        code="HH",
        grades=(3, 4),
        position=2,
        entry_mode="team",
        team_max_size=2,
        entries_per_student=1,
        class_quota=20,
        judges_per_entry=3,
        recommend_count=2,
    )
    plane = CompetitionFactory(
        festival=festival,
        invention=True,
        code="FJ",
        grades=(3, 4),
        position=3,
        name="手抛飞机",
        kind="race",
        scoring_mode=ScoringMode.MEASUREMENT,
        unit="米",
        better="higher",
        attempts=3,
        judges_per_entry=1,
        award_grouping="whole",
        class_quota=5,
        recommend_count=1,
    )
    essay = CompetitionFactory(
        festival=festival,
        invention=True,
        code="LW",
        grades=(3, 4),
        position=1,
        name="科技小论文",
        kind="essay",
        judges_per_entry=1,
    )
    criteria = add_rubric(invention)
    essay_criteria = add_rubric(essay, ESSAY_RUBRIC)
    for level, amount in [("first", 1), ("second", 1), ("third", 2), ("merit", 1 + extra)]:
        AwardTierFactory(competition=invention, level=level, amount=amount)
    for level, amount in [("first", 1), ("second", 1)]:
        AwardTierFactory(competition=plane, level=level, amount=amount)

    data = AwardFestival(festival, essay, invention, plane, school_class, grade4, grade4_teacher, judges)
    totals: dict[int, list] = {}
    rows = [
        *INVENTIONS,
        *[(f"节能小屋{i + 1}", [f"四年级学生{i + 1}"], False, [50 + i] * 3, None) for i in range(extra)],
    ]
    for title, names, in_grade3, judge_totals, advisor in rows:
        pupils = [pupil(name, in_grade3) for name in names]
        entry = _enter(
            invention,
            pupils,
            title=title,
            advisor=advisors.get(advisor),
            head_teacher=head_of(pupils),
            organizer=organizer,
        )
        data.entries[title] = entry
        totals[entry.pk] = judge_totals
    flights = [("纸飞机一号", "张浩宇", ["12.5", "15.25", None]), ("蓝鹰", "吴桐", ["10", "11.8", "9"])]
    for title, name, _attempts in flights:
        pupils = [students[name]]
        data.entries[title] = _enter(plane, pupils, title=title, head_teacher=head_of(pupils), organizer=organizer)
    essay_entry = submitted_entry(essay, student, title="月亮为什么跟着我走")
    entry_services.shortlist_add(entry=essay_entry, by=head_teacher, now=NOW)
    data.entries["蚂蚁搬家观察日记"] = draft(essay, students["张浩宇"], title="蚂蚁搬家观察日记")

    open_judging(invention, plane, essay)
    judging_services.panel_set(competition=invention, judges=judges, head_judge=judges[0], by=organizer)
    judging_services.panel_set(competition=plane, judges=judges[:1], head_judge=judges[0], by=organizer)
    judging_services.panel_set(competition=essay, judges=judges[:1], head_judge=judges[0], by=organizer)
    for competition in (invention, plane):
        judging_services.assignments_plan(competition=competition, by=organizer)

    index = {judge.pk: i for i, judge in enumerate(judges)}
    for assignment in Assignment.objects.filter(entry__competition=invention).select_related("judge"):
        total = Decimal(str(totals[assignment.entry_id][index[assignment.judge_id]]))
        comment = "构思巧妙，做工精细" if assignment.entry_id == data.entries["自动浇花器"].pk else ""
        judging_services.score_save(
            assignment=assignment,
            by=assignment.judge,
            points=_split(total, criteria),
            comment=comment,
            submit=True,
            version=0,
            now=NOW,
        )
    attempts = {data.entries[title].pk: values for title, _name, values in flights}
    for assignment in Assignment.objects.filter(entry__competition=plane).select_related("judge"):
        judging_services.score_save(
            assignment=assignment,
            by=assignment.judge,
            attempts=attempts[assignment.entry_id],
            submit=True,
            version=0,
            now=NOW,
        )
    for competition in (invention, plane):
        award_services.results_compute(competition=competition, by=organizer)
        award_services.results_lock(competition=competition, by=organizer)
    if final:
        # Published ten days ago, 公示 over: final, so the collective and special awards can be decided (the essay
        # goes to judging only afterwards).
        publish_locked(festival=festival, by=organizer, now=timezone.now() - dt.timedelta(days=10))
        award_services.collective_compute(festival=festival, by=organizer)
        award_services.collective_confirm(festival=festival, by=organizer)
        award_services.special_award_confirm(festival=festival, kind="advisor", teacher=advisors["zhao"], by=organizer)
        award_services.special_award_confirm(
            festival=festival, kind="organization", school_class=school_class, by=organizer
        )
    entry_services.entries_accept(entries=[essay_entry], by=organizer)
    essay_entry.refresh_from_db()
    data.entries["月亮为什么跟着我走"] = essay_entry
    judging_services.assignments_plan(competition=essay, by=organizer)
    essay_assignment = Assignment.objects.get(entry__competition=essay)
    judging_services.score_save(
        assignment=essay_assignment,
        by=essay_assignment.judge,
        points={essay_criteria[0].pk: 25},
        comment="待复核",
        version=0,
    )
    entry_services.entry_mark_received(entry=data.entries["自动浇花器"], by=head_teacher, now=NOW)
    return data
