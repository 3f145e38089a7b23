from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from competitions import plans, services
from competitions.hooks import Usage
from competitions.models import AwardLevel, ClassExtension, Competition, Festival, Phase
from competitions.services import CriterionData
from core.models import AuditLog
from tests.factories.competitions import CompetitionFactory, FestivalFactory, competition_values, shanghai
from tests.factories.schools import SchoolClassFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def update(competition: Competition, by, now=None, grades=None, **changes) -> Competition:
    return services.competition_update(
        competition=competition,
        values=competition_values(competition, **changes),
        grade_numbers=grades if grades is not None else competition.grade_numbers,
        by=by,
        now=now or shanghai(2026, 4, 20, 10),
    )


def messages(error: ValidationError, field: str | None = None) -> list[str]:
    if field is None:
        return error.messages
    return error.message_dict[field]


# --- festival from the school plan ----------------------------------------------------------------


def test_festival_from_plan_has_the_four_phases_of_the_plan(festival):
    phases = [(p.get_kind_display(), p.starts_on, p.ends_on) for p in festival.phases.order_by("position")]

    assert phases == [
        ("宣传动员", dt.date(2026, 4, 11), dt.date(2026, 4, 14)),
        ("准备/提交", dt.date(2026, 4, 15), dt.date(2026, 5, 7)),
        ("评审", dt.date(2026, 5, 8), dt.date(2026, 5, 11)),
        ("总结/公示", dt.date(2026, 5, 12), dt.date(2026, 5, 16)),
    ]


def test_festival_from_plan_has_the_four_standard_competitions(festival):
    rows = [(c.name, c.code, c.kind, c.entry_mode) for c in festival.competitions.all()]

    assert rows == [
        ("科技创新制作", "ZZ", "invention", "team"),
        ("科普板报", "BB", "poster", "class"),
        ("科技创新绘画", "HH", "painting", "individual"),
        ("科技小论文与观察日记", "LW", "essay", "individual"),
    ]


def test_invention_template_carries_the_plan_rules(festival):
    invention = festival.competitions.get(code="ZZ")

    assert (invention.entries_per_student, invention.class_quota_min, invention.class_quota) == (2, 3, 5)
    assert invention.team_max_size == 3
    assert [(c.name, c.max_points) for c in invention.criteria.all()] == [
        ("科技含量", 25),
        ("创新性", 30),
        ("实用性", 25),
        ("美观性", 20),
    ]
    assert [s.name for s in invention.entry_field_specs()] == [
        "subtype",
        "made_with_parent",
        "design_idea",
        "materials",
    ]
    assert invention.grade_numbers == list(range(1, 13))


def test_painting_template_windows_are_placed_from_the_start_in_shanghai_time(painting):
    assert painting.submission_opens == shanghai(2026, 4, 15, 8)
    assert painting.submission_closes == shanghai(2026, 5, 7, 17)
    assert painting.judging_opens == shanghai(2026, 5, 8, 8)
    assert painting.judging_closes == shanghai(2026, 5, 11, 17)
    assert (painting.class_quota_min, painting.class_quota) == (2, 3)
    assert sum(c.max_points for c in painting.criteria.all()) == 100
    assert painting.award_grouping == "grade"
    assert {t.level: t.amount for t in painting.award_tiers.all()} == {"first": 10, "second": 20, "third": 30}


def test_every_standard_rubric_sums_to_100(festival):
    sums = {c.code: sum(x.max_points for x in c.criteria.all()) for c in festival.competitions.all()}

    assert sums == {"ZZ": 100, "BB": 100, "HH": 100, "LW": 100}


def test_poster_is_one_class_entry_made_in_the_morning_and_judged_on_site_in_the_afternoon(festival):
    poster = festival.competitions.get(code="BB")

    assert (poster.entry_mode, poster.class_quota, poster.blind) == ("class", 1, False)
    windows = (poster.submission_opens, poster.submission_closes, poster.judging_opens, poster.judging_closes)
    assert windows == (
        shanghai(2026, 4, 28, 8),
        shanghai(2026, 4, 28, 12),
        shanghai(2026, 4, 28, 13, 30),
        shanghai(2026, 4, 28, 17),
    )
    assert poster.judging_starts == poster.judging_opens  # judging does not wait for a later close
    poster.full_clean()


