"""The organizer computes, locks and publishes the results of a scored competition; the head judge reads
the same results on a phone."""

from __future__ import annotations

import pytest

from awards.models import Publication
from judging import services
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.judging import score_all
from tests.factories.schools import PASSWORD


def texts(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


@pytest.mark.django_db(transaction=True)
def test_organizer_computes_locks_and_publishes_the_results(
    page,
    phone_page,
    login,
    organizer,
    festival,
    judged_competition,
    accepted_entries,
    judges,
    panel,
):
    services.assignments_plan(competition=judged_competition, by=organizer)
    score_all(judged_competition, dict(zip([e.pk for e in accepted_entries], [90, 80, 80, 60], strict=True)))
    page.on("dialog", lambda dialog: dialog.accept())

    # The overview shows every score in and no results yet.
    login(page, organizer.username, PASSWORD)
    with page.expect_navigation():
        page.click("#nav-judging")
    assert texts(page, "#judging-overview .scoring") == ["8 / 8"]
    assert texts(page, "#judging-overview .results-state") == ["未计算"]

    # Compute: one table for 三年级, ties share the higher award.
    with page.expect_navigation():
        page.click("#judging-overview .results-state a")
    with page.expect_navigation():
        page.click("#compute-form button")
    assert texts(page, ".alert-success") == ["已计算 4 个作品的成绩。"]
    assert texts(page, ".result-group h2") == ["三年级"]
    assert texts(page, ".result-row .level") == ["一等奖", "二等奖", "二等奖", "—"]

    # Lock (after confirming): no more computing or adjusting.
    with page.expect_navigation():
        page.click("#lock-form button")
    assert texts(page, ".alert-success") == ["成绩已锁定，评分现在只读。"]
    assert page.locator("#compute-form").count() == 0
    assert page.get_by_role("link", name="调整").count() == 0

    # Publish with the default five days of public notice.
    with page.expect_navigation():
        page.click(".breadcrumb a")
    with page.expect_navigation():
        page.click("text=发布结果")
    assert texts(page, "#stages .stage-badge") == ["成绩已锁定"]
    assert page.locator("#publish-form input[name=competitions]").is_checked()
    assert page.input_value("#id_notice_days") == "5"
    with page.expect_navigation():
        page.click("#publish-form button[type=submit]")
    assert texts(page, ".alert-success")[0] == "已公布：科技创新制作。公示期开始。"
    assert texts(page, "#stages .stage-badge") == ["公示中"]
    assert page.locator(".publication-card").is_visible()
    publication = Publication.objects.get(festival=festival)
    assert (publication.notice_ends_at - publication.published_at).days == 5

    # The head judge reads the locked results on a phone without scrolling sideways.
    login(phone_page, judges[0].username, PASSWORD)
    phone_page.goto(f"/judging/competitions/{judged_competition.pk}/results/")
    assert texts(phone_page, ".result-row .level") == ["一等奖", "二等奖", "二等奖", "—"]
    assert phone_page.locator("#locked-note").is_visible()
    assert_no_horizontal_scroll(phone_page)
