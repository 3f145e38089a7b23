"""The organizers' home says, per competition of the current festival, its stage and what blocks the next step,
linking to the page where they act (``awards.blockers``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.blockers import festival_blockers
from judging.models import Score
from tests.factories.awards import ObjectionFactory, ResultFactory
from tests.factories.competitions import SHANGHAI, CompetitionFactory, FestivalFactory, at_stage
from tests.factories.judging import AssignmentFactory, PanelFactory, ScoreFactory
from tests.factories.schools import SchoolClassFactory, StudentFactory
from tests.factories.submissions import EntryFactory
from tests.html import page, texts


@pytest.fixture
def season(school):
    return FestivalFactory(school=school, name="第三届科技节", slug="kjj", phases=False)


def blocker(client, user, code: str) -> tuple[str, str, str]:
    """The badge, the line and its link of the competition on the user's home page."""
    client.force_login(user)
    row = page(client.get(reverse("home"))).select_one(f"#blocker-{code}")
    link = row.select_one("a.blocker-line")
    return texts(row, ".blocker-stage")[0], " ".join(link.get_text().split()), link["href"]


def test_an_open_competition_counts_the_days_left_and_the_entries_submitted(client, season, organizer, student):
    open_now = CompetitionFactory(festival=season, code="ZZ", **at_stage("open"))
    for state in ("submitted", "submitted", "recommended", "draft", "withdrawn"):
        EntryFactory(competition=open_now, created_by=student, state=state)

    badge, line, link = blocker(client, organizer, "ZZ")

    closes = timezone.localtime(open_now.submission_closes, SHANGHAI)
    assert badge == "征集中"
    assert line == f"还有 12 天截止（{closes.month}月{closes.day}日 {closes:%H:%M}），已提交 3 件"
    assert link == f"/manage/entries/?competition={open_now.pk}"


def test_after_the_deadline_the_classes_still_to_recommend_and_the_entries_to_accept(
    client, season, organizer, student, school
):
    closed = CompetitionFactory(festival=season, code="ZZ", **at_stage("closed"))
    EntryFactory(competition=closed, created_by=student, state="submitted")
    other = StudentFactory(school_class=SchoolClassFactory(grade__school=school, grade__number=3, number=3))
    EntryFactory(competition=closed, created_by=other, state="recommended")
    EntryFactory(competition=closed, created_by=other, state="submitted")

    badge, line, link = blocker(client, organizer, "ZZ")

    assert badge == "已截止"
    assert line == "1 个班还没有推荐作品，1 件推荐作品待接受进入评审"
    assert link == f"/manage/entries/?competition={closed.pk}&state=recommended"


@pytest.fixture
def judging_now(season, judges, student):
    """Three entries in judging, two judges each: 评委2 and 评委3 still owe three scores between them."""
    competition = CompetitionFactory(festival=season, code="ZZ", judges_per_entry=2, **at_stage("judging"))
    PanelFactory(competition=competition, judges=judges, head_judge=judges[0])
    a, b, c = judges
    entries = [EntryFactory(competition=competition, created_by=student, state="in_judging") for _ in range(3)]
    plan = [(entries[0], a, "submitted"), (entries[0], b, "submitted"), (entries[1], a, "submitted")]
    plan += [(entries[1], c, "draft"), (entries[2], b, None), (entries[2], c, None)]
    for entry, judge, score in plan:
        assignment = AssignmentFactory(entry=entry, judge=judge)
        if score:
            ScoreFactory(assignment=assignment, state=score)
    return competition


def test_in_judging_the_judges_who_have_not_finished_and_the_scores_missing(client, organizer, judging_now):
    badge, line, link = blocker(client, organizer, "ZZ")

    assert badge == "评审中"
    assert line == "2 位评委还没有评完（缺 3 份评分）"
    assert link == f"/judging/competitions/{judging_now.pk}/progress/"


def test_in_judging_entries_short_of_judges_come_first(client, organizer, judging_now, student):
    EntryFactory(competition=judging_now, created_by=student, state="in_judging")

    assert blocker(client, organizer, "ZZ")[1:] == (
        "1 件作品评委不足",
        f"/judging/competitions/{judging_now.pk}/assignments/",
    )


