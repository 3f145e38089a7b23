"""The judges' pages through HTTP: queue, scoring (draft, submit, errors, stale tabs, lock), files, conflicts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competitions.models import Competition
from core.models import AuditLog
from judging import services
from judging.models import Assignment, ConflictDeclaration, Nudge, Score
from submissions.models import Entry, EntryState
from tests.factories.competitions import CompetitionFactory, CriterionFactory
from tests.factories.judging import AssignmentFactory, NudgeFactory, ScoreFactory
from tests.factories.schools import JudgeFactory, OrganizerFactory, StudentFactory
from tests.factories.submissions import EntryFactory, many_entries
from tests.html import attrs, has, page, text_of, texts

pytestmark = pytest.mark.django_db

STALE = "这份评分已在另一个窗口或设备上修改。请刷新页面查看后再保存。"


@pytest.fixture
def assigned(judged_competition, accepted_entries, judges, panel, organizer):
    """Every entry has its two judges; returns the first judge's first assignment."""
    services.assignments_plan(competition=judged_competition, by=organizer)
    return Assignment.objects.filter(judge=judges[0]).order_by("entry__code").first()


@pytest.fixture
def other_judge(assigned, judges):
    """A judge of the same panel who is not assigned this entry."""
    taken = set(Assignment.objects.filter(entry=assigned.entry).values_list("judge_id", flat=True))
    return next(j for j in judges if j.pk not in taken)


def criteria(competition):
    return list(competition.criteria.order_by("position"))


def score_data(competition, values, *, action="draft", version=0, comment=""):
    data = {f"points_{c.pk}": v for c, v in zip(criteria(competition), values, strict=False)}
    return {**data, "action": action, "version": version, "comment": comment}


def typed_values(doc, competition) -> list[str]:
    return [value_of(doc, f"id_points_{c.pk}") for c in criteria(competition)]


def value_of(doc, element_id) -> str:
    values = attrs(doc, f"input#{element_id}", "value")
    return values[0] if values else ""


# --- who may see and use the pages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "queue", "score", "conflicts"),
    [
        ("anonymous", 302, 302, 302),
        ("student", 403, 403, 403),
        ("teacher", 403, 403, 403),
        ("organizer", 403, 403, 403),
        ("other_judge", 200, 403, 200),
        ("assigned_judge", 200, 200, 200),
    ],
)
def test_who_may_open_the_judges_pages(
    client, assigned, other_judge, student, head_teacher, organizer, who, queue, score, conflicts
):
    users = {
        "anonymous": None,
        "student": student,
        "teacher": head_teacher,
        "organizer": organizer,
        "other_judge": other_judge,
        "assigned_judge": assigned.judge,
    }
    if users[who] is not None:
        client.force_login(users[who])
    attachment = assigned.entry.attachments.first()

    responses = [
        client.get(reverse("judge_queue")),
        client.get(reverse("judge_score", args=[assigned.pk])),
        client.get(reverse("judge_attachment", args=[assigned.pk, attachment.pk])),
        client.get(reverse("judge_attachment_thumbnail", args=[assigned.pk, attachment.pk])),
        client.post(reverse("judge_score", args=[assigned.pk]), score_data(assigned.entry.competition, ["20"])),
        client.get(reverse("judge_conflicts")),
    ]

    assert [r.status_code for r in responses] == [queue, score, score, score, 302 if score == 200 else score, conflicts]
    if who != "assigned_judge":
        assert not Score.objects.filter(assignment=assigned).exists()
    if who == "anonymous":
        assert responses[0]["Location"].startswith(reverse("login"))


def test_a_file_of_another_entry_is_not_found_through_an_assignment(client, assigned, accepted_entries):
    other = next(e for e in accepted_entries if e.pk != assigned.entry_id).attachments.first()
    client.force_login(assigned.judge)

    response = client.get(reverse("judge_attachment", args=[assigned.pk, other.pk]))

    assert response.status_code == 404


def test_an_entry_taken_out_of_judging_is_not_found(client, assigned):
    Entry.objects.filter(pk=assigned.entry_id).update(state=EntryState.WITHDRAWN)
    client.force_login(assigned.judge)

    assert client.get(reverse("judge_score", args=[assigned.pk])).status_code == 404


# --- the queue ----------------------------------------------------------------------------------


