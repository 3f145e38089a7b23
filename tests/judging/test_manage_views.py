"""Organizers' and head judges' judging pages: the judging overview, panels and invited experts, assignments,
progress and nudges; what they show, the flows through HTTP and constant queries. Who may open each page of
judging and awards is tested with the awards pages (tests/awards/test_manage_views.py)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services as award_services
from core.models import AuditLog
from judging import services as judging_services
from judging.models import Assignment, Nudge, Panel
from schools.models import User
from tests.factories.competitions import NOW
from tests.factories.schools import JudgeFactory, OrganizerFactory, StudentFactory
from tests.factories.submissions import accept_entries
from tests.html import flashes, form_errors, page, text, texts

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_nav_shows_judging_to_organizers_and_head_judges_only(client, organizer, judges, head_teacher, panel):
    def nav(user):
        client.force_login(user)
        return texts(page(client.get(reverse("home"))), "#nav-judging")

    assert nav(organizer) == ["评审"]
    assert nav(judges[0]) == ["评审"]  # the head judge
    assert nav(judges[1]) == []
    assert nav(head_teacher) == []


# --- judging home ----------------------------------------------------------------------------------


def test_home_shows_each_competition_with_panel_entries_coverage_scoring_and_results(
    client, organizer, judged_competition, accepted_entries, panel, other_competition
):
    client.force_login(organizer)

    doc = page(client.get(reverse("judging_home")))

    rows = doc.select("#judging-overview tbody tr")
    assert texts(doc, "#judging-overview .competition-name") == ["科技创新制作", "科幻画"]
    assert texts(doc, "#judging-overview .head-judge") == ["评委组长: 评委1", "评委组长: 别组组长"]
    first = rows[0]
    assert text(first.select_one(".panel-size")) == "3"
    assert text(first.select_one(".entries")) == "4"
    assert text(first.select_one(".coverage")) == "4 个作品缺评委"
    assert text(first.select_one(".scoring")) == "0 / 0"
    assert text(first.select_one(".results-state")) == "未计算"


def test_home_shows_a_head_judge_only_their_competitions(client, judges, computed, other_competition):
    award_services.results_lock(competition=computed, by=judges[0])
    client.force_login(judges[0])

    doc = page(client.get(reverse("judging_home")))

    rows = doc.select("#judging-overview tbody tr")
    assert [r["data-competition"] for r in rows] == [str(computed.pk)]
    assert text(rows[0].select_one(".coverage")) == "每个作品都有评委"
    assert text(rows[0].select_one(".scoring")) == "8 / 8"
    assert text(rows[0].select_one(".results-state")) == "已锁定"
    assert doc.select("#festival-actions") == []


# --- panel and experts -----------------------------------------------------------------------------


def test_organizer_sets_the_panel(client, organizer, judged_competition, judges):
    client.force_login(organizer)
    url = reverse("judging_panel", args=[judged_competition.pk])

    response = client.post(
        url,
        {"judges": [judges[0].pk, judges[2].pk], "head_judge": judges[2].pk, "normalise": "on", "spread_limit": "15"},
        follow=True,
    )

    panel = Panel.objects.get(competition=judged_competition)
    assert (sorted(panel.judges.values_list("real_name", flat=True)), panel.head_judge, panel.normalise) == (
        ["评委1", "评委3"],
        judges[2],
        True,
    )
    assert panel.spread_limit == D(15)
    assert flashes(response) == ["“科技创新制作”的评委组已保存。"]
    assert [text(li) for li in page(response).select("#drop-out li")] == ["评委1 删除", "评委3 评委组长 删除"]


def test_the_head_judge_must_be_on_the_panel(client, organizer, judged_competition, judges):
    client.force_login(organizer)

    response = client.post(
        reverse("judging_panel", args=[judged_competition.pk]),
        {"judges": [judges[0].pk], "head_judge": judges[1].pk, "spread_limit": "20"},
    )

    assert form_errors(page(response), "head_judge") == ["评委组长必须是本组评委之一。"]
    assert not Panel.objects.filter(competition=judged_competition).exists()


def test_a_judge_who_drops_out_is_replaced(client, organizer, judged_competition, accepted_entries, judges, panel):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    moved = Assignment.objects.filter(judge=judges[2]).count()
    client.force_login(organizer)

    response = client.post(
        reverse("judging_panel_remove", args=[judged_competition.pk]), {"judge": judges[2].pk}, follow=True
    )

    assert flashes(response) == [f"评委3 已退出评委组；{moved} 个未评分的作品已分给其他评委。"]
    assert not Assignment.objects.filter(judge=judges[2]).exists()
    assert all(Assignment.objects.filter(entry=e).count() == 2 for e in accepted_entries)


def test_organizer_creates_an_invited_experts_account_and_gets_the_slip(client, organizer, school):
    client.force_login(organizer)

    response = client.post(reverse("judging_experts"), {"real_name": "钱教授", "username": "qian"})

    expert = User.objects.get(username="qian")
    assert (expert.real_name, expert.school, expert.is_judge, expert.must_change_password) == (
        "钱教授",
        school,
        True,
        True,
    )
    doc = page(response)
    password = text(doc.select_one("[data-testid=new-password]"))
    assert expert.check_password(password)
    assert text(doc.select_one(".slip-username")) == "qian"
    assert AuditLog.objects.filter(action="judge.expert_create").count() == 1


def test_an_experts_username_must_be_free(client, organizer, judges):
    client.force_login(organizer)

    response = client.post(reverse("judging_experts"), {"real_name": "钱教授", "username": judges[0].username.upper()})

    assert form_errors(page(response), "username") == [f"用户名“{judges[0].username.upper()}”已被使用。"]


# --- assignments -----------------------------------------------------------------------------------


def test_assign_automatically_gives_every_entry_its_judges(
    client, organizer, judged_competition, accepted_entries, panel
):
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])
    assert text(page(client.get(url)).select_one("#coverage-summary")) == "4 个作品缺评委"

    response = client.post(reverse("judging_assign_auto", args=[judged_competition.pk]), follow=True)

    assert flashes(response) == ["每个作品都有了评委。"]
    assert all(Assignment.objects.filter(entry=e).count() == 2 for e in accepted_entries)
    doc = page(response)
    assert text(doc.select_one("#coverage-summary")) == "每个作品都有了评委。"
    assert doc.select("#coverage tr.short") == []


def test_coverage_lists_entries_short_of_judges_first(
    client, organizer, judged_competition, accepted_entries, judges, panel
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    last = sorted(accepted_entries, key=lambda e: e.code)[-1]
    judging_services.assignment_remove(assignment=Assignment.objects.filter(entry=last).first(), by=organizer)
    client.force_login(organizer)

    doc = page(client.get(reverse("judging_assignments", args=[judged_competition.pk])))

    rows = doc.select("#coverage tbody tr")
    assert rows[0]["id"] == f"entry-{last.pk}"
    assert "short" in rows[0]["class"]
    assert text(rows[0].select_one(".text-danger")) == "缺 1 位评委"
    assert [r for r in rows[1:] if "short" in r.get("class", [])] == []


def test_adding_a_conflicted_judge_is_refused_with_the_reason(
    client, organizer, judged_competition, accepted_entries, judges, panel
):
    entry = accepted_entries[0]
    judging_services.conflict_declare(judge=judges[2], student=entry.authors.get(), by=judges[2], reason="我的孩子")
    client.force_login(organizer)

    response = client.post(
        reverse("judging_assignment_add", args=[judged_competition.pk]),
        {"entry": entry.pk, "judge": judges[2].pk},
        follow=True,
    )

    assert flashes(response) == [f"评委3 申报了与作品 {entry.code} 的利益冲突。"]
    assert not Assignment.objects.filter(entry=entry, judge=judges[2]).exists()


def test_organizer_adds_and_removes_a_judge_by_hand(
    client, organizer, judged_competition, accepted_entries, judges, panel
):
    entry = accepted_entries[0]
    client.force_login(organizer)

    added = client.post(
        reverse("judging_assignment_add", args=[judged_competition.pk]),
        {"entry": entry.pk, "judge": judges[1].pk},
        follow=True,
    )
    assignment = Assignment.objects.get(entry=entry, judge=judges[1])
    removed = client.post(
        reverse("judging_assignment_remove", args=[judged_competition.pk]), {"assignment": assignment.pk}, follow=True
    )

    assert flashes(added) == [f"评委2 将评审作品 {entry.code}。"]
    assert flashes(removed) == [f"评委2 不再评审作品 {entry.code}。"]
    assert not Assignment.objects.filter(entry=entry).exists()


def test_assignments_page_queries_do_not_grow_with_entries(
    client, organizer, judged_competition, accepted_entries, panel, school_class, head_teacher
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])
    client.get(url)
    small = _queries(client, url)

    accept_entries(
        judged_competition,
        [StudentFactory(school_class=school_class, real_name=f"加{i}") for i in range(4)],
        head_teacher=head_teacher,
        organizer=organizer,
    )
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    large = _queries(client, url)

    assert Assignment.objects.filter(entry__competition=judged_competition).count() == 16
    assert small == large


# --- progress and nudges ---------------------------------------------------------------------------


def test_progress_shows_bars_per_judge_and_the_numbers(
    client, judges, judged_competition, accepted_entries, panel, organizer
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    _score_all_of(judged_competition, judges[0])
    client.force_login(judges[0])

    doc = page(client.get(reverse("judging_progress", args=[judged_competition.pk])))

    bars = doc.select("#judge-bars progress")
    done = Assignment.objects.filter(judge=judges[0]).count()
    assert (bars[0]["value"], bars[0]["max"]) == (str(done), str(done))
    rows = [texts(r, "td") for r in doc.select("#progress-table tbody tr")]
    assert rows[0] == ["评委1", str(done), str(done), "0", "0"]
    # Only late judges get a nudge button; nothing on the page has a style attribute.
    assert [li["data-judge"] for li in doc.select("#judge-bars li") if li.select(".nudge-form")] == [
        str(judges[1].pk),
        str(judges[2].pk),
    ]
    assert doc.select("[style]") == []


def _score_all_of(competition, judge):
    criteria = list(competition.criteria.order_by("position"))
    for assignment in Assignment.objects.filter(entry__competition=competition, judge=judge):
        points = {c.pk: D(c.max_points) for c in criteria}
        judging_services.score_save(assignment=assignment, by=judge, points=points, submit=True, version=0, now=NOW)


def test_head_judge_nudges_a_late_judge(client, judges, judged_competition, accepted_entries, panel, organizer):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    client.force_login(judges[0])

    response = client.post(reverse("judging_nudge", args=[judged_competition.pk]), {"judge": judges[1].pk}, follow=True)

    nudge = Nudge.objects.get()
    assert (nudge.judge, nudge.competition, nudge.sent_by, nudge.seen_at) == (
        judges[1],
        judged_competition,
        judges[0],
        None,
    )
    assert flashes(response) == ["评委2 将在首页看到催评提醒。"]


def test_judge_nudge_service_checks_who_and_whom(judged_competition, judges, panel, school):
    outsider = JudgeFactory(school=school, real_name="外人")
    with pytest.raises(ValidationError) as excinfo:
        judging_services.judge_nudge(judge=judges[1], competition=judged_competition, by=judges[1])
    assert excinfo.value.messages == ["只有评委组长或组委会可以催评。"]
    with pytest.raises(ValidationError) as excinfo:
        judging_services.judge_nudge(judge=outsider, competition=judged_competition, by=judges[0])
    assert excinfo.value.messages == ["外人 不在这个项目的评委组中。"]


def test_expert_create_service_is_for_the_schools_organizers(school, other_school, head_teacher):
    with pytest.raises(ValidationError):
        judging_services.expert_create(school=school, real_name="钱教授", username="qian", by=head_teacher)
    with pytest.raises(ValidationError):
        judging_services.expert_create(
            school=school, real_name="钱教授", username="qian", by=OrganizerFactory(school=other_school)
        )
    assert not User.objects.filter(username="qian").exists()


@pytest.mark.parametrize("view", ["judging_home", "judging_progress"])
def test_overview_and_progress_queries_do_not_grow_with_entries_or_judges(
    client, view, organizer, judged_competition, accepted_entries, panel, school_class, head_teacher, school
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    client.force_login(organizer)
    url = reverse(view) if view == "judging_home" else reverse(view, args=[judged_competition.pk])
    client.get(url)
    small = _queries(client, url)

    more_judges = [JudgeFactory(school=school) for _ in range(3)]
    judging_services.panel_set(
        competition=judged_competition, judges=[*panel.judges.all(), *more_judges], head_judge=None, by=organizer
    )
    accept_entries(
        judged_competition,
        [StudentFactory(school_class=school_class, real_name=f"加{i}") for i in range(4)],
        head_teacher=head_teacher,
        organizer=organizer,
    )
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    large = _queries(client, url)

    assert small == large


def test_an_expert_who_lost_the_slip_gets_a_new_password_from_the_experts_page(client, organizer, judges):
    client.force_login(organizer)
    doc = page(client.get(reverse("judging_experts")))
    forms = [f["action"] for f in doc.select("#judges form")]
    assert forms == [reverse("password_reset", args=[j.pk]) for j in judges]

    response = client.post(forms[0])

    judges[0].refresh_from_db()
    assert judges[0].check_password(text(page(response).select_one("[data-testid=new-password]")))
