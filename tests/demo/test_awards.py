"""The judging seed_demo leaves: last year's demo festival judged by several judges each, awarded, locked and
published, so the honour roll, my results, the class points and the exports have content; this year's class
posters half judged, so the demo judges have posters to score; and each competition at its own stage."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import CollectiveAward, Objection, Result, SpecialAward
from competitions.models import Festival
from competitions.stages import Stage
from core.exporters import EXPORTERS, Heading, SpreadsheetExporter
from judging.models import Assignment, ConflictDeclaration, Panel, Score
from schools.models import SchoolClass, User
from submissions.models import Attachment, AttachmentRole, Entry, EntryState
from tests.competitions.html import parse
from tests.demo.test_submissions import _isolated_files, demo  # noqa: F401 - the module's one seed

pytestmark = pytest.mark.django_db


def last_year() -> Festival:
    return Festival.objects.order_by("year").first()


def this_year() -> Festival:
    return Festival.objects.order_by("year").last()


def test_right_after_seeding_the_competitions_show_the_stages_one_after_another():
    now = timezone.now()

    this = {c.code: c.stage(now) for c in this_year().competitions.all()}
    last = {c.code: c.stage(now) for c in last_year().competitions.all()}

    assert this == {
        "ZZ": Stage.CLOSED,
        "BB": Stage.JUDGING,
        "HH": Stage.OPEN,
        "LW": Stage.OPEN,
        "SC": Stage.OPEN,
        "SF": Stage.OPEN,
    }
    assert last == {"ZZ": Stage.FINAL, "BB": Stage.FINAL, "HH": Stage.FINAL, "LW": Stage.FINAL}
    assert this_year().competitions.get(code="ZZ").entries.filter(state=EntryState.RECOMMENDED).count() >= 12


def test_this_years_posters_have_a_panel_led_by_a_demo_judge_and_every_poster_its_judges():
    poster = this_year().competitions.get(code="BB")
    panel = Panel.objects.select_related("head_judge").get(competition=poster)
    assignments = Assignment.objects.filter(entry__competition=poster)

    assert panel.head_judge.username == "t0801"
    assert {"judge", "t0801"} <= set(panel.judges.values_list("username", flat=True))
    per_entry = assignments.values("entry").annotate(n=Count("pk"))
    assert {row["n"] for row in per_entry} == {poster.judges_per_entry}
    assert per_entry.count() == poster.entries.count()
    assert not assignments.filter(entry__school_class__head_teacher=F("judge"))


def test_the_other_judges_have_scored_their_posters_and_the_demo_judges_have_most_left():
    poster = this_year().competitions.get(code="BB")
    scores = Score.objects.filter(entry__competition=poster)

    assert not scores.exclude(state=Score.State.SUBMITTED)
    for score in scores:
        assert poster.judging_starts <= score.submitted_at < timezone.now()
    for judge in User.objects.filter(panels__competition=poster):
        assigned = Assignment.objects.filter(entry__competition=poster, judge=judge)
        scored = assigned.filter(score__state=Score.State.SUBMITTED).count()
        if judge.username in ("judge", "t0801"):
            assert 0 < scored < assigned.count() / 2
        else:
            assert scored == assigned.count()


@pytest.mark.parametrize("username", ["judge", "t0801"])
def test_a_demo_judge_opens_a_poster_to_score_from_their_queue(client, username):
    client.force_login(User.objects.get(username=username))
    poster = this_year().competitions.get(code="BB")
    mine = Assignment.objects.filter(judge__username=username, entry__competition=poster)

    queue = parse(client.get(reverse("judge_queue")).content.decode())

    group = queue.select(f"#queue-{poster.pk}")[0]
    assert not group.select(".queue-window-note")
    assert group.select(".queue-progress")[0]["value"] == str(mine.filter(score__isnull=False).count())
    unscored = mine.filter(score__isnull=True).select_related("entry").order_by("entry__code").first()
    link = group.select(f"#queue-row-{unscored.pk} a")[0]["href"]
    response = client.get(link)
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert page.select("#entry-title")[0].text() == unscored.entry.title
    assert not page.select("#window-note")
    assert page.select("#submit-score")


def test_every_competition_with_entries_is_locked_published_and_final():
    festival = last_year()
    judged = festival.competitions.filter(entries__isnull=False).distinct()

    assert judged.count() == 4
    assert judged.filter(results_locked_at__isnull=False).count() == 4
    assert all(services.results_final(c) for c in judged)
    assert not Entry.objects.filter(festival=festival, state=EntryState.IN_JUDGING)
    assert not this_year().competitions.filter(published_at__isnull=False).exists()
    assert not this_year().competitions.filter(results_locked_at__isnull=False).exists()


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


def test_last_years_panels_have_a_head_judge_and_the_demo_judges():
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


def test_the_honour_roll_lists_the_first_winners_of_each_award_with_a_picture(client):
    festival = last_year()
    client.force_login(User.objects.get(username="20240201"))

    page = parse(client.get(reverse("honour_roll", args=[festival.pk])).content.decode())

    winners = Result.objects.filter(competition__festival=festival).exclude(level="")
    per_award = Counter(winners.values_list("competition_id", "level"))
    shown = sum(min(n, 8) for n in per_award.values())
    cards = page.select(".honour-card")
    assert len(cards) == shown
    assert len(page.select(".honour-more")) == sum(1 for n in per_award.values() if n > 8)
    pictures = [int(img["src"].split("/")[-3]) for img in page.select(".honour-card img")]
    assert len(pictures) == shown
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
            Panel.objects.count(),
            sorted(Assignment.objects.values_list("entry__code", "judge__username")),
            sorted(Score.objects.values_list("entry__code", "judge__username", "state", "total")),
            Result.objects.count(),
            sorted(Result.objects.values_list("entry__code", "level")),
            CollectiveAward.objects.count(),
            SpecialAward.objects.count(),
            Objection.objects.count(),
        )

    before = counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before
