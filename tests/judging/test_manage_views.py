"""Organizers' and head judges' judging pages: who may use them, what they show, the flows through HTTP,
and constant queries on the assignments and results pages."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services as award_services
from awards.models import CollectiveAward, Publication, Result, SpecialAward
from competitions.models import AwardTier
from core.models import AuditLog
from judging import services as judging_services
from judging.models import Assignment, Nudge, Panel
from schools.models import User
from submissions import services as entry_services
from submissions.models import Entry
from tests.competitions.html import parse, texts
from tests.factories import JudgeFactory, OrganizerFactory, StudentFactory
from tests.judging.conftest import add_rubric
from tests.judging.test_judging_services import _score_all
from tests.submissions.conftest import NOW, make_competition, submitted_entry

pytestmark = pytest.mark.django_db


def page(response):
    assert response.status_code == 200, response.status_code
    return parse(response.content.decode())


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow(client, url, data=None):
    return client.post(url, data or {}, follow=True)


@pytest.fixture
def scored(judged_competition, accepted_entries, judges, panel, organizer):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    _score_all(judged_competition, dict(zip([e.pk for e in accepted_entries], [90, 80, 80, 60], strict=True)))
    return accepted_entries


@pytest.fixture
def computed(judged_competition, scored, organizer):
    award_services.results_compute(competition=judged_competition, by=organizer)
    return judged_competition


@pytest.fixture
def other_competition(festival, school):
    """A second competition of the festival, with its own head judge."""
    competition = make_competition(festival, code="HH", name="科幻画")
    head = JudgeFactory(school=school, real_name="别组组长")
    judging_services.panel_set(
        competition=competition, judges=[head], head_judge=head, by=OrganizerFactory(school=school)
    )
    return competition


# --- who may use every view ------------------------------------------------------------------------

USERS = ["anonymous", "student", "teacher", "judge", "head_judge", "other_head_judge", "organizer", "foreign_organizer"]


@pytest.fixture
def people(student, head_teacher, judges, organizer, other_competition, other_school):
    return {
        "anonymous": None,
        "student": student,
        "teacher": head_teacher,
        "judge": judges[1],
        "head_judge": judges[0],
        "other_head_judge": other_competition.panel.head_judge,
        "organizer": organizer,
        "foreign_organizer": OrganizerFactory(school=other_school),
    }


def _urls(competition, result, festival):
    c, f = competition.pk, festival.pk
    return {
        "home": reverse("judging_home"),
        "panel": reverse("judging_panel", args=[c]),
        "experts": reverse("judging_experts"),
        "assignments": reverse("judging_assignments", args=[c]),
        "progress": reverse("judging_progress", args=[c]),
        "results": reverse("judging_results", args=[c]),
        "adjust": reverse("judging_result_adjust", args=[result.pk]),
        "collective": reverse("judging_collective", args=[f]),
        "special": reverse("judging_special", args=[f]),
        "publish": reverse("judging_publish", args=[f]),
    }


# Status per page for each user (columns in the order of USERS). Another school's organizer does not
# find this school's festival or competitions (404); the student's grade sees the competition (403).
EXPECTED = {
    "home": [302, 403, 403, 403, 200, 200, 200, 200],
    "panel": [302, 403, 403, 403, 403, 403, 200, 404],
    "experts": [302, 403, 403, 403, 403, 403, 200, 200],
    "assignments": [302, 403, 403, 403, 403, 403, 200, 404],
    "progress": [302, 403, 403, 403, 200, 403, 200, 404],
    "results": [302, 403, 403, 403, 200, 403, 200, 404],
    "adjust": [302, 403, 403, 403, 200, 403, 200, 404],
    "collective": [302, 403, 403, 403, 403, 403, 200, 404],
    "special": [302, 403, 403, 403, 403, 403, 200, 404],
    "publish": [302, 403, 403, 403, 403, 403, 200, 404],
}


@pytest.mark.parametrize("view", list(EXPECTED))
def test_who_may_open_each_page(client, view, people, computed, festival):
    result = Result.objects.filter(competition=computed).first()
    url = _urls(computed, result, festival)[view]

    got = []
    for name in USERS:
        client.logout()
        if people[name] is not None:
            client.force_login(people[name])
        response = client.get(url)
        got.append(response.status_code)
        if name == "anonymous":
            assert response["Location"].startswith(reverse("login"))

    assert got == EXPECTED[view]


@pytest.mark.parametrize(
    "name,action",
    [
        ("judging_panel_remove", "head_judge"),
        ("judging_assign_auto", "head_judge"),
        ("judging_assignment_add", "head_judge"),
        ("judging_assignment_remove", "head_judge"),
        ("judging_nudge", "judge"),
        ("judging_results_compute", "other_head_judge"),
        ("judging_results_lock", "teacher"),
        ("judging_results_unlock", "head_judge"),
    ],
)
def test_changes_are_refused_to_those_who_may_not_make_them(client, people, computed, name, action):
    client.force_login(people[action])

    response = client.post(reverse(name, args=[computed.pk]), {"reason": "x"})

    assert response.status_code == 403
    computed.refresh_from_db()
    assert computed.results_locked_at is None


def test_the_nav_shows_judging_to_organizers_and_head_judges_only(client, people, panel):
    def nav(user):
        client.force_login(user)
        return texts(page(client.get(reverse("home"))), "#nav-judging")

    assert nav(people["organizer"]) == ["评审"]
    assert nav(people["head_judge"]) == ["评审"]
    assert nav(people["judge"]) == []
    assert nav(people["teacher"]) == []


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
    assert first.select_one(".panel-size").text() == "3"
    assert first.select_one(".entries").text() == "4"
    assert first.select_one(".coverage").text() == "4 个作品缺评委"
    assert first.select_one(".scoring").text() == "0 / 0"
    assert first.select_one(".results-state").text() == "未计算"


def test_home_shows_a_head_judge_only_their_competitions(client, judges, computed, other_competition):
    award_services.results_lock(competition=computed, by=judges[0])
    client.force_login(judges[0])

    doc = page(client.get(reverse("judging_home")))

    rows = doc.select("#judging-overview tbody tr")
    assert [r["data-competition"] for r in rows] == [str(computed.pk)]
    assert rows[0].select_one(".coverage").text() == "每个作品都有评委"
    assert rows[0].select_one(".scoring").text() == "8 / 8"
    assert rows[0].select_one(".results-state").text() == "已锁定"
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
    assert [li.text() for li in page(response).select("#drop-out li")] == ["评委1 删除", "评委3 评委组长 删除"]


def test_the_head_judge_must_be_on_the_panel(client, organizer, judged_competition, judges):
    client.force_login(organizer)

    response = client.post(
        reverse("judging_panel", args=[judged_competition.pk]),
        {"judges": [judges[0].pk], "head_judge": judges[1].pk, "spread_limit": "20"},
    )

    assert texts(page(response), "#div_id_head_judge .invalid-feedback") == ["评委组长必须是本组评委之一。"]
    assert not Panel.objects.filter(competition=judged_competition).exists()


def test_a_judge_who_drops_out_is_replaced(client, organizer, judged_competition, accepted_entries, judges, panel):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    moved = Assignment.objects.filter(judge=judges[2]).count()
    client.force_login(organizer)

    response = follow(client, reverse("judging_panel_remove", args=[judged_competition.pk]), {"judge": judges[2].pk})

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
    password = doc.select_one("[data-testid=new-password]").text()
    assert expert.check_password(password)
    assert doc.select_one(".slip-username").text() == "qian"
    assert AuditLog.objects.filter(action="judge.expert_create").count() == 1


def test_an_experts_username_must_be_free(client, organizer, judges):
    client.force_login(organizer)

    response = client.post(reverse("judging_experts"), {"real_name": "钱教授", "username": judges[0].username.upper()})

    assert texts(page(response), "#div_id_username .invalid-feedback") == [
        f"用户名“{judges[0].username.upper()}”已被使用。"
    ]


# --- assignments -----------------------------------------------------------------------------------


def test_assign_automatically_gives_every_entry_its_judges(
    client, organizer, judged_competition, accepted_entries, panel
):
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])
    assert page(client.get(url)).select_one("#coverage-summary").text() == "4 个作品缺评委"

    response = follow(client, reverse("judging_assign_auto", args=[judged_competition.pk]))

    assert flashes(response) == ["每个作品都有了评委。"]
    assert all(Assignment.objects.filter(entry=e).count() == 2 for e in accepted_entries)
    doc = page(response)
    assert doc.select_one("#coverage-summary").text() == "每个作品都有了评委。"
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
    assert "short" in rows[0].classes
    assert rows[0].select_one(".text-danger").text() == "缺 1 位评委"
    assert [r for r in rows[1:] if "short" in r.classes] == []


def test_adding_a_conflicted_judge_is_refused_with_the_reason(
    client, organizer, judged_competition, accepted_entries, judges, panel
):
    entry = accepted_entries[0]
    judging_services.conflict_declare(judge=judges[2], student=entry.authors.get(), by=judges[2], reason="我的孩子")
    client.force_login(organizer)

    response = follow(
        client,
        reverse("judging_assignment_add", args=[judged_competition.pk]),
        {"entry": entry.pk, "judge": judges[2].pk},
    )

    assert flashes(response) == [f"评委3 申报了与作品 {entry.code} 的利益冲突。"]
    assert not Assignment.objects.filter(entry=entry, judge=judges[2]).exists()


def test_organizer_adds_and_removes_a_judge_by_hand(
    client, organizer, judged_competition, accepted_entries, judges, panel
):
    entry = accepted_entries[0]
    client.force_login(organizer)

    added = follow(
        client,
        reverse("judging_assignment_add", args=[judged_competition.pk]),
        {"entry": entry.pk, "judge": judges[1].pk},
    )
    assignment = Assignment.objects.get(entry=entry, judge=judges[1])
    removed = follow(
        client, reverse("judging_assignment_remove", args=[judged_competition.pk]), {"assignment": assignment.pk}
    )

    assert flashes(added) == [f"评委2 将评审作品 {entry.code}。"]
    assert flashes(removed) == [f"评委2 不再评审作品 {entry.code}。"]
    assert not Assignment.objects.filter(entry=entry).exists()


def _more_entries(competition, school_class, head_teacher, organizer, n):
    entries = []
    for i in range(n):
        entry = submitted_entry(competition, StudentFactory(school_class=school_class, real_name=f"加{i}"))
        entry_services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
        entries.append(entry)
    entry_services.entries_accept(entries=entries, by=organizer)
    return entries


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_assignments_page_queries_do_not_grow_with_entries(
    client, organizer, judged_competition, accepted_entries, panel, school_class, head_teacher
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_assignments", args=[judged_competition.pk])
    client.get(url)
    small = _queries(client, url)

    _more_entries(judged_competition, school_class, head_teacher, organizer, 4)
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
        judging_services.score_save(assignment=assignment, by=judge, points=points, submit=True, now=NOW)


def test_head_judge_nudges_a_late_judge(client, judges, judged_competition, accepted_entries, panel, organizer):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    client.force_login(judges[0])

    response = follow(client, reverse("judging_nudge", args=[judged_competition.pk]), {"judge": judges[1].pk})

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


# --- results ---------------------------------------------------------------------------------------


def test_head_judge_computes_and_sees_the_results_per_group(client, judges, judged_competition, scored):
    client.force_login(judges[0])

    response = follow(client, reverse("judging_results_compute", args=[judged_competition.pk]))

    assert flashes(response) == ["已计算 4 个作品的成绩。"]
    doc = page(response)
    assert texts(doc, ".result-group h2") == ["三年级"]
    rows = doc.select(".result-row")
    assert [
        (r.select_one(".rank").text(), r.select_one(".score").text(), r.select_one(".level").text()) for r in rows
    ] == [
        ("1", "90.00", "一等奖"),
        ("2", "80.00", "二等奖"),
        ("2", "80.00", "二等奖"),
        ("4", "60.00", "—"),
    ]
    assert rows[0].select_one(".authors").text() == "作者0"


def test_flagged_results_are_highlighted(client, judges, computed):
    Result.objects.filter(entry=Result.objects.filter(competition=computed).order_by("rank").first().entry).update(
        flagged=True
    )
    client.force_login(judges[0])

    doc = page(client.get(reverse("judging_results", args=[computed.pk])))

    assert len(doc.select(".result-row.flagged")) == 1
    assert doc.select_one("#flagged-note").text() == "评委对 1 个作品意见分歧较大（已突出显示），请在锁定前核查。"


def test_adjusting_without_a_reason_is_refused(client, organizer, computed):
    result = Result.objects.get(competition=computed, rank=4)
    client.force_login(organizer)

    response = client.post(reverse("judging_result_adjust", args=[result.pk]), {"level": "third", "reason": " "})

    assert texts(page(response), "#div_id_reason .invalid-feedback") == ["请填写调整奖项的原因，原因会被记录。"]
    result.refresh_from_db()
    assert result.level == ""


def test_an_adjusted_award_is_marked_with_its_reason(client, organizer, computed):
    result = Result.objects.get(competition=computed, rank=4)
    client.force_login(organizer)

    response = client.post(
        reverse("judging_result_adjust", args=[result.pk]), {"level": "third", "reason": "评委组复议"}, follow=True
    )

    assert flashes(response) == [f"作品 {result.entry.code} 的奖项已调整。"]
    row = page(response).select_one(f"#result-{result.pk}")
    assert row.select_one(".level").text() == "三等奖"
    assert row.select_one(".adjusted").text() == "已调整 计算结果：不获奖；原因：评委组复议"


def test_lock_then_unlock_needs_the_organizer_and_a_reason(client, organizer, judges, computed):
    client.force_login(judges[0])
    locked = follow(client, reverse("judging_results_lock", args=[computed.pk]))
    assert flashes(locked) == ["成绩已锁定，评分现在只读。"]
    doc = page(locked)
    assert doc.select("#compute-form, #lock-form, #unlock") == []
    assert doc.select_one("#locked-note") is not None

    client.force_login(organizer)
    refused = follow(client, reverse("judging_results_unlock", args=[computed.pk]), {"reason": ""})
    assert flashes(refused) == ["请填写解锁原因，原因会被记录。"]
    computed.refresh_from_db()
    assert computed.results_locked

    unlocked = follow(client, reverse("judging_results_unlock", args=[computed.pk]), {"reason": "补录迟交评分"})
    assert flashes(unlocked) == ["成绩已解锁，评委可以再次修改评分。"]
    computed.refresh_from_db()
    assert not computed.results_locked
    assert AuditLog.objects.get(action="results.unlock").reason == "补录迟交评分"


def test_locking_before_computing_is_refused(client, organizer, judged_competition, scored):
    client.force_login(organizer)

    response = follow(client, reverse("judging_results_lock", args=[judged_competition.pk]))

    assert flashes(response) == ["请先计算成绩再锁定。"]


def test_results_page_queries_do_not_grow_with_entries(
    client, organizer, judged_competition, scored, school_class, head_teacher
):
    award_services.results_compute(competition=judged_competition, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_results", args=[judged_competition.pk])
    client.get(url)
    small = _queries(client, url)

    more = _more_entries(judged_competition, school_class, head_teacher, organizer, 4)
    for entry in more:
        Entry.objects.filter(pk=entry.pk).update(advisor=head_teacher)
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    _score_all(judged_competition, {e.pk: 50 + i for i, e in enumerate([*scored, *more])})
    award_services.results_compute(competition=judged_competition, by=organizer)
    large = _queries(client, url)

    assert Result.objects.filter(competition=judged_competition).count() == 8
    assert small == large


# --- collective and special awards, publication ----------------------------------------------------


@pytest.fixture
def locked(computed, organizer):
    award_services.results_lock(competition=computed, by=organizer)
    return computed


def test_organizer_computes_and_confirms_the_collective_awards(client, organizer, festival, locked, school_class):
    client.force_login(organizer)

    computed_page = follow(client, reverse("judging_collective_compute", args=[festival.pk]))
    confirmed = follow(client, reverse("judging_collective_confirm", args=[festival.pk]))

    assert flashes(computed_page)[0].startswith("已计算 ")
    doc = page(confirmed)
    assert texts(doc, ".collective-section h2") == ["小学"]
    first = doc.select(".collective-section tbody tr")[0]
    assert first.select_one(".class-name").text() == school_class.name
    assert first.select_one(".points").text() == "15"  # 一等奖 5 + 二等奖 3 × 2 + 4 entries taken part
    assert first.select_one(".level").text() == "一等奖"
    assert flashes(confirmed) == ["已确认 1 项集体奖。"]
    assert CollectiveAward.objects.get(school_class=school_class).confirmed


def test_organizer_confirms_an_advisor_and_a_class(client, organizer, festival, locked, head_teacher, school_class):
    Entry.objects.filter(competition=locked).update(advisor=head_teacher)
    award_services.collective_compute(festival=festival, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_special", args=[festival.pk])
    doc = page(client.get(url))
    assert [(r.select("td")[0].text(), r.select("td")[1].text()) for r in doc.select("#advisors tbody tr")] == [
        ("周老师", "3")
    ]

    advisor = follow(client, url, {"kind": "advisor", "teacher": head_teacher.pk})
    organization = follow(client, url, {"kind": "organization", "school_class": school_class.pk})

    assert flashes(advisor) == ["已为周老师确认科技辅导员奖。"]
    assert flashes(organization) == [f"已为{school_class.name}确认优秀组织奖。"]
    assert SpecialAward.objects.count() == 2
    assert texts(page(organization), "#advisors .confirmed, #organization .confirmed") == ["已确认", "已确认"]


def test_a_non_candidate_cannot_be_confirmed(client, organizer, festival, locked, other_teacher):
    client.force_login(organizer)

    response = follow(
        client, reverse("judging_special", args=[festival.pk]), {"kind": "advisor", "teacher": other_teacher.pk}
    )

    assert SpecialAward.objects.count() == 0
    assert flashes(response) == ["请从候选指导教师中选择。"]


def test_publication_is_blocked_by_an_unlocked_competition_then_allowed(
    client, organizer, festival, computed, other_competition
):
    award_services.results_compute(competition=other_competition, by=organizer)
    award_services.results_lock(competition=computed, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_publish", args=[festival.pk])

    doc = page(client.get(url))
    assert texts(doc, "#blocking li") == ["科幻画"]
    assert texts(doc, "#ready li") == ["科技创新制作"]
    refused = client.post(url, {"notice_days": "5"})
    assert texts(page(refused), "#form-errors") == ["请先锁定以下项目的成绩：科幻画。"]
    assert not Publication.objects.exists()

    award_services.results_lock(competition=other_competition, by=organizer)
    published = client.post(url, {"notice_days": "7"}, follow=True)

    publication = Publication.objects.get(festival=festival)
    assert (publication.notice_ends_at - publication.published_at).days == 7
    assert flashes(published) == ["第二届科技节的结果已发布，公示期开始。"]
    assert page(published).select_one("#published") is not None


def test_publish_page_offers_five_days_by_default(client, organizer, festival, locked):
    client.force_login(organizer)

    doc = page(client.get(reverse("judging_publish", args=[festival.pk])))

    assert doc.select_one("#id_notice_days")["value"] == "5"


def test_tiers_by_section_are_named_in_chinese(client, organizer, festival, school_class, head_teacher):
    competition = make_competition(festival, code="SS", award_grouping="section", class_quota=10)
    add_rubric(competition)
    AwardTier.objects.create(competition=competition, level="first", amount=1)
    judge = JudgeFactory(school=festival.school)
    judging_services.panel_set(competition=competition, judges=[judge], head_judge=judge, by=organizer)
    entries = _more_entries(competition, school_class, head_teacher, organizer, 1)
    competition.judges_per_entry = 1
    competition.save(update_fields=["judges_per_entry"])
    judging_services.assignments_plan(competition=competition, by=organizer)
    _score_all(competition, {entries[0].pk: 70})
    award_services.results_compute(competition=competition, by=organizer)
    client.force_login(organizer)

    doc = page(client.get(reverse("judging_results", args=[competition.pk])))

    assert texts(doc, ".result-group h2") == ["小学"]


def test_head_judge_sees_results_and_progress_but_not_the_organizers_tabs_or_unlock(client, organizer, judges, locked):
    client.force_login(judges[0])
    head = page(client.get(reverse("judging_results", args=[locked.pk])))
    client.force_login(organizer)
    org = page(client.get(reverse("judging_results", args=[locked.pk])))

    assert texts(head, ".judging-tabs a") == ["进度", "成绩"]
    assert texts(org, ".judging-tabs a") == ["评委组", "评审分配", "进度", "成绩"]
    assert head.select("#unlock") == []
    assert org.select_one("#unlock h2").text() == "解锁成绩"


def test_no_page_has_inline_styles_or_scripts(client, organizer, locked, festival):
    """A strict Content-Security-Policy must be possible: no style attributes, no inline scripts."""
    client.force_login(organizer)
    award_services.collective_compute(festival=festival, by=organizer)
    result = Result.objects.filter(competition=locked).first()

    for name, url in _urls(locked, result, festival).items():
        doc = page(client.get(url))
        assert (name, doc.select("[style], style")) == (name, [])
        assert (name, [s for s in doc.select("script") if not s.get("src")]) == (name, [])


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
    _more_entries(judged_competition, school_class, head_teacher, organizer, 4)
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
    assert judges[0].check_password(page(response).select_one("[data-testid=new-password]").text())


def test_a_locked_result_offers_no_adjustment(client, organizer, locked):
    result = Result.objects.filter(competition=locked).first()
    client.force_login(organizer)

    doc = page(client.get(reverse("judging_result_adjust", args=[result.pk])))
    refused = client.post(reverse("judging_result_adjust", args=[result.pk]), {"level": "", "reason": "改"})

    assert doc.select("#adjust-form") == []
    assert doc.select_one("#locked-note") is not None
    assert refused.status_code == 200
    result.refresh_from_db()
    assert result.adjust_reason == ""
