"""Judging runs inside its window: nobody is assigned and nothing is scored before submission closes or outside
``judging_opens`` … ``judging_closes``; the organizers open it early or extend it, with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competitions import services as competition_services
from competitions.models import Competition
from core.models import AuditLog
from judging import services as judging_services
from judging.models import Assignment
from tests.factories.competitions import NOW, SHANGHAI, shanghai
from tests.factories.judging import version_of
from tests.html import flashes, page, text_of

pytestmark = pytest.mark.django_db

OPENS, CLOSES = shanghai(2026, 11, 25, 8), shanghai(2026, 11, 28, 17)


def _window(competition, **values) -> None:
    Competition.objects.filter(pk=competition.pk).update(**values)
    competition.refresh_from_db()


def _message(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def _score(assignment, judge, criterion, now):
    return judging_services.score_save(
        assignment=assignment, by=judge, points={criterion.pk: D(20)}, version=version_of(assignment), now=now
    )


def test_assigning_is_refused_before_submission_closes_and_outside_the_judging_window(
    judged_competition, accepted_entries, judges, panel, organizer
):
    _window(
        judged_competition, submission_closes=OPENS - dt.timedelta(days=1), judging_opens=OPENS, judging_closes=CLOSES
    )
    with pytest.raises(ValidationError) as early:
        judging_services.assignments_plan(competition=judged_competition, by=organizer, now=NOW)
    with pytest.raises(ValidationError) as late:
        judging_services.assignment_add(
            entry=accepted_entries[0], judge=judges[0], by=organizer, now=CLOSES + dt.timedelta(minutes=1)
        )
    _window(judged_competition, submission_closes=OPENS + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as still_taking_entries:
        judging_services.assignments_plan(
            competition=judged_competition, by=organizer, now=OPENS + dt.timedelta(hours=2)
        )

    assert _message(early) == "“科技创新制作”的评审将于2026年11月25日 08:00开始。"
    assert _message(late) == "“科技创新制作”的评审已于2026年11月28日 17:00结束。"
    assert _message(still_taking_entries) == "“科技创新制作”的评审将于2026年11月26日 08:00开始。"
    assert not Assignment.objects.exists()
    judging_services.assignments_plan(competition=judged_competition, by=organizer, now=shanghai(2026, 11, 27, 9))
    assert Assignment.objects.count() == 8


def test_scoring_is_refused_outside_the_window_and_allowed_inside(
    judged_competition, accepted_entries, judges, panel, organizer
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    first = judged_competition.criteria.order_by("position").first()
    _window(
        judged_competition, submission_closes=OPENS - dt.timedelta(days=1), judging_opens=OPENS, judging_closes=CLOSES
    )

    with pytest.raises(ValidationError) as early:
        _score(assignment, judges[0], first, OPENS - dt.timedelta(days=16))
    with pytest.raises(ValidationError) as late:
        _score(assignment, judges[0], first, CLOSES)
    score = _score(assignment, judges[0], first, OPENS)

    assert _message(early) == "“科技创新制作”的评审将于2026年11月25日 08:00开始。"
    assert _message(late) == "“科技创新制作”的评审已于2026年11月28日 17:00结束。"
    assert score.total == D(20)


def test_the_organizer_opens_judging_early_with_a_reason_and_submission_closes_then(judged_competition, organizer):
    _window(
        judged_competition,
        submission_closes=shanghai(2026, 11, 24, 17),
        judging_opens=OPENS,
        judging_closes=CLOSES,
    )
    today = shanghai(2026, 11, 20, 13)

    changed = competition_services.judging_window_change(
        competition=judged_competition, opens=today, closes=CLOSES, by=organizer, reason="板报现场评审", now=NOW
    )

    assert (changed.judging_opens, changed.submission_closes, changed.judging_closes) == (today, today, CLOSES)
    assert changed.judging_state(today) == "open"
    log = AuditLog.objects.get(action="competition.judging_window")
    assert log.reason == "板报现场评审"
    assert set(log.changes) == {"judging_opens", "submission_closes"}


def test_opening_early_needs_a_reason_and_an_organizer(judged_competition, organizer, head_teacher):
    _window(judged_competition, judging_opens=OPENS, judging_closes=CLOSES)
    with pytest.raises(ValidationError) as no_reason:
        competition_services.judging_window_change(
            competition=judged_competition, opens=OPENS, closes=CLOSES + dt.timedelta(days=2), by=organizer, reason=" "
        )
    with pytest.raises(ValidationError) as not_organizer:
        competition_services.judging_window_change(
            competition=judged_competition, opens=OPENS, closes=CLOSES, by=head_teacher, reason="想早点评"
        )
    with pytest.raises(ValidationError) as shrinks:
        competition_services.judging_window_change(
            competition=judged_competition, opens=OPENS, closes=CLOSES - dt.timedelta(days=1), by=organizer, reason="x"
        )

    assert no_reason.value.message_dict == {"reason": ["请说明提前开始或延长评审的原因。"]}
    assert _message(not_organizer) == "只有本校组委会可以更改评审时间。"
    assert "judging_closes" in shrinks.value.message_dict
    assert not AuditLog.objects.filter(action="competition.judging_window").exists()


def test_the_window_form_on_the_panel_page_extends_judging(client, judged_competition, organizer, head_teacher):
    url = reverse("judging_window", args=[judged_competition.pk])
    closes = judged_competition.judging_closes + dt.timedelta(days=3)
    data = {
        "judging_opens": dt.datetime.strftime(judged_competition.judging_starts.astimezone(SHANGHAI), "%Y-%m-%dT%H:%M"),
        "judging_closes": closes.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M"),
        "reason": "评委出差",
    }
    client.force_login(head_teacher)
    assert client.post(url, data).status_code == 403

    client.force_login(organizer)
    shown = page(client.get(reverse("judging_panel", args=[judged_competition.pk])))
    response = client.post(url, data, follow=True)

    assert text_of(shown, "#judging-window h2") == "评审时间"
    assert response.redirect_chain[-1][0] == reverse("judging_panel", args=[judged_competition.pk])
    judged_competition.refresh_from_db()
    assert judged_competition.judging_closes.replace(second=0, microsecond=0) == closes.replace(second=0, microsecond=0)
    assert flashes(response)[0].startswith("“科技创新制作”的评审时间为")


def test_the_judges_pages_say_when_judging_opens_instead_of_offering_the_form(
    client, judged_competition, accepted_entries, judges, panel, organizer
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    _window(judged_competition, judging_closes=judged_competition.judging_opens + dt.timedelta(hours=1))
    client.force_login(judges[0])

    queue = page(client.get(reverse("judge_queue")))
    scoring = page(client.get(reverse("judge_score", args=[assignment.pk])))

    assert "的评审已于" in text_of(queue, ".queue-window-note")
    assert "的评审已于" in text_of(scoring, "#window-note")
    assert not scoring.select("#submit-score")
