"""The festival page draws each competition's stages with today marked: the step under way carries 今天 and the
stage's name, the ones before are done. Only the organizers see a lock before the results are published."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.competitions import SHANGHAI, CompetitionFactory, FestivalFactory, at_stage
from tests.html import attrs, page, texts

STEPS = ["征集", "截止/推荐", "评审", "成绩锁定", "公示", "结果生效"]


@pytest.fixture
def season(school):
    return FestivalFactory(school=school, name="第三届科技节", slug="kjj", phases=False)


def festival_page(client, user, festival):
    client.force_login(user)
    return page(client.get(reverse("festival_detail", kwargs={"festival_slug": festival.slug})))


def timeline_of(soup, code: str) -> dict:
    card = soup.select_one(f"#competition-{code}")
    return {
        "steps": texts(card, ".stage-step .stage-name"),
        "done": texts(card, ".stage-past .stage-name"),
        "current": texts(card, ".stage-current .stage-name"),
        "today": texts(card, ".stage-today"),
        "future": texts(card, ".stage-future .stage-name"),
    }


def test_an_open_competition_is_in_its_entries_step_with_the_deadline(client, season, student):
    open_now = CompetitionFactory(festival=season, code="HH", **at_stage("open"))

    soup = festival_page(client, student, season)

    timeline = timeline_of(soup, "HH")
    assert timeline["steps"] == STEPS
    assert timeline["current"] == ["征集"]
    assert timeline["today"] == ["今天 · 征集中"]
    assert timeline["done"] == []
    assert timeline["future"] == STEPS[1:]
    opens = timezone.localtime(open_now.submission_opens, SHANGHAI)
    closes = timezone.localtime(open_now.submission_closes, SHANGHAI)
    assert texts(soup, "#competition-HH .stage-current .stage-dates") == [
        f"{opens.month}月{opens.day}日–{closes.month}月{closes.day}日 {closes:%H:%M}"
    ]
    assert attrs(soup, "#competition-HH [aria-current=step]", "data-step") == ["submission"]


def test_a_competition_in_judging_has_its_entries_and_deadline_done(client, season, student):
    CompetitionFactory(festival=season, code="HH", **at_stage("judging"))

    timeline = timeline_of(festival_page(client, student, season), "HH")

    assert timeline["done"] == ["已完成 征集", "已完成 截止/推荐"]
    assert timeline["current"] == ["评审"]
    assert timeline["today"] == ["今天 · 评审中"]
    assert timeline["future"] == ["成绩锁定", "公示", "结果生效"]


def test_during_the_public_notice_everyone_sees_the_notice_step(client, season, student):
    published = CompetitionFactory(festival=season, code="HH", **at_stage("notice"))

    soup = festival_page(client, student, season)

    timeline = timeline_of(soup, "HH")
    assert timeline["current"] == ["公示"]
    assert timeline["today"] == ["今天 · 公示中"]
    assert len(timeline["done"]) == 4
    assert timeline["future"] == ["结果生效"]
    ends = timezone.localtime(published.notice_ends_at, SHANGHAI)
    assert texts(soup, "#competition-HH [data-step=final] .stage-dates") == [f"{ends.month}月{ends.day}日"]


@pytest.mark.parametrize("who", ["student", "head_teacher"])
def test_a_locked_competition_reads_as_judging_to_students_and_teachers(client, season, who, request):
    locked = CompetitionFactory(festival=season, code="HH", **at_stage("locked"))

    soup = festival_page(client, request.getfixturevalue(who), season)

    timeline = timeline_of(soup, "HH")
    assert timeline["current"] == ["评审"]
    assert timeline["today"] == ["今天 · 评审结束"]
    assert "成绩已锁定" not in soup.select_one("#competition-HH").get_text()
    assert texts(soup, "#competition-HH [data-step=locked] .stage-dates") == ["—"]
    assert locked.results_locked


def test_the_organizers_see_the_lock_with_its_date(client, season, organizer):
    locked = CompetitionFactory(festival=season, code="HH", **at_stage("locked"))

    soup = festival_page(client, organizer, season)

    timeline = timeline_of(soup, "HH")
    assert timeline["current"] == ["成绩锁定"]
    assert timeline["today"] == ["今天 · 成绩已锁定"]
    day = timezone.localtime(locked.results_locked_at, SHANGHAI)
    assert texts(soup, "#competition-HH [data-step=locked] .stage-dates") == [f"{day.month}月{day.day}日"]


@pytest.mark.parametrize("extra", [0, 3])
def test_festival_page_queries_stay_the_same_with_more_competitions(
    client, season, organizer, extra, django_assert_num_queries
):
    for stage in ["open", "judging", "locked", "notice"][: 1 + extra]:
        CompetitionFactory(festival=season, **at_stage(stage))
    client.force_login(organizer)

    with django_assert_num_queries(9):
        response = client.get(reverse("festival_detail", kwargs={"festival_slug": season.slug}))

    assert len(page(response).select(".stage-timeline")) == 1 + extra
