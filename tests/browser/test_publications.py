"""Two competitions of one festival published on different days, each with its own public notice period (公示) and
an objection of its own: the organizer publishes on the publish page, the student follows on a phone."""

from __future__ import annotations

import datetime as dt

import pytest

from awards import services as award_services
from awards.models import Objection, Publication
from competitions.models import Competition
from judging import services as judging_services
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.competitions import AwardTierFactory, add_rubric
from tests.factories.judging import score_all
from tests.factories.schools import PASSWORD
from tests.factories.submissions import accept_entries


def texts(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


@pytest.fixture
def two_locked(judged_competition, other_competition, accepted_entries, panel, school_class, head_teacher, organizer):
    """科技创新制作 (作者0 … 作者3: 90, 80, 80, 60) and 科幻画 (作者1's second work: 85, alone in it), both computed
    and locked, nothing published."""
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    score_all(judged_competition, dict(zip([e.pk for e in accepted_entries], [90, 80, 80, 60], strict=True)))
    add_rubric(other_competition)
    AwardTierFactory(competition=other_competition, level="first", amount=1)
    author = accepted_entries[1].authors.get()
    (painting,) = accept_entries(other_competition, [author], head_teacher=head_teacher, organizer=organizer)
    judging_services.assignments_plan(competition=other_competition, by=organizer)
    score_all(other_competition, {painting.pk: 85})
    for competition in (judged_competition, other_competition):
        award_services.results_compute(competition=competition, by=organizer)
        award_services.results_lock(competition=competition, by=organizer)
    return {"author": author, "invention": accepted_entries[1], "painting": painting}


def _publish(page, festival, names: list[str], days: str) -> None:
    page.goto(f"/judging/festivals/{festival.pk}/publish/")
    for box in page.locator("#publish-form input[name=competitions]").all():
        label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip()
        box.set_checked(label in names)
    page.fill("#id_notice_days", days)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#publish-form button[type=submit]")


def _days_ago(publication: Publication, days: int) -> None:
    """The browser cannot wait three days: move a publication (and its competitions) back in time."""
    shift = dt.timedelta(days=days)
    publication.published_at -= shift
    publication.notice_ends_at -= shift
    publication.save(update_fields=["published_at", "notice_ends_at"])
    Competition.objects.filter(publications=publication).update(
        published_at=publication.published_at, notice_ends_at=publication.notice_ends_at
    )


@pytest.mark.django_db(transaction=True)
def test_two_competitions_are_published_days_apart_each_with_its_own_notice_and_objection(
    page, phone_page, login, festival, organizer, two_locked, judged_competition, other_competition
):
    invention, painting = two_locked["invention"], two_locked["painting"]

    # Day 1: the organizer publishes the inventions alone, with five days of 公示.
    login(page, organizer.username, PASSWORD)
    page.goto(f"/judging/festivals/{festival.pk}/publish/")
    assert texts(page, "#stages .stage-badge") == ["成绩已锁定", "成绩已锁定"]
    _publish(page, festival, ["科技创新制作"], "5")
    assert texts(page, ".alert-success") == ["已公布：科技创新制作。公示期开始。"]
    assert texts(page, "#stages .stage-badge") == ["公示中", "成绩已锁定"]
    first = Publication.objects.get()
    _days_ago(first, 3)

    # Three days later the student reads one result in its 公示 and the other not published yet, and objects.
    login(phone_page, two_locked["author"].username, PASSWORD)
    phone_page.goto("/results/")
    assert texts(phone_page, f"#entry-{invention.pk} .level") == ["二等奖"]
    assert texts(phone_page, f"#notice-open-{judged_competition.pk} .js-countdown")[0].startswith("还剩1天")
    assert phone_page.locator(f"#entry-{painting.pk} .level").count() == 0
    assert phone_page.locator(f"#not-published-{other_competition.pk}").is_visible()
    assert_no_horizontal_scroll(phone_page)
    with phone_page.expect_navigation():
        phone_page.click(f"#entry-{invention.pk} .object-link")
    phone_page.fill("#id_reason", "装置可以自动浇水，创新性评分偏低")
    with phone_page.expect_navigation():
        phone_page.click("#objection-form button[type=submit]")
    assert texts(phone_page, f"#entry-{invention.pk} .objection-state") == ["等待答复"]

    # The paintings are published that day, with a week of 公示 of their own.
    _publish(page, festival, ["科幻画"], "7")
    assert texts(page, "#stages .stage-badge") == ["公示中", "公示中"]
    assert len(page.locator(".publication-card").all()) == 2

    # The student sees both, each counting down to its own end, and objects to the painting too.
    phone_page.goto("/results/")
    assert texts(phone_page, f"#entry-{painting.pk} .level") == ["一等奖"]
    assert texts(phone_page, f"#notice-open-{other_competition.pk} .js-countdown")[0].startswith("还剩6天")
    assert texts(phone_page, f"#notice-open-{judged_competition.pk} .js-countdown")[0].startswith("还剩1天")
    with phone_page.expect_navigation():
        phone_page.click(f"#entry-{painting.pk} .object-link")
    phone_page.fill("#id_reason", "想知道评委的意见")
    with phone_page.expect_navigation():
        phone_page.click("#objection-form button[type=submit]")

    # The organizer has two objections waiting, one per competition, and both notices on the page.
    page.goto(f"/judging/festivals/{festival.pk}/objections/")
    assert texts(page, "#open-count") == ["2 条异议等待答复。"]
    assert page.locator(f"#notice-open-{judged_competition.pk}").is_visible()
    assert page.locator(f"#notice-open-{other_competition.pk}").is_visible()
    assert sorted(Objection.objects.values_list("result__competition__name", flat=True)) == ["科幻画", "科技创新制作"]
    second = Publication.objects.exclude(pk=first.pk).get()
    assert (second.notice_ends_at - second.published_at).days == 7
    assert (first.notice_ends_at - first.published_at).days == 5
