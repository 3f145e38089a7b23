"""Last year's demo festival as seed_demo leaves it: judged by several judges each, awarded, locked and
published, so the honour roll, my results, the class points and the exports have content."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from awards import services
from awards.models import CollectiveAward, Objection, Result, SpecialAward
from competitions.models import Festival
from core.exporters import EXPORTERS, Heading, SpreadsheetExporter
from judging.models import Assignment, ConflictDeclaration, Panel, Score
from schools.models import SchoolClass, User
from submissions.models import Attachment, AttachmentRole, Entry, EntryState
from tests.competitions.html import parse
from tests.demo.test_submissions import _isolated_files, demo  # noqa: F401 - the module's one seed

pytestmark = pytest.mark.django_db


def last_year() -> Festival:
    return Festival.objects.order_by("year").first()


def test_every_competition_with_entries_is_locked_published_and_final():
    festival = last_year()
    judged = festival.competitions.filter(entries__isnull=False).distinct()

    assert judged.count() == 4
    assert judged.filter(results_locked_at__isnull=False).count() == 4
    assert all(services.results_final(c) for c in judged)
    assert not Entry.objects.filter(festival=festival, state=EntryState.IN_JUDGING)
    this_year = Festival.objects.order_by("year").last()
    assert not this_year.competitions.filter(published_at__isnull=False).exists()


def test_last_year_was_published_in_two_publications_a_week_apart():
    first, second = last_year().publications.order_by("published_at")

    assert second.published_at - first.published_at == dt.timedelta(days=7)
    assert first.competitions.count() + second.competitions.count() == 4
    assert not first.withdrawn and not second.withdrawn
    # Each with its own five days of 公示, which the competitions carry.
    for publication in (first, second):
        assert publication.notice_ends_at - publication.published_at == dt.timedelta(days=5)
        assert {c.notice_ends_at for c in publication.competitions.all()} == {publication.notice_ends_at}


def test_each_entry_was_scored_by_three_judges_within_the_judging_window():
    festival = last_year()
    scores = Score.objects.filter(entry__festival=festival).select_related("entry__competition")

    per_entry = scores.values("entry").annotate(n=Count("pk"))
    assert {row["n"] for row in per_entry} == {3}
    assert per_entry.count() == Entry.objects.filter(festival=festival).count()
    assert not scores.exclude(state=Score.State.SUBMITTED)
    for score in scores:
        competition = score.entry.competition
        assert competition.judging_opens <= score.submitted_at < competition.judging_closes
    totals = set(scores.values_list("total", flat=True))
    assert len(totals) > 30
    assert max(totals) <= Decimal(100)


def test_no_judge_scored_an_entry_of_a_class_they_head_or_advised():
    for assignment in Assignment.objects.filter(entry__festival=last_year()).select_related(
        "entry__school_class", "judge"
    ):
        assert assignment.entry.advisor_id != assignment.judge_id
        assert assignment.entry.school_class.head_teacher_id != assignment.judge_id


def test_an_expert_declared_their_child_and_scored_none_of_its_entries():
    conflict = ConflictDeclaration.objects.select_related("judge", "student").get()

    assert not conflict.judge.is_teacher
    assert conflict.student.entries.filter(festival=last_year()).exists()
    assert not Assignment.objects.filter(judge=conflict.judge, entry__authors=conflict.student)


def test_panels_have_a_head_judge_and_the_demo_judges():
    panels = Panel.objects.filter(competition__festival=last_year()).select_related("head_judge")

    assert panels.count() == 4
    assert all(p.head_judge is not None and p.judges.filter(pk=p.head_judge_id).exists() for p in panels)
    assert {"judge", "t0801"} <= set(panels.values_list("judges__username", flat=True))
    assert {"judge", "judge2", "t0801"} == set(panels.values_list("head_judge__username", flat=True))


def test_every_award_group_gives_awards_and_one_result_was_adjusted_with_a_reason():
    results = Result.objects.filter(competition__festival=last_year())

    groups = results.values("competition", "group").annotate(awarded=Count("pk", filter=~Q(level="")))
    assert all(row["awarded"] >= 1 for row in groups)
    adjusted = [r for r in results if r.adjusted]
    assert len(adjusted) == 1
    assert adjusted[0].adjust_reason


def test_the_honour_roll_lists_every_winner_with_a_picture(client):
    festival = last_year()
    client.force_login(User.objects.get(username="20240201"))

    page = parse(client.get(reverse("honour_roll", args=[festival.pk])).content.decode())

    winners = Result.objects.filter(competition__festival=festival).exclude(level="")
    cards = page.select(".honour-card")
    assert len(cards) == winners.count()
    pictures = [int(img["src"].split("/")[-3]) for img in page.select(".honour-card img")]
    assert len(pictures) == winners.count()
    # The work itself, not a making-of photo, even where the entry has both.
    assert set(Attachment.objects.filter(pk__in=pictures).values_list("role", flat=True)) == {AttachmentRole.RESULT}
    assert Attachment.objects.filter(entry__result__in=winners, role=AttachmentRole.PROCESS).exists()
    assert [e.text() for e in page.select(".honour-competition-name")] == [
        "科技创新制作",
        "科普板报",
        "科技创新绘画",
        "科技小论文与观察日记",
    ]
    assert page.select("#collective-awards .collective-row")
    assert len(page.select(".special-advisors .special-name")) == 3
    assert len(page.select(".special-classes .special-name")) == 3


def test_the_honour_roll_picture_opens(client):
    client.force_login(User.objects.get(username="t0302"))
    page = parse(client.get(reverse("honour_roll", args=[last_year().pk])).content.decode())
    thumbnail = page.select(".honour-card img")[0]["src"]

    response = client.get(thumbnail)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_the_demo_student_reads_their_award_on_my_results(client):
    student = User.objects.get(username="20240201")
    client.force_login(student)

    page = parse(client.get(reverse("my_results")).content.decode())

    section = page.select(f"#festival-{last_year().pk}")[0]
    result = Result.objects.get(entry__authors=student, competition__festival=last_year())
    assert [e.text() for e in section.select(".result-card .entry-title")] == [result.entry.title]
    assert [e.text() for e in section.select(".result-card .level")] == [result.get_level_display()]
    assert result.level == "first"
    assert section.select(".class-points-row .class-name")[0].text() == "三年级2班"


def test_one_objection_was_raised_in_the_notice_period_and_answered():
    objection = Objection.objects.select_related("result__entry__school_class__grade", "result__competition").get()
    competition = objection.result.competition

    assert objection.state == Objection.State.REJECTED
    assert objection.answer
    assert competition.published_at < objection.answered_at < competition.notice_ends_at
    assert objection.raised_by in objection.result.entry.authors.all()
    assert objection.result.entry.school_class.name == "三年级2班"


def test_collective_and_special_awards_are_confirmed():
    festival = last_year()
    awarded = CollectiveAward.objects.filter(festival=festival).exclude(level="")

    assert set(awarded.values_list("section", flat=True)) == {"primary", "junior", "senior"}
    assert not awarded.filter(confirmed=False)
    assert CollectiveAward.objects.filter(festival=festival).count() == SchoolClass.objects.count()
    special = SpecialAward.objects.filter(festival=festival)
    assert special.filter(kind="advisor").count() == 3
    assert special.filter(kind="organization").count() == 3


@pytest.mark.parametrize(
    "identifier",
    sorted(k for k, e in EXPORTERS.items() if issubclass(e, SpreadsheetExporter) and e.needs_festival),
)
def test_every_festival_spreadsheet_has_rows(identifier):
    festival = last_year()
    exporter = EXPORTERS[identifier](
        school=festival.school, festival=festival, user=User.objects.get(username="organizer")
    )

    rows = [row for sheet in exporter.sheets() for row in sheet.rows if not isinstance(row, Heading)]

    assert len(rows) >= 10


def test_running_seed_demo_again_changes_nothing():
    def counts():
        return (
            Score.objects.count(),
            Result.objects.count(),
            sorted(Result.objects.values_list("entry__code", "level")),
            CollectiveAward.objects.count(),
            SpecialAward.objects.count(),
            Objection.objects.count(),
        )

    before = counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before
