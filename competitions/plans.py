"""The school plan as templates: the festival's phases and the competitions it runs, with their rules.

Taken from the school plan "体验生活，健康成长" (reference/school-festival-plans.txt, 篇四): 4 days of
publicity (4月11日—14日), about three weeks of preparation and submission, then judging and the summary.
Windows are days after the festival's start date, at school hours in the school's time zone; a competition held
on site on one day (the class poster, 科普板报) has its hours too.
The names of competitions and criteria are data: they stay in Chinese, as the plan writes them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from competitions.kinds import KIND_DEFAULT_FIELDS, Kind
from competitions.models import AwardBasis, AwardGrouping, AwardLevel, Better, EntryMode, FileType, Phase, ScoringMode

# (first day, last day) after the start date, both included.
PHASE_DAYS: dict[str, tuple[int, int]] = {
    Phase.Kind.PUBLICITY: (0, 3),
    Phase.Kind.SUBMISSION: (4, 26),
    Phase.Kind.JUDGING: (27, 30),
    Phase.Kind.SUMMARY: (31, 35),  # 公示 lasts five days (SPEC §4)
}
OPENS_AT = dt.time(8, 0)
CLOSES_AT = dt.time(17, 0)
# (submission opens, closes, judging opens, closes): a school day each, unless a template says otherwise.
SCHOOL_HOURS = (OPENS_AT, CLOSES_AT, OPENS_AT, CLOSES_AT)


def phase_dates(start: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    return {kind: (start + dt.timedelta(days=a), start + dt.timedelta(days=b)) for kind, (a, b) in PHASE_DAYS.items()}


@dataclass(frozen=True)
class CompetitionTemplate:
    key: str
    name: str
    code: str
    kind: str
    description: str
    # (opens day, closes day, judging opens day, judging closes day) after the festival's start
    days: tuple[int, int, int, int]
    # the times of day of the same four moments
    hours: tuple[dt.time, dt.time, dt.time, dt.time] = SCHOOL_HOURS
    criteria: tuple[tuple[str, str, int], ...] = ()
    grades: tuple[int, ...] | None = None  # None: every grade of the school
    entry_mode: str = EntryMode.INDIVIDUAL
    team_max_size: int | None = None
    entries_per_student: int = 1
    class_quota: int = 3
    class_quota_min: int | None = None
    file_types: tuple[str, ...] = (FileType.IMAGE,)
    max_files: int = 5
    max_file_mb: int = 10
    min_image_px: int = 800
    scoring_mode: str = ScoringMode.RUBRIC
    attempts: int = 3
    better: str = Better.HIGHER
    unit: str = ""
    blind: bool = True
    judges_per_entry: int = 3
    award_grouping: str = AwardGrouping.GRADE
    award_basis: str = AwardBasis.PERCENT
    awards: dict[str, int] = field(default_factory=dict)
    recommend_count: int = 0
    standard: bool = True

    @property
    def entry_fields(self) -> list[str]:
        return list(KIND_DEFAULT_FIELDS[self.kind])

    def windows(self, start: dt.date, tz_name: str) -> dict[str, dt.datetime]:
        tz = zoneinfo.ZoneInfo(tz_name)

        def at(day: int, time: dt.time) -> dt.datetime:
            return dt.datetime.combine(start + dt.timedelta(days=day), time, tzinfo=tz)

        names = ("submission_opens", "submission_closes", "judging_opens", "judging_closes")
        return {name: at(day, time) for name, day, time in zip(names, self.days, self.hours, strict=True)}

    def values(self, start: dt.date, tz_name: str) -> dict:
        """The competition's fields, ready for ``competition_create``."""
        return {
            "name": self.name,
            "code": self.code,
            "kind": self.kind,
            "entry_fields": self.entry_fields,
            "description": self.description,
            "entry_mode": self.entry_mode,
            "team_max_size": self.team_max_size,
            "entries_per_student": self.entries_per_student,
            "class_quota": self.class_quota,
            "class_quota_min": self.class_quota_min,
            "file_types": list(self.file_types),
            "max_files": self.max_files,
            "max_file_mb": self.max_file_mb,
            "min_image_px": self.min_image_px,
            "scoring_mode": self.scoring_mode,
            "attempts": self.attempts,
            "better": self.better,
            "unit": self.unit,
            "blind": self.blind,
            "judges_per_entry": self.judges_per_entry,
            "drop_extremes": False,
            "award_grouping": self.award_grouping,
            "award_basis": self.award_basis,
            "award_min_score": None,
            "recommend_count": self.recommend_count,
            **self.windows(start, tz_name),
        }