@pytest.mark.parametrize("template", plans.TEMPLATES, ids=lambda t: t.key)
def test_no_template_judges_before_its_entries_are_in(template):
    values = template.values(dt.date(2026, 4, 11), "Asia/Shanghai")

    Competition(**values).clean()
    assert values["submission_opens"] < values["submission_closes"] <= values["judging_opens"]
    assert values["judging_opens"] < values["judging_closes"]


def test_measurement_templates_for_race_and_paper_plane(festival, organizer):
    race = services.competition_create_from_template(
        festival=festival, key="race", start=dt.date(2026, 4, 11), by=organizer
    )
    plane = services.competition_create_from_template(
        festival=festival, key="paper_plane", start=dt.date(2026, 4, 11), by=organizer
    )

    assert (race.name, race.scoring_mode, race.better, race.unit, race.attempts) == (
        "四驱车比赛",
        "measurement",
        "lower",
        "秒",
        3,
    )
    assert (plane.name, plane.better) == ("手抛飞机比赛", "higher")
    assert race.grade_numbers == [3, 4, 5, 6]
    assert race.criteria.count() == 0


def test_template_in_a_junior_school_opens_to_its_grades(organizer):
    junior = SchoolFactory(slug="chuzhong", sections=["junior"])
    organizer.school = junior
    festival = FestivalFactory(school=junior)

    race = services.competition_create_from_template(
        festival=festival, key="race", start=dt.date(2026, 4, 11), by=organizer
    )

    assert race.grade_numbers == [7, 8, 9]


def test_template_twice_gets_a_new_code(festival, organizer):
    again = services.competition_create_from_template(
        festival=festival, key="painting", start=dt.date(2026, 4, 11), by=organizer
    )

    assert again.code == "HH2"


def test_blank_festival_has_phases_and_no_competitions(school, organizer):
    festival = services.festival_create(
        school=school, name="第一届科技节", year=2025, slug="2025", start=dt.date(2025, 4, 11), by=organizer
    )

    assert festival.status == Festival.Status.DRAFT
    assert festival.phases.count() == 4
    assert festival.competitions.count() == 0
    assert AuditLog.objects.filter(action="festival.create", object_id=str(festival.pk)).count() == 1


def test_festival_short_name_is_unique_within_the_school(festival, school, organizer):
    with pytest.raises(ValidationError) as e:
        services.festival_create(
            school=school, name="又一届", year=2026, slug="2026", start=dt.date.today(), by=organizer
        )

    assert messages(e.value, "slug") == ["本校已有科技节使用这个简称。"]


def test_phase_ending_before_it_starts_is_refused(festival, organizer):
    dates = {p.kind: (p.starts_on, p.ends_on) for p in festival.phases.all()}
    dates["judging"] = (dt.date(2026, 5, 11), dt.date(2026, 5, 8))

    with pytest.raises(ValidationError) as e:
        services.phases_update(festival=festival, dates=dates, by=organizer)

    assert messages(e.value, "judging_ends_on") == ["评审的结束日期不能早于开始日期。"]


def test_phases_stay_in_order(festival, organizer):
    dates = {p.kind: (p.starts_on, p.ends_on) for p in festival.phases.all()}
    dates["judging"] = (dt.date(2026, 5, 1), dt.date(2026, 5, 11))

    with pytest.raises(ValidationError) as e:
        services.phases_update(festival=festival, dates=dates, by=organizer)

    assert messages(e.value, "judging_starts_on") == ["评审不能在准备/提交结束之前开始。"]


def test_phases_move_and_are_audited(festival, organizer):
    dates = {p.kind: (p.starts_on, p.ends_on) for p in festival.phases.all()}
    dates["summary"] = (dt.date(2026, 5, 12), dt.date(2026, 5, 20))

    services.phases_update(festival=festival, dates=dates, by=organizer)

    assert festival.phases.get(kind="summary").ends_on == dt.date(2026, 5, 20)
    log = AuditLog.objects.get(action="festival.phases")
    assert log.changes == {"summary": {"before": "2026-05-12–2026-05-16", "after": "2026-05-12–2026-05-20"}}


