"""After publication: the student sees the award and the honour roll shows it with its picture; a head teacher
objects to a result, the organizer rejects the objection with a reason, and the teacher reads the answer."""

from __future__ import annotations

import pytest

from awards import services as award_services
from awards.models import Objection
from judging import services as judging_services
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.awards import publish_locked
from tests.factories.judging import score_all
from tests.factories.schools import PASSWORD


def texts(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


@pytest.fixture
def published(festival, judged_competition, accepted_entries, judges, panel, organizer):
    """Scored 90, 80, 80, 60; computed, locked and published by the organizer (一等奖, 二等奖, 二等奖, none)."""
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    score_all(judged_competition, dict(zip([e.pk for e in accepted_entries], [90, 80, 80, 60], strict=True)))
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    publish_locked(festival=festival, by=organizer)
    return accepted_entries


@pytest.mark.django_db(transaction=True)
def test_the_student_sees_the_award_and_the_honour_roll_shows_it_with_the_picture(
    phone_page,
    login,
    published,
):
    page = phone_page
    winner = published[0]
    author = winner.authors.get()

    # The student's results, on a phone: award, score, rank and the public notice countdown.
    login(page, author.username, PASSWORD)
    assert page.locator("#home-results").is_visible()
    with page.expect_navigation():
        page.click("#home-my-results")
    card = page.locator(f"#entry-{winner.pk}")
    assert texts(page, f"#entry-{winner.pk} .level") == ["一等奖"]
    assert texts(page, f"#entry-{winner.pk} .score") == ["90.00"]
    assert texts(page, f"#entry-{winner.pk} .rank") == ["三年级第 1 名"]
    assert card.locator(".object-link").is_visible()
    assert texts(page, ".notice-open .js-countdown")[0].startswith("还剩")
    assert_no_horizontal_scroll(page)

    # The honour roll: the winning work's picture, its author and class, 一等奖 first.
    with page.expect_navigation():
        page.click(".honour-roll-link")
    assert texts(page, ".honour-level") == ["一等奖", "二等奖"]
    figure = page.locator(f"#honour-entry-{winner.pk}")
    assert texts(page, f"#honour-entry-{winner.pk} .honour-authors") == ["作者0"]
    assert texts(page, f"#honour-entry-{winner.pk} .honour-class") == ["三年级2班"]
    image = figure.locator("img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert_no_horizontal_scroll(page)

    # The picture opens large in the lightbox.
    figure.locator("a.js-lightbox").click()
    page.locator("#lightbox").wait_for(state="visible")
    page.wait_for_function(
        "() => { const i = document.getElementById('lightbox-image'); return i.complete && i.naturalWidth > 0; }"
    )
    assert texts(page, "#lightbox-title") == [f"一等奖 · {winner.title}"]


@pytest.mark.django_db(transaction=True)
def test_a_teacher_objects_and_reads_the_organizers_reasoned_rejection(
    page,
    phone_page,
    login,
    published,
    head_teacher,
    organizer,
    festival,
):
    second = published[1]

    # The head teacher objects on a phone.
    login(phone_page, head_teacher.username, PASSWORD)
    phone_page.goto("/results/")
    assert texts(phone_page, f"#entry-{second.pk} .level") == ["二等奖"]
    with phone_page.expect_navigation():
        phone_page.click(f"#entry-{second.pk} .object-link")
    phone_page.click("#objection-form button[type=submit]")  # empty: refused in the browser's page
    phone_page.wait_for_selector("#objection-form .invalid-feedback")
    assert texts(phone_page, "#objection-form .invalid-feedback") == ["请写明异议的内容和理由。"]
    phone_page.fill("#id_reason", "作者1的作品创新性突出，评分偏低")
    with phone_page.expect_navigation():
        phone_page.click("#objection-form button[type=submit]")
    assert texts(phone_page, ".alert-success") == ["异议已提交，组委会将在这里答复。"]
    assert texts(phone_page, f"#entry-{second.pk} .objection-state") == ["等待答复"]
    assert_no_horizontal_scroll(phone_page)

    # The organizer finds it on the home page, rejects it with a reason.
    objection = Objection.objects.get()
    login(page, organizer.username, PASSWORD)
    with page.expect_navigation():
        page.click("#home-objections")
    assert texts(page, "#open-count") == ["1 条异议等待答复。"]
    form = page.locator(f"#answer-form-{objection.pk}")
    assert form.locator("select[name=new_level]").is_hidden()
    form.get_by_label("采纳异议", exact=True).check()
    assert form.locator("select[name=new_level]").is_visible()
    form.get_by_label("不采纳异议").check()
    assert form.locator("select[name=new_level]").is_hidden()
    form.locator("textarea").fill("三位评委复核，评分无误")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert texts(page, ".alert-success") == ["异议未采纳；周老师会看到你的理由。"]
    assert texts(page, f"#objection-{objection.pk} .objection-state") == ["未采纳"]
    assert page.locator(".answer-form").count() == 0

    # The teacher reads the answer beside the result, which stays as it was.
    phone_page.reload()
    assert texts(phone_page, f"#entry-{second.pk} .objection-state") == ["未采纳"]
    assert texts(phone_page, f"#entry-{second.pk} .objection-answer") == ["答复：三位评委复核，评分无误"]
    assert texts(phone_page, f"#entry-{second.pk} .level") == ["二等奖"]
