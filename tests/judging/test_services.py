"""Judging at the service level: assignment without conflicts, declared conflicts, scoring and its checks."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditLog
from judging import services as judging_services
from judging.models import Assignment, Score
from submissions.models import Entry
from tests.factories.judging import score_all


def _message(excinfo) -> str:
    return excinfo.value.messages[0]


@pytest.mark.django_db
def test_planning_gives_each_entry_its_judges_without_conflicts(
    judged_competition, accepted_entries, judges, panel, organizer, head_teacher
):
    Entry.objects.filter(pk=accepted_entries[0].pk).update(advisor=judges[1])

    short = judging_services.assignments_plan(competition=judged_competition, by=organizer)

    assert short == {}
    counts = {e.pk: Assignment.objects.filter(entry=e).count() for e in accepted_entries}
    assert set(counts.values()) == {2}
    assert not Assignment.objects.filter(entry=accepted_entries[0], judge=judges[1]).exists()
    loads = [Assignment.objects.filter(judge=j).count() for j in judges]
    assert max(loads) - min(loads) <= 1


@pytest.mark.django_db
def test_hand_assignment_of_a_conflicted_judge_is_refused_with_the_reason(
    judged_competition, accepted_entries, judges, panel, organizer
):
    student = accepted_entries[0].authors.get()
    judging_services.conflict_declare(judge=judges[2], student=student, by=judges[2], reason="我的孩子")

    with pytest.raises(ValidationError) as excinfo:
        judging_services.assignment_add(entry=accepted_entries[0], judge=judges[2], by=organizer)

    assert _message(excinfo) == f"评委3 申报了与作品 {accepted_entries[0].code} 的利益冲突。"


@pytest.mark.django_db
def test_declaring_a_conflict_takes_the_unsubmitted_entries_of_that_student_out_of_the_queue(
    judged_competition, accepted_entries, judges, panel, organizer
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    mine = list(Assignment.objects.filter(judge=judges[2]).select_related("entry").order_by("entry__code"))
    submitted, drafted = mine[0], mine[1]
    score_all(judged_competition, {e.pk: 80 for e in accepted_entries})  # every assigned judge submits
    Score.objects.filter(assignment=drafted).update(state=Score.State.DRAFT)
    child = drafted.entry.authors.get()
    other = submitted.entry.authors.get()

    judging_services.conflict_declare(judge=judges[2], student=child, by=judges[2], reason="我的孩子")
    judging_services.conflict_declare(judge=judges[2], student=other, by=judges[2], reason="邻居")

    assert not Assignment.objects.filter(pk=drafted.pk).exists()
    assert Assignment.objects.filter(pk=submitted.pk).exists()  # already submitted: the organizers decide
    log = AuditLog.objects.filter(action="judge.conflict_declare").order_by("pk").first()
    assert log.changes["assignments_removed"]["after"] == [drafted.entry.code]


@pytest.mark.django_db
def test_a_judge_dropping_out_is_replaced_by_the_others(judged_competition, accepted_entries, judges, panel, organizer):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)

    judging_services.panel_remove_judge(competition=judged_competition, judge=judges[2], by=organizer)

    assert not Assignment.objects.filter(judge=judges[2]).exists()
    assert all(Assignment.objects.filter(entry=e).count() == 2 for e in accepted_entries)


@pytest.mark.django_db
def test_points_must_be_within_the_maximum(judged_competition, accepted_entries, judges, panel, organizer):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    first = judged_competition.criteria.order_by("position").first()

    with pytest.raises(ValidationError) as too_many:
        judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: D(31)}, version=0)
    with pytest.raises(ValidationError) as negative:
        judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: D(-1)}, version=0)
    draft = judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: D("27.5")}, version=0)

    assert _message(too_many) == "科技含量：分数应在 0 到 30 之间。"
    assert _message(negative) == "科技含量：分数应在 0 到 30 之间。"
    assert (draft.state, draft.total) == ("draft", D("27.5"))


@pytest.mark.django_db
def test_submitting_needs_every_criterion(judged_competition, accepted_entries, judges, panel, organizer):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    first = judged_competition.criteria.order_by("position").first()

    with pytest.raises(ValidationError) as excinfo:
        judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 20}, submit=True, version=0)

    assert _message(excinfo) == "请为以下各项打分：创新性、实用性、美观性。"


@pytest.mark.django_db
def test_a_save_from_a_stale_page_is_refused_and_nothing_is_lost(
    judged_competition, accepted_entries, judges, panel, organizer
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    first = judged_competition.criteria.order_by("position").first()
    score = judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 20}, version=0)
    seen_by_both_tabs = score.version

    judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 25}, version=seen_by_both_tabs)
    with pytest.raises(ValidationError) as excinfo:
        judging_services.score_save(
            assignment=assignment, by=judges[0], points={first.pk: 10}, version=seen_by_both_tabs
        )

    assert _message(excinfo) == "这份评分已在另一个窗口或设备上修改。请刷新页面查看后再保存。"
    assert Score.objects.get(pk=score.pk).total == D(25)


@pytest.mark.django_db
def test_a_save_that_does_not_say_which_version_it_saw_is_refused_and_changes_nothing(
    judged_competition, accepted_entries, judges, panel, organizer
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    first = judged_competition.criteria.order_by("position").first()

    with pytest.raises(ValidationError) as new_score:
        judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 20}, version=None)
    score = judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 25}, version=0)
    with pytest.raises(ValidationError) as saved_score:
        judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 10}, version=None)

    message = "此页面没有注明显示的是哪个版本的评分，因此没有保存。请刷新页面后再保存。"
    assert _message(new_score) == _message(saved_score) == message
    assert (Score.objects.get().total, Score.objects.get().version) == (D(25), score.version)


@pytest.mark.django_db
def test_only_the_assigned_judge_scores(judged_competition, accepted_entries, judges, panel, organizer):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()

    with pytest.raises(ValidationError):
        judging_services.score_save(assignment=assignment, by=judges[1], points={}, version=0)


@pytest.mark.django_db
def test_score_changes_are_audited_with_before_and_after(
    judged_competition, accepted_entries, judges, panel, organizer
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    first = judged_competition.criteria.order_by("position").first()
    score = judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 20}, version=0)

    judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: 22.5}, version=score.version)

    record = AuditLog.objects.filter(action="score.save").order_by("-id").first()
    assert record.changes["total"] == {"before": "20.00", "after": "22.50"}
    assert record.changes["points"] == {"before": {"科技含量": "20.0"}, "after": {"科技含量": "22.5"}}


@pytest.mark.parametrize("value", [D("NaN"), D("sNaN"), D("Infinity"), float("nan")])
@pytest.mark.django_db
def test_points_that_are_no_number_are_refused_by_the_service(
    judged_competition, accepted_entries, judges, panel, organizer, value
):
    judging_services.assignments_plan(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()
    first = judged_competition.criteria.order_by("position").first()

    with pytest.raises(ValidationError) as refused:
        judging_services.score_save(assignment=assignment, by=judges[0], points={first.pk: value}, version=0)

    assert _message(refused) == f"科技含量：“{value}”不是数字。"
    assert not Score.objects.filter(assignment=assignment).exists()
