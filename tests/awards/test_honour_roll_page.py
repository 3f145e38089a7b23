"""The honour roll at scale: each award of each competition shows its first eight winners and a link to all of
them, a page at a time; pictures load lazily at the thumbnail's size; the same queries however many winners."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from awards.models import Result
from submissions.models import Entry, EntryState
from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.schools import TeacherFactory
from tests.factories.submissions import AttachmentFactory, many_entries
from tests.html import attrs, page, text_of, texts

pytestmark = pytest.mark.django_db


def published(festival, code, name, position):
    competition = CompetitionFactory(festival=festival, invention=True, code=code, name=name, position=position)
    competition.__class__.objects.filter(pk=competition.pk).update(
        results_computed_at=NOW, results_locked_at=NOW, published_at=NOW, notice_ends_at=NOW + dt.timedelta(days=5)
    )
    competition.refresh_from_db()
    return competition


def winners(competition, author, levels: dict[str, int], *, start=1):
    """So many winners of each level (in order), ranked 1, 2, … within the grade; returns the entries by level."""
    made, number = {}, start
    for level, count in levels.items():
        entries = many_entries(competition, author, count, start=number, state=EntryState.AWARDED)
        Result.objects.bulk_create(
            Result(
                entry=e,
                competition=competition,
                score=D(90),
                group="grade-3",
                rank=number + i,
                level=level,
                computed_level=level,
            )
            for i, e in enumerate(entries)
        )
        made[level], number = entries, number + count
    return made


@pytest.mark.parametrize("count", [3, 30])
def test_the_honour_roll_reads_a_fixed_number_of_queries(client, festival, student, count, django_assert_num_queries):
    # More winners, more competitions and advisors at the larger size: none of it may cost a query more.
    invention = published(festival, "AA", "科技创新制作", 1)
    painting = published(festival, "HH", "科幻画", 2)
    levels = [*winners(invention, student, {"first": count, "second": count}).values()]
    levels += winners(painting, student, {"third": count}, start=1).values()
    for n in range(count // 10):
        other = published(festival, f"B{n}", f"比赛{n}", 3 + n)
        levels += winners(other, student, {"merit": 2}).values()
    for entries in levels:
        AttachmentFactory(entry=entries[0])
    Entry.objects.filter(festival=festival).update(advisor=TeacherFactory(school=festival.school, real_name="赵辅导"))
    client.force_login(student)
    url = reverse("honour_roll", args=[festival.pk])
    client.get(url)

    with django_assert_num_queries(12):
        doc = page(client.get(url))

    assert len(texts(doc, ".honour-card")) == 3 * min(count, 8) + 2 * (count // 10)
    assert texts(doc, ".honour-advisor")[0] == "指导教师：赵辅导"


def test_each_award_shows_eight_winners_and_a_link_to_all_of_them(client, festival, student):
    invention = published(festival, "AA", "科技创新制作", 1)
    made = winners(invention, student, {"first": 5, "second": 30, "third": 300})
    AttachmentFactory(entry=made["first"][0])
    client.force_login(student)

    response = client.get(reverse("honour_roll", args=[festival.pk]))
    doc = page(response)

    assert len(response.content) < 60_000
    assert texts(doc, ".honour-level") == ["一等奖", "二等奖", "三等奖"]
    assert [len(b.select(".honour-card")) for b in doc.select(".honour-level-block")] == [5, 8, 8]
    assert attrs(doc, "[data-level=second] .honour-card", "id") == [f"honour-entry-{e.pk}" for e in made["second"][:8]]
    assert texts(doc, ".honour-more") == ["查看全部 30 件二等奖作品", "查看全部 300 件三等奖作品"]
    assert attrs(doc, "[data-level=third] .honour-more", "href") == [
        reverse("honour_roll", args=[festival.pk]) + f"?competition={invention.pk}&level=third"
    ]
    (img,) = doc.select(".honour-card img")
    assert (img["loading"], img["width"], img["height"]) == ("lazy", "480", "360")


def test_all_winners_of_one_award_are_shown_a_page_at_a_time(client, festival, student):
    invention = published(festival, "AA", "科技创新制作", 1)
    made = winners(invention, student, {"first": 5, "third": 100})
    client.force_login(student)
    url = reverse("honour_roll", args=[festival.pk])

    doc = page(client.get(url, {"competition": invention.pk, "level": "third"}))
    last = page(client.get(url, {"competition": invention.pk, "level": "third", "page": 3}))

    assert texts(doc, ".honour-competition-name") == ["科技创新制作"]
    assert texts(doc, ".honour-level") == ["三等奖"]
    assert text_of(doc, ".honour-level-count") == "共 100 件作品"
    assert attrs(doc, ".honour-card", "id") == [f"honour-entry-{e.pk}" for e in made["third"][:48]]
    assert attrs(doc, ".pagination a", "href") == [f"?competition={invention.pk}&level=third&page=2"]
    assert attrs(last, ".honour-card", "id") == [f"honour-entry-{e.pk}" for e in made["third"][96:]]
    assert attrs(doc, "#honour-back", "href") == [url]
    assert doc.select(".honour-more, #collective-awards") == []


def test_an_award_nobody_won_or_of_an_unpublished_competition_is_not_found(client, festival, student):
    invention = published(festival, "AA", "科技创新制作", 1)
    winners(invention, student, {"first": 2})
    hidden = CompetitionFactory(festival=festival, invention=True, code="HH", name="科幻画")
    winners(hidden, student, {"first": 2})
    client.force_login(student)
    url = reverse("honour_roll", args=[festival.pk])

    assert client.get(url, {"competition": invention.pk, "level": "second"}).status_code == 404
    assert client.get(url, {"competition": hidden.pk, "level": "first"}).status_code == 404