def test_the_queue_shows_each_assigned_entry_with_its_state_and_the_progress(client, assigned, judges):
    mine = list(Assignment.objects.filter(judge=judges[0]).order_by("entry__code"))
    competition = assigned.entry.competition
    points = {c.pk: c.max_points for c in criteria(competition)}
    services.score_save(assignment=mine[0], by=judges[0], points=points, submit=True, version=0)
    services.score_save(assignment=mine[1], by=judges[0], points={criteria(competition)[0].pk: 10}, version=0)
    client.force_login(judges[0])

    doc = page(client.get(reverse("judge_queue")))

    group = f"#queue-{competition.pk}"
    assert text_of(doc, group).startswith(f"科技创新制作 匿名评审 已评 1 / {len(mine)}")
    assert attrs(doc, f"{group} progress", "value") == ["1"]
    assert attrs(doc, f"{group} progress", "max") == [str(len(mine))]
    rows = [text_of(doc, f"#queue-row-{a.pk}") for a in mine]
    assert rows == [
        f"{a.entry.code} {a.entry.title} {state}" for a, state in zip(mine, ["已提交", "草稿", "未开始"], strict=False)
    ]
    assert attrs(doc, f"#queue-row-{mine[0].pk} a", "href") == [reverse("judge_score", args=[mine[0].pk])]


def test_a_judge_without_assignments_is_told_so(client, judges):
    client.force_login(judges[0])

    doc = page(client.get(reverse("judge_queue")))

    assert text_of(doc, "#queue-empty") == "还没有分配给您的作品。组委会分配评委后，作品会出现在这里。"


def _entries(competition, school_class, count, start):
    for n in range(start, start + count):
        yield EntryFactory(
            competition=competition,
            number=n,
            title=f"作品{n}",
            state=EntryState.IN_JUDGING,
            created_by=StudentFactory(school_class=school_class),
        )


def test_the_queue_takes_the_same_number_of_queries_for_few_and_many_entries(client, festival, school_class, judges):
    judge = judges[0]
    first = CompetitionFactory(festival=festival, invention=True, code="AA")
    second = CompetitionFactory(festival=festival, invention=True, code="BB")
    for entry in _entries(first, school_class, 1, 1):
        AssignmentFactory(entry=entry, judge=judge)
    NudgeFactory(judge=judge, competition=first, message="请尽快")
    client.force_login(judge)
    client.get(reverse("home"))  # the session and the user are loaded once, like on any later page

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("judge_queue")).status_code == 200
    for entry in [*_entries(first, school_class, 5, 2), *_entries(second, school_class, 6, 1)]:
        ScoreFactory(assignment=AssignmentFactory(entry=entry, judge=judge), state="submitted", total=50)
    NudgeFactory(judge=judge, competition=second, message="请尽快")
    NudgeFactory(judge=judge, competition=first, message="还差几件")
    with CaptureQueriesContext(connection) as many:
        doc = page(client.get(reverse("judge_queue")))

    assert len(many) == len(few)
    assert text_of(doc, f"#queue-{second.pk}").startswith("科技创新制作 匿名评审 已评 6 / 6")


def _queue_of(judge, competition, author, count, *, start=1, scored=0):
    """``count`` entries assigned to ``judge``, the first ``scored`` of them submitted."""
    entries = many_entries(competition, author, count, start=start)
    assignments = Assignment.objects.bulk_create(Assignment(entry=e, judge=judge) for e in entries)
    Score.objects.bulk_create(
        Score(assignment=a, entry=a.entry, judge=judge, state="submitted", total=50) for a in assignments[:scored]
    )
    return assignments