def test_current_festival_is_the_one_running_today(festival, school):
    FestivalFactory(school=school, year=2025, slug="2025", phases=dt.date(2025, 4, 11))

    assert Festival.objects.current_for(school.pk, dt.date(2026, 4, 20)) == festival
    assert Festival.objects.current_for(school.pk, dt.date(2026, 4, 20)).phase_on(dt.date(2026, 4, 20)).kind == (
        Phase.Kind.SUBMISSION
    )


# --- competition validation -----------------------------------------------------------------------


def test_submission_window_ending_before_it_starts_is_refused(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, submission_closes=shanghai(2026, 4, 14, 17))

    assert messages(e.value, "submission_closes") == ["作品提交的截止时间必须晚于开始时间。"]


def test_judging_window_ending_before_it_starts_is_refused(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, judging_closes=shanghai(2026, 5, 8, 7))

    assert messages(e.value, "judging_closes") == ["评审的结束时间必须晚于开始时间。"]


def test_judging_before_submission_closes_is_refused(painting, organizer):
    before = Competition.objects.values().get(pk=painting.pk)

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, judging_opens=painting.submission_closes - dt.timedelta(hours=1))

    assert messages(e.value, "judging_opens") == ["评审不能在作品提交截止之前开始。"]
    assert Competition.objects.values().get(pk=painting.pk) == before


@pytest.mark.parametrize("field", ["submission_opens", "judging_closes"])
def test_a_window_outside_the_festival_is_refused(painting, organizer, field):
    before = Competition.objects.values().get(pk=painting.pk)
    moved = {"submission_opens": shanghai(2026, 4, 10, 8), "judging_closes": shanghai(2026, 5, 17, 8)}[field]

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, **{field: moved})

    assert messages(e.value, field) == ["此时间不在科技节期间（2026年4月11日 至 2026年5月16日）。"]
    assert Competition.objects.values().get(pk=painting.pk) == before


@pytest.mark.parametrize("quota", [0])
def test_quota_below_one_is_refused(painting, organizer, quota):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, class_quota=quota)

    assert messages(e.value, "class_quota") == ["每班名额至少为1。"]


def test_entries_per_student_below_one_is_refused(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, entries_per_student=0)

    assert messages(e.value, "entries_per_student") == ["每名学生至少可以提交1件作品。"]


def test_expected_number_above_quota_is_refused(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, class_quota_min=4)

    assert messages(e.value, "class_quota_min") == ["建议数量不能超过每班名额。"]


def test_grade_the_school_does_not_have_is_refused(organizer):
    primary = SchoolFactory(slug="xiaoxue", name="春晖小学", sections=["primary"])
    festival = FestivalFactory(school=primary)
    competition = CompetitionFactory(festival=festival, grades=[3])

    with pytest.raises(ValidationError) as e:
        update(competition, organizer, grades=[3, 8])

    assert messages(e.value, "eligible_grades") == ["春晖小学没有初二。"]


def test_no_grade_is_refused(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, grades=[])

    assert messages(e.value, "eligible_grades") == ["请至少选择一个年级。"]


def test_team_needs_a_team_size(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, entry_mode="team", team_max_size=1)

    assert messages(e.value, "team_max_size") == ["组队参赛时，每队最多人数至少为2。"]


def test_class_collective_takes_one_entry_per_class(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, entry_mode="class", class_quota=3)

    assert messages(e.value, "class_quota") == ["班级集体参赛时，每班只能提交1件作品。"]


def test_dropping_extremes_needs_five_judges(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, drop_extremes=True, judges_per_entry=3)

    assert messages(e.value, "drop_extremes") == ["去掉最高分和最低分需要每件作品至少5名评委。"]


def test_measurement_needs_a_unit(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, scoring_mode="measurement", unit="")

    assert messages(e.value, "unit") == ["请填写成绩的单位，例如“秒”。"]