# Percentages rather than counts: they fit a school of any size.
STANDARD_AWARDS = {AwardLevel.FIRST: 10, AwardLevel.SECOND: 20, AwardLevel.THIRD: 30}

TEMPLATES: tuple[CompetitionTemplate, ...] = (
    CompetitionTemplate(
        key="invention",
        name="科技创新制作",
        code="ZZ",
        kind=Kind.INVENTION,
        description=(
            "“科技创新小制作”：用身边的旧电器、旧玩具等废旧物品，运用声、光、电、磁、机械等科学原理创新制作"
            "科技玩具、模型等作品。“生活中的小发明”：发现生活、学习用品中的不足，发明出弥补不足的小发明，"
            "或实用、多功能的新型用具。如无制作条件，也可以只写出创造发明创意（设计思路、设计原理、设计图纸）。"
            "每位学生可独立或与家长共同制作1至2件作品，每班择优选送3至5件。作品要围绕科技节主题，"
            "提倡利用废旧物品为材料。作品上贴注作品类型、作品题目、作者班级、姓名、年龄，统一交部主任处。"
        ),
        days=(4, 17, 18, 26),
        criteria=(
            ("科技含量", "运用了哪些科学原理，原理是否正确", 25),
            ("创新性", "想法新颖，与众不同，不是照搬现成产品", 30),
            ("实用性", "能解决生活、学习中的实际问题，与课余生活联系密切", 25),
            ("美观性", "做工精细，外形美观；利用废旧物品的可酌情加分", 20),
        ),
        entry_mode=EntryMode.TEAM,
        team_max_size=3,
        entries_per_student=2,
        class_quota=5,
        class_quota_min=3,
        file_types=(FileType.IMAGE, FileType.PDF, FileType.DOCX, FileType.VIDEO),
        max_files=8,
        max_file_mb=20,
        award_grouping=AwardGrouping.SECTION,
        awards=STANDARD_AWARDS,
        recommend_count=5,
    ),
    CompetitionTemplate(
        key="poster",
        name="科普板报",
        code="BB",
        kind=Kind.POSTER,
        description=(
            "各年级各班参赛。根据主题“探究身边的科学”进行集体创作，以各班教室内的板报为板面，自行设计。"
            "由教务处组织评委现场打分，班主任上传板报照片。"
        ),
        # Made and judged on site on the last day of the plan's poster week (4月21日—28日): the classes draw
        # their boards in the morning, the judges go round the classrooms in the afternoon.
        days=(17, 17, 17, 17),
        hours=(dt.time(8, 0), dt.time(12, 0), dt.time(13, 30), dt.time(17, 0)),
        criteria=(
            ("主题鲜明", "紧扣“探究身边的科学”，内容充实", 30),
            ("科学性", "知识准确，无科学性错误", 30),
            ("版面设计", "布局合理，图文并茂，字迹工整", 25),
            ("创意", "形式新颖，有班级特色", 15),
        ),
        entry_mode=EntryMode.CLASS,
        class_quota=1,
        max_files=4,
        blind=False,
        judges_per_entry=3,
        award_grouping=AwardGrouping.SECTION,
        awards={AwardLevel.FIRST: 15, AwardLevel.SECOND: 25, AwardLevel.THIRD: 35},
    ),
    CompetitionTemplate(
        key="painting",
        name="科技创新绘画",
        code="HH",
        kind=Kind.PAINTING,
        description=(
            "各班围绕科技节主题进行训练、选拔，每班选送2至3件。作品一律用400mm×600mm的纸（8开，材质不限），"
            "整洁，反面右下角注明作品题目、作者班级、作者姓名、年龄。绘画形式可以是油画、国画、水粉画、水彩画、"
            "钢笔画、蜡笔画、剪纸画、粘贴画、电脑画或综合技法画（不包括非画类其它艺术品与工艺品）。"
            "作品必须自己原创，不得临摹或抄袭他人作品。统一交至教务处。"
        ),
        days=(4, 26, 27, 30),
        criteria=(
            ("想象力", "构思新奇，大胆想象未来的科技", 30),
            ("科学性", "想象有科学依据，符合科学原理", 25),
            ("绘画水平", "设计、色彩、技巧", 30),
            ("真实性", "本人原创，不得临摹或抄袭", 15),
        ),
        class_quota=3,
        class_quota_min=2,
        max_files=3,
        award_grouping=AwardGrouping.GRADE,
        awards=STANDARD_AWARDS,
        recommend_count=5,
    ),
    CompetitionTemplate(
        key="essay",
        name="科技小论文与观察日记",
        code="LW",
        kind=Kind.ESSAY,
        description=(
            "通过开展实验、栽培、饲养等活动写一篇观察日记；或通过查阅书籍、网络资料，写一篇科技小论文。"
            "体裁不限（科技小论文、科普童话、科普幻想）。用300字方格稿纸誊写或电脑打印，在题目左上方注明体裁，"
            "例如“科技小论文——观察日记”。"
        ),
        days=(4, 26, 27, 30),
        criteria=(
            ("内容", "选题贴近生活，观察或实验真实、具体", 40),
            ("科学性", "事实和结论准确，方法合理", 35),
            ("文字表达", "条理清楚，语句通顺，书写工整", 25),
        ),
        class_quota=3,
        file_types=(FileType.IMAGE, FileType.PDF, FileType.DOCX),
        max_files=5,
        award_grouping=AwardGrouping.SECTION,
        awards=STANDARD_AWARDS,
        recommend_count=3,
    ),
    CompetitionTemplate(
        key="race",
        name="四驱车比赛",
        code="SC",
        kind=Kind.RACE,
        description="每人自带四驱车，在学校四驱车活动室的赛道上跑3次，取用时最少的一次计成绩。",
        days=(4, 26, 27, 30),
        grades=(3, 4, 5, 6),
        class_quota=3,
        file_types=(),
        max_files=0,
        scoring_mode=ScoringMode.MEASUREMENT,
        attempts=3,
        better=Better.LOWER,
        unit="秒",
        blind=False,
        judges_per_entry=1,
        award_grouping=AwardGrouping.GRADE,
        awards=STANDARD_AWARDS,
        standard=False,
    ),
    CompetitionTemplate(
        key="paper_plane",
        name="手抛飞机比赛",
        code="SF",
        kind=Kind.RACE,
        description="每人投掷3次，记录飞机留空时间，取最长的一次计成绩。",
        days=(4, 26, 27, 30),
        grades=(3, 4, 5, 6),
        class_quota=3,
        file_types=(),
        max_files=0,
        scoring_mode=ScoringMode.MEASUREMENT,
        attempts=3,
        better=Better.HIGHER,
        unit="秒",
        blind=False,
        judges_per_entry=1,
        award_grouping=AwardGrouping.GRADE,
        awards=STANDARD_AWARDS,
        standard=False,
    ),
)

TEMPLATES_BY_KEY = {t.key: t for t in TEMPLATES}
STANDARD_TEMPLATES = tuple(t for t in TEMPLATES if t.standard)