@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_reads_a_fixed_number_of_queries_whatever_the_number_of_entries(
    client, festival, student, judges, count, django_assert_num_queries
):
    judge = judges[0]
    competition = CompetitionFactory(festival=festival, invention=True, code="AA")
    _queue_of(judge, competition, student, count, scored=count // 3)
    client.force_login(judge)
    client.get(reverse("home"))

    # the session, the user, two of permissions, the reminders, the page's count, the progress per competition,
    # the competitions, the page of entries, the navigation's head-judge check
    with django_assert_num_queries(10):
        doc = page(client.get(reverse("judge_queue") + "?show=todo"))

    assert len(texts(doc, ".queue-item")) == count - count // 3


def test_a_long_queue_shows_fifty_entries_a_page_in_a_small_page(client, festival, student, judges):
    judge = judges[0]
    competition = CompetitionFactory(festival=festival, invention=True, code="AA")
    assignments = _queue_of(judge, competition, student, 300, scored=120)
    client.force_login(judge)

    response = client.get(reverse("judge_queue"))
    doc = page(response)

    assert len(response.content) < 60_000
    assert len(texts(doc, ".queue-item")) == 50
    assert text_of(doc, f"#queue-{competition.pk}").startswith("科技创新制作 匿名评审 已评 120 / 300")
    assert text_of(doc, ".pagination") == "第 1 页，共 6 页 下一页"
    assert attrs(doc, "#queue-next", "href") == [reverse("judge_score", args=[assignments[120].pk])]


def test_the_queue_filters_what_is_left_to_score_and_keeps_the_filter_across_pages(client, festival, student, judges):
    judge = judges[0]
    competition = CompetitionFactory(festival=festival, invention=True, code="AA")
    assignments = _queue_of(judge, competition, student, 120, scored=10)
    ScoreFactory(assignment=assignments[10], state="draft", total=None)
    client.force_login(judge)

    todo = page(client.get(reverse("judge_queue"), {"show": "todo"}))
    second = page(client.get(reverse("judge_queue"), {"show": "todo", "page": 2}))
    scored = page(client.get(reverse("judge_queue"), {"show": "scored"}))

    assert texts(todo, "#queue-show .active") == ["待评"]
    assert texts(todo, ".queue-item")[:2] == ["2026-AA-0011 作品11 草稿", "2026-AA-0012 作品12 未开始"]
    assert attrs(todo, ".pagination a", "href") == ["?show=todo&page=2"]
    assert texts(second, ".queue-item")[0] == "2026-AA-0061 作品61 未开始"
    assert attrs(second, ".pagination a", "href") == ["?show=todo&page=1", "?show=todo&page=3"]
    assert texts(scored, ".queue-item") == [f"2026-AA-{n:04d} 作品{n} 已提交" for n in range(1, 11)]
    assert not has(scored, ".pagination")


def test_a_judge_finds_an_entry_by_its_code(client, festival, student, judges):
    judge = judges[0]
    competition = CompetitionFactory(festival=festival, invention=True, code="AA")
    _queue_of(judge, competition, student, 60, scored=5)
    client.force_login(judge)

    found = page(client.get(reverse("judge_queue"), {"show": "scored", "q": "0003"}))
    missing = page(client.get(reverse("judge_queue"), {"show": "todo", "q": "0003"}))

    assert texts(found, ".queue-item") == ["2026-AA-0003 作品3 已提交"]
    assert attrs(found, "#queue-show a", "href") == ["?q=0003&show=all", "?q=0003&show=todo", "?q=0003&show=scored"]
    assert attrs(found, "#queue-search input[name=q]", "value") == ["0003"]
    assert text_of(missing, "#queue-no-match") == "没有符合条件的作品。"


def test_the_next_entry_to_score_is_not_offered_once_everything_is_scored(client, festival, student, judges):
    judge = judges[0]
    competition = CompetitionFactory(festival=festival, invention=True, code="AA")
    _queue_of(judge, competition, student, 3, scored=3)
    client.force_login(judge)

    doc = page(client.get(reverse("judge_queue")))

    assert not has(doc, "#queue-next")
    assert not has(doc, ".queue-group-next")


# --- nudges and the home page -------------------------------------------------------------------


def test_the_home_page_shows_progress_and_reminders_until_the_queue_is_opened(
    client, assigned, judges, organizer, frozen_now
):
    judge = judges[0]
    competition = assigned.entry.competition
    points = {c.pk: 10 for c in criteria(competition)}
    services.score_save(assignment=assigned, by=judge, points=points, submit=True, version=0)
    NudgeFactory(judge=judge, competition=competition, sent_by=organizer, message="明天截止，请抓紧")
    total = Assignment.objects.filter(judge=judge).count()
    client.force_login(judge)

    home = page(client.get(reverse("home")))
    queue = page(client.get(reverse("judge_queue")))
    home_after = client.get(reverse("home")).content.decode()

    assert text_of(home, "#judge-progress") == f"科技创新制作 已评 1 / {total} 1 / {total}"
    assert text_of(home, "#judge-home").startswith("我的评分任务 请尽快完成“科技创新制作”的评分。 明天截止，请抓紧")
    assert attrs(home, "#judge-home a", "href") == [reverse("judge_queue")]
    assert text_of(queue, "#nudges").startswith("请尽快完成“科技创新制作”的评分。 明天截止，请抓紧 陈志远")
    assert Nudge.objects.get().seen_at == frozen_now
    assert "明天截止" not in home_after
    assert not has(client.get(reverse("judge_queue")), "#nudges")


@pytest.fixture
def frozen_now(monkeypatch):
    now = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 30))
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def test_the_navigation_links_judges_to_their_queue(client, judges):
    client.force_login(judges[0])

    doc = page(client.get(reverse("home")))

    assert attrs(doc, "a#nav-scoring", "href") == [reverse("judge_queue")]
    assert text_of(doc, "#nav-scoring") == "评分"


