"""The assignments page at scale: 50 entries a page, those short of judges first; filtered to the entries short
of judges, without any or of one judge, searched by code or title; adding or taking off a judge comes back to the
page as it was filtered; the same queries and a small page however many entries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from judging import services as judging_services
from judging.models import Assignment
from tests.factories.schools import JudgeFactory
from tests.factories.submissions import many_entries
from tests.html import attrs, flashes, page, text_of, texts

pytestmark = pytest.mark.django_db


def entries_with_judges(competition, author, judges, count, *, judged=2, start=1):
    """``count`` entries in judging, each given the first ``judged`` judges (2 covers the competition)."""
    entries = many_entries(competition, author, count, start=start)
    Assignment.objects.bulk_create(Assignment(entry=e, judge=j) for e in entries for j in judges[:judged])
    return entries


@pytest.mark.parametrize("count", [3, 30])
def test_the_assignments_page_reads_a_fixed_number_of_queries(
    client, organizer, judged_competition, panel, judges, student, count, django_assert_num_queries
):
    entries_with_judges(judged_competition, student, judges, count)
    entries_with_judges(judged_competition, student, judges, count, judged=1, start=count + 1)
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])
    client.get(url)

    with django_assert_num_queries(10):
        doc = page(client.get(url))

    assert len(texts(doc, "#coverage tbody tr")) == min(2 * count, 50)


def test_a_large_competition_lists_fifty_entries_a_page_in_a_small_page(
    client, organizer, judged_competition, panel, judges, student, school
):
    more = [JudgeFactory(school=school, real_name=f"专家{i}") for i in range(12)]
    everyone = [*judges, *more]
    judging_services.panel_set(competition=judged_competition, judges=everyone, head_judge=judges[0], by=organizer)
    entries_with_judges(judged_competition, student, judges, 280)
    short = entries_with_judges(judged_competition, student, judges, 20, judged=0, start=281)
    client.force_login(organizer)

    response = client.get(reverse("judging_assignments", args=[judged_competition.pk]))
    doc = page(response)

    assert len(response.content) < 200_000
    assert len(texts(doc, "#coverage tbody tr")) == 50
    assert attrs(doc, "#coverage tbody tr", "id")[:20] == [f"entry-{e.pk}" for e in short]
    assert text_of(doc, "#coverage-summary") == "20 个作品缺评委"
    assert text_of(doc, ".pagination") == "第 1 页，共 6 页 下一页"


def test_the_entries_are_filtered_and_the_filter_is_kept_across_pages(
    client, organizer, judged_competition, panel, judges, student
):
    covered = entries_with_judges(judged_competition, student, judges, 60)
    half = entries_with_judges(judged_competition, student, judges[1:], 55, judged=1, start=61)
    none = entries_with_judges(judged_competition, student, judges, 5, judged=0, start=116)
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])

    short = page(client.get(url, {"show": "short"}))
    short_2 = page(client.get(url, {"show": "short", "page": 2}))
    unassigned = page(client.get(url, {"show": "unassigned"}))
    of_judge = page(client.get(url, {"judge": judges[0].pk}))
    found = page(client.get(url, {"q": covered[3].code}))

    assert texts(short, "#coverage-show .active") == ["缺评委"]
    assert text_of(short, "#coverage-count") == "共 60 件作品"
    assert attrs(short, ".pagination a", "href") == ["?show=short&page=2"]
    assert attrs(short_2, "#coverage tbody tr", "id") == [f"entry-{e.pk}" for e in [*half[50:], *none]]
    assert attrs(unassigned, "#coverage tbody tr", "id") == [f"entry-{e.pk}" for e in none]
    assert text_of(of_judge, "#coverage-count") == "共 60 件作品"
    assert attrs(of_judge, "#coverage-show a", "href")[1] == f"?judge={judges[0].pk}&show=short"
    assert attrs(of_judge, "#id_judge option[selected]", "value") == [str(judges[0].pk)]
    assert texts(found, "#coverage tbody .entry-code") == [covered[3].code]


def test_adding_a_judge_returns_to_the_page_as_it_was_filtered(
    client, organizer, judged_competition, panel, judges, student
):
    (entry,) = entries_with_judges(judged_competition, student, judges, 1, judged=1)
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])
    doc = page(client.get(url, {"show": "short"}))
    (back,) = attrs(doc, f"#entry-{entry.pk} .assignment-add input[name=next]", "value")

    response = client.post(
        reverse("judging_assignment_add", args=[judged_competition.pk]),
        {"entry": entry.pk, "judge": judges[1].pk, "next": back},
    )
    elsewhere = client.post(
        reverse("judging_assignment_add", args=[judged_competition.pk]),
        {"entry": entry.pk, "judge": judges[2].pk, "next": "https://example.com/"},
        follow=True,
    )

    assert response["Location"] == f"{url}?show=short"
    assert elsewhere.redirect_chain == [(url, 302)]
    assert flashes(elsewhere) == [f"评委2 将评审作品 {entry.code}。", f"评委3 将评审作品 {entry.code}。"]


def test_taking_a_judge_off_goes_through_the_one_remove_form_and_returns_to_the_filtered_page(
    client, organizer, judged_competition, panel, judges, student
):
    (entry,) = entries_with_judges(judged_competition, student, judges, 1, judged=2)
    assignment = Assignment.objects.get(entry=entry, judge=judges[1])
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])
    doc = page(client.get(url, {"judge": judges[1].pk}))
    button = doc.select_one(f"#entry-{entry.pk} button[value='{assignment.pk}']")
    (back,) = attrs(doc, "#assignment-remove input[name=next]", "value")

    response = client.post(
        reverse("judging_assignment_remove", args=[judged_competition.pk]),
        {"assignment": button["value"], "next": back},
        follow=True,
    )

    assert (button["form"], button["name"]) == ("assignment-remove", "assignment")
    assert response.redirect_chain == [(f"{url}?judge={judges[1].pk}", 302)]
    assert flashes(response) == [f"评委2 不再评审作品 {entry.code}。"]
    assert text_of(response, "#coverage-no-match") == "没有符合条件的作品。"
