"""One rule for what an entry's state says (awards.visibility, the ``shown_state_for`` filter): awarded or not
reads "in judging" (评审中) on the lower apps' pages until the festival is published and the competition locked,
to everyone but the organizers of the school, who see the real state throughout."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards import services as award_services
from awards import visibility
from submissions.models import EntryState
from tests.factories.awards import publish_locked
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


@pytest.mark.parametrize("who", ["author", "head_teacher"])
def test_before_publication_the_author_and_head_teacher_see_in_judging(client, entry, head_teacher, who):
    user = entry.authors.get() if who == "author" else head_teacher
    entry.refresh_from_db()
    assert entry.state == EntryState.AWARDED
    for url in _pages(entry, who):
        badges, source = _badges(client, user, url)

        assert "评审中" in badges, url
        assert "已获奖" not in source and "未获奖" not in source, url
        assert "state-awarded" not in source and "state-not_awarded" not in source, url


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
