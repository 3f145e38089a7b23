"""Organizers' and head judges' award pages: results, adjustment, lock, collective and special awards and
publication; what they show, the flows through HTTP and constant queries on the results page. Who may open each
page and make each change, and that no page has inline styles or scripts, over the judging pages too."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import services as award_services
from awards.models import CollectiveAward, Publication, Result, SpecialAward
from core.models import AuditLog
from judging import services as judging_services
from submissions.models import Entry
from tests.factories.awards import publish_locked
from tests.factories.competitions import NOW, AwardTierFactory, CompetitionFactory, add_rubric
from tests.factories.judging import score_all
from tests.factories.schools import JudgeFactory, OrganizerFactory, StudentFactory
from tests.factories.submissions import accept_entries
from tests.html import flashes, form_errors, page, text, texts

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


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


# --- results ---------------------------------------------------------------------------------------


def test_head_judge_computes_and_sees_the_results_per_group(client, judges, judged_competition, scored):
    client.force_login(judges[0])

    response = client.post(reverse("judging_results_compute", args=[judged_competition.pk]), follow=True)

    assert flashes(response) == ["已计算 4 个作品的成绩。"]
    doc = page(response)
    assert texts(doc, ".result-group h2") == ["三年级"]
    rows = doc.select(".result-row")
    assert [
        (text(r.select_one(".rank")), text(r.select_one(".score")), text(r.select_one(".level"))) for r in rows
    ] == [
        ("1", "90.00", "一等奖"),
        ("2", "80.00", "二等奖"),
        ("2", "80.00", "二等奖"),
        ("4", "60.00", "—"),
    ]
    # A blind competition before the lock: the head judge sees codes and titles, not who made them.
    assert rows[0].select_one(".authors") is None
    assert doc.select_one("#blind-note") is not None


def test_flagged_results_are_highlighted(client, judges, computed):
    Result.objects.filter(entry=Result.objects.filter(competition=computed).order_by("rank").first().entry).update(
        flagged=True
    )
    client.force_login(judges[0])

    doc = page(client.get(reverse("judging_results", args=[computed.pk])))

    assert len(doc.select(".result-row.flagged")) == 1
    assert text(doc.select_one("#flagged-note")) == "评委对 1 个作品意见分歧较大（已突出显示），请在锁定前核查。"


def test_adjusting_without_a_reason_is_refused(client, organizer, computed):
    result = Result.objects.get(competition=computed, rank=4)
    client.force_login(organizer)

    response = client.post(reverse("judging_result_adjust", args=[result.pk]), {"level": "third", "reason": " "})

    assert form_errors(page(response), "reason") == ["请填写调整奖项的原因，原因会被记录。"]
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
    assert text(row.select_one(".level")) == "三等奖"
    assert text(row.select_one(".adjusted")) == "已调整 计算结果：不获奖；原因：评委组复议"


def test_lock_then_unlock_needs_the_organizer_and_a_reason(client, organizer, judges, computed):
    client.force_login(judges[0])
    locked = client.post(reverse("judging_results_lock", args=[computed.pk]), follow=True)
    assert flashes(locked) == ["成绩已锁定，评分现在只读。"]
    doc = page(locked)
    assert doc.select("#compute-form, #lock-form, #unlock") == []
    assert doc.select_one("#locked-note") is not None

    client.force_login(organizer)
    refused = client.post(reverse("judging_results_unlock", args=[computed.pk]), {"reason": ""}, follow=True)
    assert flashes(refused) == ["请填写解锁原因，原因会被记录。"]
    computed.refresh_from_db()
    assert computed.results_locked

    unlocked = client.post(
        reverse("judging_results_unlock", args=[computed.pk]), {"reason": "补录迟交评分"}, follow=True
    )
    assert flashes(unlocked) == ["成绩已解锁，评委可以再次修改评分。"]
    computed.refresh_from_db()
    assert not computed.results_locked
    assert AuditLog.objects.get(action="results.unlock").reason == "补录迟交评分"


def test_locking_before_computing_is_refused(client, organizer, judged_competition, scored):
    client.force_login(organizer)

    response = client.post(reverse("judging_results_lock", args=[judged_competition.pk]), follow=True)

    assert flashes(response) == ["请先计算成绩再锁定。"]


def test_results_page_queries_do_not_grow_with_entries(
    client, organizer, judged_competition, scored, school_class, head_teacher
):
    award_services.results_compute(competition=judged_competition, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_results", args=[judged_competition.pk])
    client.get(url)
    small = _queries(client, url)

    more = accept_entries(
        judged_competition,
        [StudentFactory(school_class=school_class, real_name=f"加{i}") for i in range(4)],
        head_teacher=head_teacher,
        organizer=organizer,
    )
    for entry in more:
        Entry.objects.filter(pk=entry.pk).update(advisor=head_teacher)
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    score_all(judged_competition, {e.pk: 50 + i for i, e in enumerate([*scored, *more])})
    award_services.results_compute(competition=judged_competition, by=organizer)
    large = _queries(client, url)

    assert Result.objects.filter(competition=judged_competition).count() == 8
    assert small == large


# --- collective and special awards, publication ----------------------------------------------------


@pytest.fixture
def locked(computed, organizer):
    award_services.results_lock(competition=computed, by=organizer)
    return computed


@pytest.fixture
def final(locked, festival, organizer):
    """Published at ``NOW``: the 公示 is long over, the results are final."""
    publish_locked(festival=festival, by=organizer, now=NOW)
    return locked


def test_collective_awards_wait_for_the_competitions_to_be_final(client, organizer, festival, locked):
    client.force_login(organizer)

    collective = page(client.get(reverse("judging_collective", args=[festival.pk])))
    special = page(client.get(reverse("judging_special", args=[festival.pk])))
    response = client.post(reverse("judging_collective_compute", args=[festival.pk]), follow=True)

    for doc in (collective, special):
        assert texts(doc, "#awards-waiting .waiting-competition") == ["科技创新制作 成绩已锁定"]
    assert collective.select("#collective-compute, #collective-confirm") == []
    assert special.select("form input[name=kind]") == []
    assert flashes(response) == ["集体奖和专项奖要等这些比赛的结果生效后才能评定：科技创新制作。"]
    assert not CollectiveAward.objects.exists()


def test_organizer_computes_and_confirms_the_collective_awards(client, organizer, festival, final, school_class):
    client.force_login(organizer)

    computed_page = client.post(reverse("judging_collective_compute", args=[festival.pk]), follow=True)
    confirmed = client.post(reverse("judging_collective_confirm", args=[festival.pk]), follow=True)

    assert flashes(computed_page)[0].startswith("已计算 ")
    doc = page(confirmed)
    assert texts(doc, ".collective-section h2") == ["小学"]
    first = doc.select(".collective-section tbody tr")[0]
    assert text(first.select_one(".class-name")) == school_class.name
    assert text(first.select_one(".points")) == "15"  # 一等奖 5 + 二等奖 3 × 2 + 4 entries taken part
    assert text(first.select_one(".level")) == "一等奖"
    assert flashes(confirmed) == ["已确认 1 项集体奖。"]
    assert CollectiveAward.objects.get(school_class=school_class).confirmed


def test_organizer_confirms_an_advisor_and_a_class(client, organizer, festival, final, head_teacher, school_class):
    Entry.objects.filter(competition=final).update(advisor=head_teacher)
    award_services.collective_compute(festival=festival, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_special", args=[festival.pk])
    doc = page(client.get(url))
    assert [(text(r.select("td")[0]), text(r.select("td")[1])) for r in doc.select("#advisors tbody tr")] == [
        ("周老师", "3")
    ]

    advisor = client.post(url, {"kind": "advisor", "teacher": head_teacher.pk}, follow=True)
    organization = client.post(url, {"kind": "organization", "school_class": school_class.pk}, follow=True)

    assert flashes(advisor) == ["已为周老师确认科技辅导员奖。"]
    assert flashes(organization) == [f"已为{school_class.name}确认优秀组织奖。"]
    assert SpecialAward.objects.count() == 2
    assert texts(page(organization), "#advisors .confirmed, #organization .confirmed") == ["已确认", "已确认"]


def test_a_non_candidate_cannot_be_confirmed(client, organizer, festival, locked, other_teacher):
    client.force_login(organizer)

    response = client.post(
        reverse("judging_special", args=[festival.pk]), {"kind": "advisor", "teacher": other_teacher.pk}, follow=True
    )

    assert SpecialAward.objects.count() == 0
    assert flashes(response) == ["请从候选指导教师中选择。"]


def test_organizer_publishes_the_locked_competition_alone_then_the_other(
    client, organizer, festival, computed, other_competition
):
    award_services.results_compute(competition=other_competition, by=organizer)
    award_services.results_lock(competition=computed, by=organizer)
    client.force_login(organizer)
    url = reverse("judging_publish", args=[festival.pk])

    doc = page(client.get(url))
    assert [(text(r.select("td")[0]), text(r.select_one(".stage-badge"))) for r in doc.select("#stages tbody tr")] == [
        ("科技创新制作", "成绩已锁定"),
        ("科幻画", "评审中"),
    ]
    assert [i["value"] for i in doc.select("#publish-form input[name=competitions]")] == [str(computed.pk)]
    refused = client.post(url, {"competitions": [other_competition.pk], "notice_days": "5"})
    assert form_errors(page(refused)) == ["只能公布成绩已锁定且尚未公布的比赛。"]
    assert not Publication.objects.exists()

    published = client.post(url, {"competitions": [computed.pk], "notice_days": "5"}, follow=True)
    assert flashes(published) == ["已公布：科技创新制作。公示期开始。"]
    award_services.results_lock(competition=other_competition, by=organizer)
    second = client.post(url, {"competitions": [other_competition.pk], "notice_days": "7"}, follow=True)

    first, later = Publication.objects.order_by("published_at", "pk")
    assert [list(p.competitions.values_list("name", flat=True)) for p in (first, later)] == [
        ["科技创新制作"],
        ["科幻画"],
    ]
    assert (first.notice_ends_at - first.published_at).days == 5
    assert (later.notice_ends_at - later.published_at).days == 7
    doc = page(second)
    assert len(doc.select(".publication-card")) == 2
    assert doc.select_one("#nothing-to-publish") is not None
    assert texts(doc, "#stages .stage-badge") == ["公示中", "公示中"]


def test_publish_page_offers_five_days_by_default(client, organizer, festival, locked):
    client.force_login(organizer)

    doc = page(client.get(reverse("judging_publish", args=[festival.pk])))

    assert doc.select_one("#id_notice_days")["value"] == "5"


def test_tiers_by_section_are_named_in_chinese(client, organizer, festival, school_class, head_teacher):
    competition = CompetitionFactory(
        festival=festival, invention=True, code="SS", award_grouping="section", class_quota=10
    )
    add_rubric(competition)
    AwardTierFactory(competition=competition, level="first", amount=1)
    judge = JudgeFactory(school=festival.school)
    judging_services.panel_set(competition=competition, judges=[judge], head_judge=judge, by=organizer)
    entries = accept_entries(
        competition,
        [StudentFactory(school_class=school_class, real_name=f"加{i}") for i in range(1)],
        head_teacher=head_teacher,
        organizer=organizer,
    )
    competition.judges_per_entry = 1
    competition.save(update_fields=["judges_per_entry"])
    judging_services.assignments_plan(competition=competition, by=organizer)
    score_all(competition, {entries[0].pk: 70})
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
    assert text(org.select_one("#unlock h2")) == "解锁成绩"


def test_no_page_has_inline_styles_or_scripts(client, organizer, final, festival):
    """A strict Content-Security-Policy must be possible: no style attributes, no inline scripts."""
    client.force_login(organizer)
    award_services.collective_compute(festival=festival, by=organizer)
    result = Result.objects.filter(competition=final).first()

    for name, url in _urls(final, result, festival).items():
        doc = page(client.get(url))
        assert (name, doc.select("[style], style")) == (name, [])
        assert (name, [s for s in doc.select("script") if not s.get("src")]) == (name, [])


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