# --- the scoring page ---------------------------------------------------------------------------


def test_the_scoring_page_has_a_large_decimal_input_and_the_descriptor_per_criterion(client, assigned):
    competition = assigned.entry.competition
    first = criteria(competition)[0]
    first.description = "是否运用了科学原理，原理是否正确。"
    first.save()
    client.force_login(assigned.judge)

    doc = page(client.get(reverse("judge_score", args=[assigned.pk])))

    inputs = [attrs(doc, "#score-form input", a) for a in ("name", "inputmode", "step", "min", "max")]
    points = [i for i, name in enumerate(inputs[0]) if name.startswith("points_")]
    assert [inputs[0][i] for i in points] == [f"points_{c.pk}" for c in criteria(competition)]
    assert inputs[1] == ["decimal"] * 4
    assert set(inputs[2]) == {"0.5"} and set(inputs[3]) == {"0"}
    assert inputs[4] == ["30", "30", "20", "20"]
    assert text_of(doc, f"#descriptor-{first.pk}") == "是否运用了科学原理，原理是否正确。"
    assert attrs(doc, f"input#id_points_{first.pk}", "aria-describedby") == [f"descriptor-{first.pk}"]
    assert text_of(doc, "#score-total") == "—"
    assert value_of(doc, "id_version") == "0"
    assert text_of(doc, "#submit-score") == "提交评分" and text_of(doc, "#save-draft") == "保存草稿"
    assert attrs(doc, "#entry-files img", "src") == [
        reverse("judge_attachment_thumbnail", args=[assigned.pk, assigned.entry.attachments.get().pk])
    ]


def test_saving_a_draft_keeps_the_points_and_shows_them_again(client, assigned):
    competition = assigned.entry.competition
    client.force_login(assigned.judge)
    url = reverse("judge_score", args=[assigned.pk])

    response = client.post(url, score_data(competition, ["27.5", "20", "", ""], comment="结构巧妙"))

    assert response.status_code == 302 and response["Location"] == url
    score = Score.objects.get(assignment=assigned)
    assert (score.state, score.total, score.comment, score.version) == ("draft", D("47.5"), "结构巧妙", 1)
    doc = page(client.get(url))
    assert typed_values(doc, competition) == ["27.5", "20", "", ""]
    assert text_of(doc, "#score-total") == "47.5"
    assert value_of(doc, "id_version") == "1"
    assert text_of(doc, "#score-state") == "草稿"
    assert f"{assigned.entry.code} 的评分草稿已保存。" in text_of(doc, "body")


def test_submitting_a_complete_score_returns_to_the_queue_where_it_is_done(client, assigned):
    competition = assigned.entry.competition
    client.force_login(assigned.judge)

    response = client.post(
        reverse("judge_score", args=[assigned.pk]), score_data(competition, ["28", "25.5", "18", "19"], action="submit")
    )

    assert response.status_code == 302 and response["Location"] == reverse("judge_queue")
    score = Score.objects.get(assignment=assigned)
    assert (score.state, score.total) == ("submitted", D("90.5"))
    queue = page(client.get(response["Location"]))
    assert text_of(queue, f"#queue-row-{assigned.pk}").endswith("已提交")
    assert f"{assigned.entry.code} 的评分已提交。" in text_of(queue, "body")