def test_every_score_in_after_judging_the_results_can_be_computed(client, season, organizer, judges, student):
    judged = CompetitionFactory(festival=season, code="ZZ", judges_per_entry=1, **at_stage("judged"))
    PanelFactory(competition=judged, judges=judges)
    ScoreFactory(assignment__entry=EntryFactory(competition=judged, created_by=student, state="in_judging"))

    assert blocker(client, organizer, "ZZ") == (
        "评审结束",
        "可以计算并锁定成绩",
        f"/judging/competitions/{judged.pk}/results/",
    )


def test_locked_results_can_be_published(client, season, organizer):
    CompetitionFactory(festival=season, code="ZZ", **at_stage("locked"))

    assert blocker(client, organizer, "ZZ") == ("成绩已锁定", "可以公布", f"/judging/festivals/{season.pk}/publish/")


def test_during_the_notice_the_days_left_and_the_objections_to_answer(client, season, organizer, student):
    published = CompetitionFactory(festival=season, code="ZZ", **at_stage("notice"))
    result = ResultFactory(entry=EntryFactory(competition=published, created_by=student, state="awarded"))
    ObjectionFactory(result=result)
    ObjectionFactory(result=result, raised_by=student, state="rejected", answer="维持原奖")

    assert blocker(client, organizer, "ZZ") == (
        "公示中",
        "还有 2 天结束，1 条异议待答复",
        f"/judging/festivals/{season.pk}/objections/",
    )


def test_final_results_leave_nothing_to_do(client, season, organizer):
    CompetitionFactory(festival=season, code="ZZ", **at_stage("final"))

    assert blocker(client, organizer, "ZZ") == (
        "结果生效",
        "已完成，成绩已登上光荣榜",
        f"/festivals/{season.pk}/honour-roll/",
    )


@pytest.mark.parametrize("who", ["student", "head_teacher", "judges"])
def test_only_the_organizers_see_what_blocks_the_next_step(client, season, who, request):
    CompetitionFactory(festival=season, code="ZZ", **at_stage("locked"))
    user = request.getfixturevalue(who)
    client.force_login(user[0] if who == "judges" else user)

    soup = page(client.get(reverse("home")))

    assert soup.select("#blockers") == []
    assert "可以公布" not in soup.get_text()


def _competition_with_everything(season, judges, student, stage: str):
    competition = CompetitionFactory(festival=season, **at_stage(stage))
    PanelFactory(competition=competition, judges=judges)
    entry = EntryFactory(competition=competition, created_by=student, state="in_judging")
    ScoreFactory(assignment__entry=entry, assignment__judge=judges[0], state=Score.State.DRAFT)
    EntryFactory(competition=competition, created_by=student, state="recommended")
    ObjectionFactory(result=ResultFactory(entry=EntryFactory(competition=competition, created_by=student)))
    return competition


@pytest.mark.parametrize("count", [1, 4])
def test_blockers_take_four_queries_whatever_the_festival_holds(
    season, judges, student, count, django_assert_num_queries
):
    for stage in ["judging", "open", "closed", "notice"][:count]:
        _competition_with_everything(season, judges, student, stage)

    with django_assert_num_queries(4):
        rows = festival_blockers(season)

    assert len(rows) == count


@pytest.mark.parametrize("count", [1, 4])
def test_the_organizers_home_queries_do_not_grow_with_competitions(
    client, season, organizer, judges, student, count, django_assert_num_queries
):
    for stage in ["judging", "open", "closed", "notice"][:count]:
        _competition_with_everything(season, judges, student, stage)
    client.force_login(organizer)

    # The session, the user, the current festival with its phases (once for the view and the festival card), the
    # grades, the people counts, the blockers' four (whose competitions the card's deadline reuses), the published
    # results.
    with django_assert_num_queries(11):
        response = client.get(reverse("home"))

    assert len(page(response).select("#blockers .blocker")) == count


def test_on_the_last_day_the_line_says_the_hour(season, student):
    now = timezone.now()
    due = CompetitionFactory(festival=season, code="ZZ", **at_stage("open", now))

    with timezone.override(SHANGHAI):
        [row] = festival_blockers(season, now=due.submission_closes - dt.timedelta(minutes=30))
        assert row.text == f"今天 {timezone.localtime(due.submission_closes):%H:%M} 截止，已提交 0 件"