def test_code_is_unique_in_the_festival(painting, organizer):
    with pytest.raises(ValidationError) as e:
        update(painting, organizer, code="ZZ")

    assert messages(e.value, "code") == ["本届科技节已有比赛项目使用这个代码。"]


def test_valid_change_is_saved_and_audited(painting, organizer):
    update(painting, organizer, class_quota=2, grades=[3, 8])

    painting.refresh_from_db()
    assert (painting.class_quota, painting.grade_numbers) == (2, [3, 8])
    log = AuditLog.objects.filter(action="competition.update").get()
    assert log.changes == {
        "class_quota": {"before": 3, "after": 2},
        "eligible_grades": {"before": list(range(1, 13)), "after": [3, 8]},
    }


# --- changes that would break entries -------------------------------------------------------------


def test_kind_cannot_change_once_entries_exist(painting, organizer, usage):
    usage["usage"] = Usage(entries=4)

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, kind="essay")

    assert messages(e.value, "kind") == ["已有4件作品，不能再更改比赛类别。"]


def test_kind_can_change_without_entries(painting, organizer, usage):
    update(painting, organizer, kind="essay")

    painting.refresh_from_db()
    assert painting.kind == "essay"


def test_quota_cannot_drop_below_what_a_class_recommended(painting, organizer, usage):
    usage["usage"] = Usage(entries=5, recommended_per_class={1: 3, 2: 1})

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, class_quota=2)

    assert messages(e.value, "class_quota") == ["有班级已经择优选送了3件作品，名额不能低于3。"]


def test_window_cannot_close_in_the_past_with_drafts_pending(painting, organizer, usage, during_submission):
    usage["usage"] = Usage(entries=6, drafts=2)

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, now=during_submission, submission_closes=shanghai(2026, 4, 19, 17))

    assert messages(e.value, "submission_closes") == ["还有2件作品草稿没有提交，截止时间不能改到已经过去的时间。"]


def test_window_can_close_early_in_the_future_with_drafts(painting, organizer, usage, during_submission):
    usage["usage"] = Usage(entries=6, drafts=2)

    update(painting, organizer, now=during_submission, submission_closes=shanghai(2026, 4, 25, 17))

    painting.refresh_from_db()
    assert painting.submission_closes == shanghai(2026, 4, 25, 17)


def test_competition_with_entries_cannot_be_deleted(painting, organizer, usage):
    usage["usage"] = Usage(entries=1)

    with pytest.raises(ValidationError) as e:
        services.competition_delete(competition=painting, by=organizer)

    assert e.value.messages == ["已有1件作品，不能删除这个比赛项目。"]


def test_competition_without_entries_is_deleted(painting, organizer):
    services.competition_delete(competition=painting, by=organizer)

    assert not Competition.objects.filter(pk=painting.pk).exists()


# --- rubric ---------------------------------------------------------------------------------------


def test_rubric_not_summing_to_100_is_refused(painting, organizer):
    criteria = [CriterionData("想象力", "", 40), CriterionData("科学性", "", 40)]

    with pytest.raises(ValidationError) as e:
        services.rubric_save(competition=painting, criteria=criteria, by=organizer)

    assert e.value.messages == ["各项评分标准合计80分，必须正好是100分。"]
    assert painting.criteria.count() == 4


def test_rubric_is_saved_in_the_given_order(painting, organizer):
    criteria = [
        CriterionData("科学性", "有科学依据", 30),
        CriterionData("想象力", "", 40),
        CriterionData("绘画水平", "设计、色彩、技巧", 30),
    ]

    services.rubric_save(competition=painting, criteria=criteria, by=organizer)

    assert [(c.position, c.name, c.max_points) for c in painting.criteria.all()] == [
        (0, "科学性", 30),
        (1, "想象力", 40),
        (2, "绘画水平", 30),
    ]
    assert AuditLog.objects.filter(action="competition.rubric").count() == 1


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ([], "评分标准至少要有一项。"),
        ([CriterionData(" ", "", 100)], "每项评分标准都要有名称。"),
        ([CriterionData("创新性", "", 50), CriterionData("创新性", "", 50)], "有两项评分标准同名。"),
    ],
)
def test_rubric_needs_named_distinct_criteria(painting, organizer, criteria, message):
    with pytest.raises(ValidationError) as e:
        services.rubric_save(competition=painting, criteria=criteria, by=organizer)

    assert e.value.messages == [message]