@pytest.mark.parametrize(
    ("values", "action", "message"),
    [
        (["31", "20", "", ""], "draft", "科技含量：分数应在 0 到 30 之间。"),
        (["20.25", "20", "", ""], "draft", "科技含量：只能给整数分或半分。"),
        (["很好", "20", "", ""], "draft", "科技含量：“很好”不是数字。"),
        (["NaN", "20", "", ""], "draft", "科技含量：“NaN”不是数字。"),
        (["sNaN", "20", "", ""], "draft", "科技含量：“sNaN”不是数字。"),
        (["Infinity", "20", "", ""], "draft", "科技含量：“Infinity”不是数字。"),
        (["1e999999", "20", "", ""], "draft", "科技含量：分数应在 0 到 30 之间。"),
        (["20", "1e-999999", "", ""], "draft", "创新性：只能给整数分或半分。"),
        (["20", "-1", "", ""], "draft", "创新性：分数应在 0 到 30 之间。"),
        (["20", "20", "", ""], "submit", "请为以下各项打分：实用性、美观性。"),
    ],
)
def test_a_refused_score_shows_the_reason_in_chinese_and_keeps_what_was_typed(
    client, assigned, values, action, message
):
    competition = assigned.entry.competition
    client.force_login(assigned.judge)

    response = client.post(
        reverse("judge_score", args=[assigned.pk]), score_data(competition, values, action=action, comment="待定")
    )

    doc = page(response, status=400)
    assert text_of(doc, "#score-errors") == message
    assert typed_values(doc, competition) == values
    assert text_of(doc, "#id_comment") == "待定"
    assert not Score.objects.filter(assignment=assigned).exists()


def test_a_save_from_a_stale_tab_is_refused_and_keeps_the_judges_typing(client, assigned):
    competition = assigned.entry.competition
    client.force_login(assigned.judge)
    url = reverse("judge_score", args=[assigned.pk])
    seen_by_both_tabs = value_of(page(client.get(url)), "id_version")

    client.post(url, score_data(competition, ["25", "25", "", ""], version=seen_by_both_tabs))
    response = client.post(url, score_data(competition, ["10", "12.5", "", ""], version=seen_by_both_tabs))

    doc = page(response, status=400)
    assert text_of(doc, "#score-errors") == STALE
    assert typed_values(doc, competition) == ["10", "12.5", "", ""]
    assert Score.objects.get(assignment=assigned).total == D(50)


def test_a_save_without_the_version_is_refused_and_writes_nothing(client, assigned):
    competition = assigned.entry.competition
    client.force_login(assigned.judge)
    url = reverse("judge_score", args=[assigned.pk])
    data = score_data(competition, ["25", "25", "", ""], comment="很好")
    del data["version"]

    response = client.post(url, data)

    doc = page(response, status=400)
    assert text_of(doc, "#score-errors") == "此页面没有注明显示的是哪个版本的评分，因此没有保存。请刷新页面后再保存。"
    assert typed_values(doc, competition) == ["25", "25", "", ""]
    assert not Score.objects.filter(assignment=assigned).exists()
    assert not AuditLog.objects.filter(action__startswith="score.").exists()


def test_a_submitted_score_may_be_changed_until_the_lock_and_stays_submitted(client, assigned):
    competition = assigned.entry.competition
    client.force_login(assigned.judge)
    url = reverse("judge_score", args=[assigned.pk])
    client.post(url, score_data(competition, ["20", "20", "15", "15"], action="submit"))

    doc = page(client.get(url))
    client.post(url, score_data(competition, ["20", "20", "15", "10"], action="submit", version=1))

    assert text_of(doc, "#submit-score") == "保存修改"
    assert not has(doc, "#save-draft")
    score = Score.objects.get(assignment=assigned)
    assert (score.state, score.total, score.version) == ("submitted", D(65), 2)


def test_after_the_lock_the_score_is_read_only(client, assigned):
    competition = assigned.entry.competition
    client.force_login(assigned.judge)
    url = reverse("judge_score", args=[assigned.pk])
    client.post(url, score_data(competition, ["20", "20", "15", "15"], action="submit"))
    Competition.objects.filter(pk=competition.pk).update(results_locked_at=timezone.now())

    doc = page(client.get(url))
    response = client.post(url, score_data(competition, ["30", "30", "20", "20"], action="submit", version=1))

    assert text_of(doc, "#locked-note") == "本比赛的成绩已锁定：评分不能再修改。"
    assert set(attrs(doc, "#score-form input", "disabled")) == {""}
    assert len(attrs(doc, "#score-form input", "disabled")) == 4 + 1  # the points and the version
    assert not has(doc, "#submit-score") and not has(doc, "#save-draft")
    assert typed_values(doc, competition) == ["20", "20", "15", "15"]
    assert response.status_code == 400
    assert text_of(page(response, status=400), "#score-errors") == "“科技创新制作”的成绩已锁定。"
    assert Score.objects.get(assignment=assigned).total == D(70)


