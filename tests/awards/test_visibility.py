"""One rule for what an entry's state says (awards.visibility, the ``shown_state_for`` filter): awarded or not
reads "in judging" (评审中) on the lower apps' pages until the entry's competition is published (each competition on
its own; again after its publication is withdrawn), to everyone but the organizers of the school, who see the real
state throughout."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards import services as award_services
from awards import visibility
from awards.models import Publication
from judging import services as judging_services
from submissions.models import Entry, EntryState
from tests.factories.awards import publish_locked
from tests.factories.competitions import AwardTierFactory, CompetitionFactory, add_rubric, open_judging
from tests.factories.judging import score_all
from tests.factories.submissions import accept_entries
from tests.html import page, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(judged_competition, scored, organizer):
    """Computed and locked, not published: 一等奖, 二等奖, 二等奖 and no award."""
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    return scored


@pytest.fixture
def entry(locked):
    """作者0's entry, 一等奖: awarded (已获奖)."""
    return locked[0]


def _pages(entry, who: str) -> list[str]:
    urls = [reverse("entry_detail", args=[entry.pk]), reverse("gallery")]
    if who == "author":
        urls.append(reverse("my_entries"))
    if who == "head_teacher":
        urls.append(reverse("class_dashboard", args=[entry.school_class_id, entry.competition_id]))
    return urls


def _badges(client, user, url) -> tuple[list[str], str]:
    client.force_login(user)
    response = client.get(url)
    doc = page(response)
    return texts(doc, ".entry-state"), response.content.decode()


def _assert_in_judging(client, user, urls) -> None:
    for url in urls:
        badges, source = _badges(client, user, url)

        assert "评审中" in badges, url
        assert "已获奖" not in source and "未获奖" not in source, url
        assert "state-awarded" not in source and "state-not_awarded" not in source, url


@pytest.fixture
def painting(festival, entry, head_teacher, organizer, judges):
    """科幻画 (HB), a second competition of the festival: 作者0's painting judged 一等奖 and locked, not published."""
    painting = CompetitionFactory(
        festival=festival, invention=True, code="HB", name="科幻画", class_quota=5, entries_per_student=1
    )
    add_rubric(painting)
    AwardTierFactory(competition=painting, level="first", amount=1)
    (painted,) = accept_entries(painting, [entry.authors.get()], head_teacher=head_teacher, organizer=organizer)
    open_judging(painting)
    judging_services.panel_set(competition=painting, judges=judges[:2], head_judge=judges[0], by=organizer)
    judging_services.assignments_plan(competition=painting, by=organizer)
    score_all(painting, {painted.pk: 85})
    award_services.results_compute(competition=painting, by=organizer)
    award_services.results_lock(competition=painting, by=organizer)
    return Entry.objects.select_related("competition").get(pk=painted.pk)


@pytest.mark.parametrize("who", ["author", "head_teacher"])
def test_before_publication_the_author_and_head_teacher_see_in_judging(client, entry, head_teacher, who):
    user = entry.authors.get() if who == "author" else head_teacher
    entry.refresh_from_db()
    assert entry.state == EntryState.AWARDED
    _assert_in_judging(client, user, _pages(entry, who))


@pytest.mark.parametrize("who", ["author", "head_teacher"])
def test_after_publication_they_see_the_award(client, festival, entry, head_teacher, organizer, who):
    publish_locked(festival=festival, by=organizer)
    user = entry.authors.get() if who == "author" else head_teacher
    for url in _pages(entry, who):
        badges, _source = _badges(client, user, url)

        assert "已获奖" in badges, url


def test_the_organizer_sees_the_real_state_before_and_after_publication(client, festival, entry, organizer):
    for url in _pages(entry, "organizer"):
        assert "已获奖" in _badges(client, organizer, url)[0], url
    publish_locked(festival=festival, by=organizer)
    for url in _pages(entry, "organizer"):
        assert "已获奖" in _badges(client, organizer, url)[0], url


def test_the_rule(festival, entry, judges, organizer, other_organizer, head_teacher):
    entry.refresh_from_db()
    author = entry.authors.get()
    for user in (author, head_teacher, judges[0], other_organizer, None):
        assert visibility.shown_state(entry, user) == EntryState.IN_JUDGING
    assert visibility.shown_state(entry, organizer) == EntryState.AWARDED
    publish_locked(festival=festival, by=organizer)
    entry.refresh_from_db()
    for user in (author, head_teacher, judges[0], other_organizer, None, organizer):
        assert visibility.shown_state(entry, user) == EntryState.AWARDED


def test_each_competition_shows_its_awards_once_it_is_published_itself(
    client, judged_competition, entry, painting, head_teacher, organizer
):
    author = entry.authors.get()
    award_services.results_publish(competitions=[judged_competition], by=organizer)
    entry = Entry.objects.select_related("competition").get(pk=entry.pk)
    painting_entry = Entry.objects.select_related("competition").get(pk=painting.pk)

    assert painting_entry.state == EntryState.AWARDED
    assert visibility.shown_state(entry, author) == EntryState.AWARDED
    for user in (author, head_teacher, None):
        assert visibility.shown_state(painting_entry, user) == EntryState.IN_JUDGING
    assert visibility.shown_state(painting_entry, organizer) == EntryState.AWARDED
    assert "已获奖" in _badges(client, author, reverse("entry_detail", args=[entry.pk]))[0]
    _assert_in_judging(client, author, [reverse("entry_detail", args=[painting.pk])])
    # My entries lists both: the invention awarded, the painting still in judging.
    badges, _source = _badges(client, author, reverse("my_entries"))
    assert sorted(badges) == sorted(["已获奖", "评审中"])


@pytest.mark.parametrize("who", ["author", "head_teacher"])
def test_a_withdrawn_publication_hides_the_award_again(client, festival, entry, head_teacher, organizer, who):
    user = entry.authors.get() if who == "author" else head_teacher
    publication = publish_locked(festival=festival, by=organizer)
    assert "已获奖" in _badges(client, user, reverse("entry_detail", args=[entry.pk]))[0]

    award_services.publication_withdraw(publication=publication, by=organizer, reason="分组有误，更正后重新公布")

    assert Publication.objects.get().withdrawn
    entry = Entry.objects.select_related("competition").get(pk=entry.pk)
    assert (visibility.shown_state(entry, user), visibility.shown_state(entry, organizer)) == (
        EntryState.IN_JUDGING,
        EntryState.AWARDED,
    )
    _assert_in_judging(client, user, _pages(entry, who))
