"""Blind competitions on the results pages: the head judge computes only once every score is in and sees the
entries by code and title until the results are locked; the organizers compute once judging has closed (or every
score is in) and see everything."""

from __future__ import annotations

import re
from urllib.parse import urldefrag

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services as award_services
from awards.models import Result
from judging.models import Score
from submissions.models import Entry
from tests.factories.competitions import close_judging
from tests.html import flashes, page

pytestmark = pytest.mark.django_db

AUTHORS = ["作者0", "作者1", "作者2", "作者3"]


@pytest.fixture
def named(judged_competition, scored, head_teacher, school_class):
    """The entries have 周老师 as advisor; what would say who made them: authors, class, advisor."""
    Entry.objects.filter(competition=judged_competition).update(advisor=head_teacher)
    return [*AUTHORS, school_class.name, head_teacher.real_name]


def _results_html(client, user, competition) -> str:
    client.force_login(user)
    response = client.get(reverse("judging_results", args=[competition.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _adjust_html(client, user, competition) -> str:
    client.force_login(user)
    result = Result.objects.filter(competition=competition).order_by("rank", "pk").first()
    response = client.get(reverse("judging_result_adjust", args=[result.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _missing_one(competition) -> None:
    score = Score.objects.filter(entry__competition=competition).order_by("pk").first()
    Score.objects.filter(pk=score.pk).update(state=Score.State.DRAFT)


def test_head_judge_of_a_blind_competition_sees_no_names_before_the_lock_and_sees_them_after(
    client, judges, organizer, judged_competition, named
):
    head = judges[0]
    assert judged_competition.blind
    award_services.results_compute(competition=judged_competition, by=head)

    for html in (_results_html(client, head, judged_competition), _adjust_html(client, head, judged_competition)):
        assert [name for name in named if name in html] == []
    doc = page(client.get(reverse("judging_results", args=[judged_competition.pk])))
    assert len(doc.select(".result-row .code")) == 4
    assert doc.select_one("#blind-note") is not None

    award_services.results_lock(competition=judged_competition, by=head)

    html = _results_html(client, head, judged_competition)
    assert [name for name in AUTHORS if name not in html] == []
    assert named[4] in html
    assert 'id="blind-note"' not in html


def test_organizer_always_sees_who_made_the_entries(client, organizer, judged_competition, named):
    _missing_one(judged_competition)
    with pytest.raises(ValidationError, match="还缺 1 份评分"):
        award_services.results_compute(competition=judged_competition, by=organizer)  # judging still open
    close_judging(judged_competition)
    award_services.results_compute(competition=judged_competition, by=organizer)  # judging closed: scores missing

    html = _results_html(client, organizer, judged_competition)

    assert [name for name in AUTHORS if name not in html] == []
    assert named[4] in html
    assert 'id="blind-note"' not in html
    assert 'id="compute-form"' in html


def test_head_judge_of_an_open_competition_sees_the_authors(client, judges, organizer, judged_competition, named):
    judged_competition.blind = False
    judged_competition.save(update_fields=["blind"])
    award_services.results_compute(competition=judged_competition, by=organizer)

    html = _results_html(client, judges[0], judged_competition)

    assert [name for name in AUTHORS if name not in html] == []


def test_head_judge_cannot_compute_while_a_score_is_missing(judges, judged_competition, scored):
    _missing_one(judged_competition)

    with pytest.raises(ValidationError) as excinfo:
        award_services.results_compute(competition=judged_competition, by=judges[0])

    assert excinfo.value.messages == ["所有评分提交后评审组长才能确定成绩：还缺 1 份评分。"]
    assert not Result.objects.filter(competition=judged_competition).exists()
    judged_competition.refresh_from_db()
    assert not judged_competition.results_computed


def test_head_judge_page_says_why_it_cannot_compute_and_the_post_is_refused(client, judges, judged_competition, scored):
    _missing_one(judged_competition)
    client.force_login(judges[0])
    url = reverse("judging_results", args=[judged_competition.pk])

    doc = page(client.get(url))
    response = client.post(reverse("judging_results_compute", args=[judged_competition.pk]), follow=True)

    assert doc.select_one("#compute-form") is None
    assert (
        doc.select_one("#compute-waiting").get_text(strip=True) == "所有评分提交后评审组长才能确定成绩：还缺 1 份评分。"
    )
    assert flashes(response) == ["所有评分提交后评审组长才能确定成绩：还缺 1 份评分。"]
    assert not Result.objects.filter(competition=judged_competition).exists()


def test_head_judge_computes_once_every_score_is_in(client, judges, judged_competition, scored):
    client.force_login(judges[0])

    doc = page(client.get(reverse("judging_results", args=[judged_competition.pk])))
    response = client.post(reverse("judging_results_compute", args=[judged_competition.pk]), follow=True)

    assert doc.select_one("#compute-form") is not None
    assert doc.select_one("#compute-waiting") is None
    assert flashes(response) == ["已计算 4 个作品的成绩。"]
    assert Result.objects.filter(competition=judged_competition).count() == 4


def test_the_other_judging_pages_of_the_head_judge_name_no_author_either(client, judges, judged_competition, named):
    client.force_login(judges[0])

    for url in (reverse("judging_progress", args=[judged_competition.pk]), reverse("judging_home")):
        response = client.get(url)
        html = response.content.decode()
        # The page is there and lists the competition; only the names are missing.
        assert (url, response.status_code, judged_competition.name in html) == (url, 200, True)
        assert (url, [name for name in named if name in html]) == (url, [])


def _crawl(client, start: str, limit: int = 300) -> dict[str, str]:
    """Every page of the site a logged-in user reaches by following links from ``start`` (GET only, same site,
    no logout, no language switch), with what each answered: its HTML, or the name and type of a file."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200:
            seen[url] = ""
            continue
        content_type = response.get("Content-Type", "")
        if "text/html" not in content_type:
            seen[url] = f"{response.get('Content-Disposition', '')} {content_type}"
            continue
        # The conflicts form's class select lists every class of the school, which says nothing about an entry.
        html = re.sub(r'<select name="school_class".*?</select>', "", response.content.decode(), flags=re.S)
        seen[url] = html
        for link in page(response).select("a[href]"):
            href = urldefrag(link["href"]).url
            if href.startswith("/") and not href.startswith(("/accounts/logout", "/i18n/", "/static/", "/admin/")):
                queue.append(href)
    return seen


def test_nothing_the_head_judge_can_reach_before_the_lock_names_an_author(
    client, judges, organizer, judged_competition, named
):
    """Blind: from their home page, every page and file the head judge can open (overview, progress, scoring
    pages, entry files, results and adjustments once computed) shows no author, class or advisor before the
    lock; after it, the results page names them."""
    head = judges[0]
    award_services.results_compute(competition=judged_competition, by=head)
    client.force_login(head)

    reached = _crawl(client, reverse("home"))

    pages = {url: html for url, html in reached.items() if html}
    assert reverse("judging_results", args=[judged_competition.pk]) in pages
    assert any("/score/" in url or "/judge/" in url for url in pages), sorted(pages)
    assert [(url, name) for url, html in pages.items() for name in named if name in html] == []

    award_services.results_lock(competition=judged_competition, by=head)
    html = client.get(reverse("judging_results", args=[judged_competition.pk])).content.decode()
    assert [name for name in AUTHORS if name not in html] == []