def test_a_measurement_competition_takes_attempts_with_the_unit_and_the_best_counts(
    client, festival, school_class, judges
):
    race = CompetitionFactory(
        festival=festival, invention=True, code="HH", scoring_mode="measurement", attempts=3, unit="秒", better="lower"
    )
    entry = next(_entries(race, school_class, 1, 1))
    assignment = AssignmentFactory(entry=entry, judge=judges[0])
    client.force_login(judges[0])
    url = reverse("judge_score", args=[assignment.pk])

    doc = page(client.get(url))
    response = client.post(
        url, {"attempt_1": "12.3", "attempt_2": "", "attempt_3": "11.84", "action": "submit", "version": 0}
    )

    names = attrs(doc, "#score-form input", "name")
    assert [n for n in names if n.startswith(("attempt_", "points_"))] == ["attempt_1", "attempt_2", "attempt_3"]
    assert text_of(doc, "#best-counts") == "取最好的一次成绩：数值越小越好。"
    assert "秒" in text_of(doc, "#score-form")
    assert response.status_code == 302
    score = Score.objects.get(assignment=assignment)
    assert (score.state, score.total, score.attempts) == ("submitted", D("11.84"), ["12.3", None, "11.84"])


def test_the_judge_sees_the_originality_declaration(client, assigned):
    client.force_login(assigned.judge)

    doc = page(client.get(reverse("judge_score", args=[assigned.pk])))

    assert text_of(doc, "#originality") == "已声明为作者本人原创"


def test_the_scoring_page_takes_the_same_number_of_queries_for_small_and_large_rubrics(client, assigned):
    competition = assigned.entry.competition
    url = reverse("judge_score", args=[assigned.pk])
    client.force_login(assigned.judge)
    client.post(url, score_data(competition, ["20", "20", "", ""]))
    client.get(url)

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(6):
        CriterionFactory(competition=competition, position=10 + i, name=f"附加{i}", max_points=5)
    client.post(url, {**score_data(competition, ["20"] * 2 + ["5"] * 8), "version": 1})
    with CaptureQueriesContext(connection) as large:
        doc = page(client.get(url))

    assert len(large) == len(small)
    assert text_of(doc, "#score-total") == "80"


def test_a_blind_page_hides_and_a_named_page_shows_the_authors(client, assigned, judged_competition):
    client.force_login(assigned.judge)
    url = reverse("judge_score", args=[assigned.pk])
    author = assigned.entry.authors.get().real_name

    blind = client.get(url).content.decode()
    judged_competition.blind = False
    judged_competition.save()
    named = page(client.get(url))

    assert not has(blind, "#entry-authors") and author not in blind
    assert text_of(named, "#entry-authors") == author
    assert "三年级2班" in text_of(named, "#entry-facts")


def test_a_named_competition_gives_files_their_original_names(client, assigned, judged_competition):
    judged_competition.blind = False
    judged_competition.save()
    attachment = assigned.entry.attachments.get()
    client.force_login(assigned.judge)

    response = client.get(reverse("judge_attachment", args=[assigned.pk, attachment.pk]))

    assert "%E4%BD%9C%E5%93%81.jpg" in response["Content-Disposition"]  # 作品.jpg


# --- declared conflicts -------------------------------------------------------------------------


def _declare(client, student, reason="亲戚", **kw):
    data = {"school_class": student.school_class_id, "name": student.real_name, "reason": reason, **kw}
    return client.post(reverse("judge_conflicts"), data)


def test_a_judge_declares_a_conflict_with_their_child_by_class_and_name(client, judges, student, classmate):
    judge = judges[0]
    client.force_login(judge)

    before = page(client.get(reverse("judge_conflicts")))
    response = _declare(client, student, reason="我的孩子", name=" 王小明 ")
    after = page(client.get(response["Location"]))

    assert texts(before, "#id_school_class option") == ["---------", "三年级2班"]
    assert response.status_code == 302
    assert ConflictDeclaration.objects.filter(judge=judge, student=student, reason="我的孩子").exists()
    assert text_of(after, "#declared-conflicts").startswith("我申报的利益冲突 王小明 三年级2班 我的孩子")
    assert "已记录您与王小明的利益冲突。" in text_of(after, "body")
    assert "李雨萱" not in text_of(after, "body")