def test_rubric_is_locked_once_scoring_started(painting, organizer, usage):
    usage["usage"] = Usage(entries=3, scores=1)

    with pytest.raises(ValidationError) as e:
        services.rubric_save(competition=painting, criteria=[CriterionData("总体", "", 100)], by=organizer)

    assert e.value.messages == ["评委已经开始打分，评分标准不能再修改。"]


# --- award scheme ---------------------------------------------------------------------------------


def save_awards(competition, by, basis="count", grouping="grade", recommend=0, **amounts):
    return services.award_scheme_save(
        competition=competition,
        grouping=grouping,
        basis=basis,
        amounts={level: amounts.get(level, 0) for level in AwardLevel.values},
        min_score=None,
        recommend_count=recommend,
        by=by,
    )


def test_award_counts_above_the_entries_possible_are_refused(painting, organizer):
    update(painting, organizer, grades=[3])  # grade 3 has 2 classes × 3 = 6 entries at most

    with pytest.raises(ValidationError) as e:
        save_awards(painting, organizer, first=2, second=2, third=3)

    assert messages(e.value, "award_basis") == ["三年级最多只有6件作品（2个班），却设了7个奖项。"]


def test_award_counts_within_the_entries_possible_are_saved(painting, organizer):
    update(painting, organizer, grades=[3])

    save_awards(painting, organizer, first=1, second=2, third=3, recommend=2)

    painting.refresh_from_db()
    assert {t.level: t.amount for t in painting.award_tiers.all()} == {"first": 1, "second": 2, "third": 3}
    assert painting.recommend_count == 2


def test_award_counts_per_section(painting, organizer):
    update(painting, organizer, grades=[3, 8])  # 小学: 2 classes, 初中: 1 class → 3 entries

    with pytest.raises(ValidationError) as e:
        save_awards(painting, organizer, grouping="section", first=1, second=1, third=2)

    assert messages(e.value, "award_basis") == ["初中最多只有3件作品（1个班），却设了4个奖项。"]


def test_award_percentages_above_100_are_refused(painting, organizer):
    with pytest.raises(ValidationError) as e:
        save_awards(painting, organizer, basis="percent", first=30, second=40, third=40)

    assert messages(e.value, "award_basis") == ["各奖项比例合计110%，超过了100%。"]


def test_recommending_more_than_the_entries_possible_is_refused(painting, organizer):
    update(painting, organizer, grades=[8], recommend_count=0)  # one class × 3

    with pytest.raises(ValidationError) as e:
        save_awards(painting, organizer, basis="percent", first=10, recommend=4)

    assert messages(e.value, "recommend_count") == ["最多只有3件作品参赛，不能推荐4件。"]


def test_lowering_the_quota_below_the_award_counts_is_refused(painting, organizer):
    update(painting, organizer, grades=[3])
    save_awards(painting, organizer, first=1, second=2, third=3)

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, class_quota=2)

    assert messages(e.value, "award_basis") == ["三年级最多只有4件作品（2个班），却设了6个奖项。"]


def test_minimum_score_above_100_is_refused(painting, organizer):
    with pytest.raises(ValidationError) as e:
        services.award_scheme_save(
            competition=painting,
            grouping="grade",
            basis="percent",
            amounts={"first": 10},
            min_score=Decimal(101),
            recommend_count=0,
            by=organizer,
        )

    assert messages(e.value, "award_min_score") == ["最低得奖分数不能超过100分。"]


# --- duplicate ------------------------------------------------------------------------------------


def test_duplicate_copies_rules_rubric_and_awards_with_a_new_code(painting, organizer):
    copy = services.competition_duplicate(competition=painting, by=organizer)

    assert (copy.name, copy.code, copy.class_quota) == ("科技创新绘画（副本）", "HH2", 3)
    assert [c.name for c in copy.criteria.all()] == [c.name for c in painting.criteria.all()]
    assert {t.level: t.amount for t in copy.award_tiers.all()} == {"first": 10, "second": 20, "third": 30}
    assert copy.grade_numbers == painting.grade_numbers


