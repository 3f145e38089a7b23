"""The results page at scale: one award group or all, 50 rows a page, a search by code or title, and the same
queries and a small page however many entries the competition has."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from awards.models import Result
from tests.factories.competitions import CompetitionFactory
from tests.factories.schools import SchoolClassFactory, StudentFactory
from tests.factories.submissions import many_entries
from tests.html import attrs, page, text_of, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(festival):
    return CompetitionFactory(festival=festival, invention=True, code="AA", award_grouping="grade")


@pytest.fixture
def fourth_grader(school):
    return StudentFactory(school_class=SchoolClassFactory(grade__school=school, grade__number=4, number=1))


def results(competition, author, count, *, group, start=1):
    """``count`` results of the group, ranked 1, 2, … by a falling score; every tenth a third prize."""
    entries = many_entries(competition, author, count, start=start)
    return Result.objects.bulk_create(
        Result(
            entry=e,
            competition=competition,
            score=D(100) - D(n) / 4,
            judges=2,
            spread=D("1.50"),
            group=group,
            rank=n,
            level="third" if n % 10 == 0 else "",
            computed_level="third" if n % 10 == 0 else "",
        )
        for n, e in enumerate(entries, start=1)
    )


@pytest.mark.parametrize("count", [3, 30])
def test_the_results_page_reads_a_fixed_number_of_queries(
    client, organizer, competition, student, fourth_grader, count, django_assert_num_queries
):
    results(competition, student, count, group="grade-3")
    results(competition, fourth_grader, count, group="grade-4", start=count + 1)
    client.force_login(organizer)
    url = reverse("judging_results", args=[competition.pk])
    client.get(url)

    with django_assert_num_queries(10):
        doc = page(client.get(url))

    assert len(texts(doc, ".result-row")) == min(2 * count, 50)


def test_a_large_competition_shows_fifty_results_a_page_in_a_small_page(
    client, organizer, competition, student, fourth_grader
):
    results(competition, student, 200, group="grade-3")
    results(competition, fourth_grader, 100, group="grade-4", start=201)
    client.force_login(organizer)

    response = client.get(reverse("judging_results", args=[competition.pk]))
    doc = page(response)

    assert len(response.content) < 100_000
    assert len(texts(doc, ".result-row")) == 50
    assert texts(doc, ".result-group h2") == ["三年级"]
    assert text_of(doc, ".group-count") == "共 200 件作品"
    assert texts(doc, "#result-groups a") == ["全部组别", "三年级", "四年级"]
    assert text_of(doc, ".pagination") == "第 1 页，共 6 页 下一页"
    assert texts(doc, ".result-row .score")[:2] == ["99.75", "99.50"]


def test_one_award_group_is_shown_with_its_own_pages(client, organizer, competition, student, fourth_grader):
    results(competition, student, 200, group="grade-3")
    results(competition, fourth_grader, 60, group="grade-4", start=201)
    client.force_login(organizer)
    url = reverse("judging_results", args=[competition.pk])

    doc = page(client.get(url, {"group": "grade-4"}))
    second = page(client.get(url, {"group": "grade-4", "page": 2}))

    assert texts(doc, "#result-groups .active") == ["四年级"]
    assert texts(doc, ".result-group h2") == ["四年级"]
    assert texts(doc, ".result-row .code")[0] == "2026-AA-0201"
    assert attrs(doc, ".pagination a", "href") == ["?group=grade-4&page=2"]
    assert texts(second, ".result-row .code") == [f"2026-AA-{n:04d}" for n in range(251, 261)]


def test_the_results_are_searched_by_code_or_title_within_the_group(
    client, organizer, competition, student, fourth_grader
):
    results(competition, student, 60, group="grade-3")
    results(competition, fourth_grader, 60, group="grade-4", start=61)
    client.force_login(organizer)
    url = reverse("judging_results", args=[competition.pk])

    by_code = page(client.get(url, {"q": "0070"}))
    by_title = page(client.get(url, {"q": "作品7", "group": "grade-3"}))
    nothing = page(client.get(url, {"q": "没有这个"}))

    assert texts(by_code, ".result-row .code") == ["2026-AA-0070"]
    assert texts(by_code, ".result-group h2") == ["四年级"]
    assert attrs(by_code, "#result-groups a", "href") == ["?q=0070", "?q=0070&group=grade-3", "?q=0070&group=grade-4"]
    assert texts(by_title, ".result-row .title") == ["作品7"]
    assert text_of(nothing, "#results-no-match") == "没有符合条件的作品。"


def test_the_adjust_links_are_made_for_each_row(client, organizer, competition, student):
    made = results(competition, student, 3, group="grade-3")
    client.force_login(organizer)

    doc = page(client.get(reverse("judging_results", args=[competition.pk])))

    assert attrs(doc, ".result-row a", "href") == [reverse("judging_result_adjust", args=[r.pk]) for r in made]
