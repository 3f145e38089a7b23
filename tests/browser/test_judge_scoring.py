"""现场打分: a judge scores an entry on a phone at the exhibition."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from judging import services
from judging.models import Assignment, Score
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.schools import PASSWORD

POINTS = ["27.5", "25", "18", "19.5"]
RUNNING_TOTALS = ["27.5", "52.5", "70.5", "90"]


@pytest.mark.django_db(transaction=True)
def test_a_judge_scores_an_entry_on_a_phone(
    phone_page,
    login,
    judged_competition,
    accepted_entries,
    judges,
    panel,
    organizer,
):
    services.assignments_plan(competition=judged_competition, by=organizer)
    judge = judges[0]
    mine = list(Assignment.objects.filter(judge=judge).order_by("entry__code"))
    assignment = mine[0]
    criteria = list(judged_competition.criteria.order_by("position"))
    page = phone_page

    login(page, judge.username, PASSWORD)
    progress = " ".join(page.locator("#judge-progress").inner_text().split())
    assert progress == f"科技创新制作 已评 0 / {len(mine)}"
    with page.expect_navigation():
        page.get_by_role("link", name="打开我的评分任务").click()
    assert page.locator("h1").inner_text() == "我的评分任务"
    assert_no_horizontal_scroll(page)

    with page.expect_navigation():
        page.locator(f"#queue-row-{assignment.pk} a").click()
    assert page.locator("#entry-code").inner_text() == assignment.entry.code
    assert page.locator("#score-total").inner_text() == "—"
    assert_no_horizontal_scroll(page)
    for criterion, points, total in zip(criteria, POINTS, RUNNING_TOTALS, strict=True):
        field = page.locator(f"#id_points_{criterion.pk}")
        field.fill(points)
        assert page.locator("#score-total").inner_text() == total
        box = field.bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.fill("#id_comment", "原理清楚，做工细致。")
    assert page.locator("#submit-score").bounding_box()["height"] >= 44
    assert_no_horizontal_scroll(page)

    with page.expect_navigation():
        page.locator("#submit-score").click()

    assert page.locator("h1").inner_text() == "我的评分任务"
    assert page.locator(f"#queue-row-{assignment.pk}").inner_text().split("\n")[-1].strip() == "已提交"
    assert page.locator(f"#queue-{judged_competition.pk} progress").get_attribute("value") == "1"
    assert_no_horizontal_scroll(page)
    score = Score.objects.get(assignment=assignment)
    assert (score.state, score.total, score.comment) == ("submitted", D(90), "原理清楚，做工细致。")


@pytest.mark.django_db(transaction=True)
def test_a_typed_value_out_of_range_is_marked_before_saving(
    phone_page,
    login,
    judged_competition,
    accepted_entries,
    judges,
    panel,
    organizer,
):
    services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).order_by("entry__code").first()
    first, second = list(judged_competition.criteria.order_by("position"))[:2]
    page = phone_page
    login(page, judges[0].username, PASSWORD)
    page.goto(f"/judging/score/{assignment.pk}/")

    page.fill(f"#id_points_{first.pk}", "31")
    page.fill(f"#id_points_{second.pk}", "20")

    assert "is-invalid" in page.locator(f"#id_points_{first.pk}").get_attribute("class")
    assert page.locator("#score-total").inner_text() == "20"
    with page.expect_navigation():
        page.locator("#save-draft").click()
    assert page.locator("#score-errors").inner_text() == "科技含量：分数应在 0 到 30 之间。"
    assert page.locator(f"#id_points_{first.pk}").input_value() == "31"
    assert_no_horizontal_scroll(page)