def test_copies_keep_finding_codes_that_fit_four_characters(painting, organizer):
    codes = [services.competition_duplicate(competition=painting, by=organizer).code for _ in range(10)]

    assert codes == ["HH2", "HH3", "HH4", "HH5", "HH6", "HH7", "HH8", "HH9", "HH10", "HH11"]


# --- per-class deadline extensions ----------------------------------------------------------------


def test_extension_gives_one_class_a_later_deadline(painting, organizer, school_class):
    other = SchoolClassFactory(grade=school_class.grade, number=1)

    services.extension_grant(
        competition=painting,
        school_class=school_class,
        closes_at=shanghai(2026, 5, 8, 12),
        reason="研学旅行",
        by=organizer,
    )

    painting = Competition.objects.prefetch_related("extensions").get(pk=painting.pk)
    assert painting.closes_for(school_class) == shanghai(2026, 5, 8, 12)
    assert painting.closes_for(other) == shanghai(2026, 5, 7, 17)
    assert AuditLog.objects.get(action="competition.extension").reason == "研学旅行"


def test_extension_before_the_deadline_is_refused(painting, organizer, school_class):
    with pytest.raises(ValidationError) as e:
        services.extension_grant(
            competition=painting, school_class=school_class, closes_at=shanghai(2026, 5, 6), reason="病假", by=organizer
        )

    assert messages(e.value, "closes_at") == ["新的截止时间必须晚于比赛的截止时间。"]


def test_extension_for_a_class_of_another_school_is_refused(painting, organizer, other_school):
    foreign = SchoolClassFactory(grade__school=other_school, grade__number=3, number=1)

    with pytest.raises(ValidationError) as e:
        services.extension_grant(
            competition=painting, school_class=foreign, closes_at=shanghai(2026, 5, 8), reason="病假", by=organizer
        )

    assert messages(e.value, "school_class") == ["这个班级不属于本校。"]


def test_extension_for_an_ineligible_grade_is_refused(painting, organizer, school_class):
    update(painting, organizer, grades=[8], recommend_count=0)

    with pytest.raises(ValidationError) as e:
        services.extension_grant(
            competition=painting, school_class=school_class, closes_at=shanghai(2026, 5, 8), reason="病假", by=organizer
        )

    assert messages(e.value, "school_class") == ["这个班级所在的年级不能参加这个比赛项目。"]


def test_extension_revoked(painting, organizer, school_class):
    extension = services.extension_grant(
        competition=painting, school_class=school_class, closes_at=shanghai(2026, 5, 8), reason="病假", by=organizer
    )

    services.extension_revoke(extension=extension, by=organizer)

    assert ClassExtension.objects.count() == 0
    assert AuditLog.objects.filter(action="competition.extension_revoke").count() == 1


def test_a_grade_with_entries_cannot_be_taken_off(painting, organizer, usage):
    usage["usage"] = Usage(entries=2, entries_per_grade={8: 2})

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, grades=[3, 4])

    assert messages(e.value, "eligible_grades") == ["初二已有2件作品，不能取消这个年级。"]


def test_usage_of_several_apps_adds_up():
    total = Usage(entries=1, recommended_per_class={1: 1}, entries_per_grade={3: 1}) + Usage(
        entries=2, drafts=1, recommended_per_class={1: 2, 2: 1}, entries_per_grade={3: 2}
    )

    assert total == Usage(entries=3, drafts=1, recommended_per_class={1: 3, 2: 1}, entries_per_grade={3: 3})
    assert total.most_recommended_by_a_class == 3


def test_code_cannot_change_once_entries_carry_it(painting, organizer, usage):
    usage["usage"] = Usage(entries=5)

    with pytest.raises(ValidationError) as e:
        update(painting, organizer, code="KH")

    assert messages(e.value, "code") == ["已有5件作品的编号含有这个代码，代码不能再修改。"]