def test_the_conflicts_page_lists_no_student_and_searches_nothing(client, judges, student, classmate):
    client.force_login(judges[0])

    doc = page(client.get(reverse("judge_conflicts"), {"q": "王"}))

    assert "王小明" not in text_of(doc, "body")
    assert "20240201" not in text_of(doc, "body")


@pytest.mark.parametrize("name", ["小明", "王小", "20240201", "王小明明"])
def test_only_the_exact_name_declares_a_conflict(client, judges, student, name):
    client.force_login(judges[0])

    response = _declare(client, student, name=name)

    assert response.status_code == 400
    refusal = text_of(page(response, 400), ".alert-danger")
    assert refusal == "所选班级中没有这个姓名的学生。请核对姓名和班级。"
    assert not ConflictDeclaration.objects.exists()


def test_a_name_in_another_class_is_refused_with_the_same_words(client, judges, student, other_teacher):
    other_class = other_teacher.headed_classes.get()
    client.force_login(judges[0])

    in_other_class = _declare(client, student, school_class=other_class.pk)
    nobody = _declare(client, student, school_class=other_class.pk, name="张无名")

    assert in_other_class.status_code == nobody.status_code == 400
    assert text_of(page(in_other_class, 400), "form") == text_of(page(nobody, 400), "form").replace("张无名", "王小明")
    assert not ConflictDeclaration.objects.exists()


def test_a_student_of_another_school_cannot_be_declared(client, judges, other_school):
    stranger = StudentFactory(school_class__grade__school=other_school, real_name="王小明")
    client.force_login(judges[0])

    response = _declare(client, stranger)

    assert response.status_code == 400
    assert not ConflictDeclaration.objects.exists()


def test_declaring_a_conflict_takes_the_authors_entry_out_of_the_queue(client, assigned):
    author = assigned.entry.authors.get()
    client.force_login(assigned.judge)

    response = client.post(
        reverse("judge_conflicts"),
        {"school_class": author.school_class_id, "name": author.real_name, "reason": "亲戚"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [f"已记录您与{author.real_name}的利益冲突。"]
    assert not Assignment.objects.filter(pk=assigned.pk).exists()
    assert client.get(reverse("judge_score", args=[assigned.pk])).status_code == 404


def test_declaring_a_conflict_after_submitting_the_score_warns_the_judge(client, assigned):
    ScoreFactory(assignment=assigned, state="submitted", total=80)
    author = assigned.entry.authors.get()
    client.force_login(assigned.judge)

    response = client.post(
        reverse("judge_conflicts"),
        {"school_class": author.school_class_id, "name": author.real_name, "reason": "亲戚"},
        follow=True,
    )

    doc = page(response)
    assert f"您已为{author.real_name}的作品提交了评分。请告知组委会，由组委会决定是否计入。" in text_of(doc, "body")
    assert Assignment.objects.filter(pk=assigned.pk).exists()


def test_an_organizer_of_another_school_is_not_a_judge_here(client, assigned, other_school):
    client.force_login(OrganizerFactory(school=other_school))

    assert client.get(reverse("judge_score", args=[assigned.pk])).status_code == 403


def test_a_judge_of_another_panel_cannot_score(client, assigned, school):
    client.force_login(JudgeFactory(school=school))

    assert client.get(reverse("judge_score", args=[assigned.pk])).status_code == 403


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("sNaN", "第 1 次成绩：“sNaN”不是数字。"),
        ("1e999999", "第 1 次成绩：最多 99999.99。"),
        ("100000", "第 1 次成绩：最多 99999.99。"),
    ],
)
def test_a_measured_attempt_that_is_no_number_or_too_large_is_refused(
    client, festival, school_class, judges, typed, message
):
    race = CompetitionFactory(
        festival=festival, invention=True, code="HH", scoring_mode="measurement", attempts=3, unit="米"
    )
    assignment = AssignmentFactory(entry=next(_entries(race, school_class, 1, 1)), judge=judges[0])
    client.force_login(judges[0])

    response = client.post(
        reverse("judge_score", args=[assignment.pk]),
        {"attempt_1": typed, "attempt_2": "", "attempt_3": "", "action": "draft", "version": 0},
    )

    assert text_of(page(response, status=400), "#score-errors") == message
    assert not Score.objects.filter(assignment=assignment).exists()
