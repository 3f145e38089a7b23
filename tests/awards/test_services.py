"""Awards at the service level: results, adjustment, lock, publication, objections and collective awards."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import services as award_services
from awards.models import CollectiveAward, Objection, Result
from competitions.stages import Stage
from core.models import AuditLog
from judging import services as judging_services
from judging.models import Assignment
from submissions.models import Entry
from tests.factories.awards import publish_locked
from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.judging import score_all
from tests.factories.schools import JudgeFactory, OrganizerFactory, StudentFactory
from tests.factories.submissions import EntryFactory


def _message(excinfo) -> str:
    return excinfo.value.messages[0]


@pytest.mark.django_db
def test_results_rank_and_award_with_ties_sharing_the_higher_award(judged_competition, scored, judges):
    award_services.results_compute(competition=judged_competition, by=judges[0])  # the head judge may

    results = {r.entry_id: r for r in Result.objects.all()}
    got = [(results[e.pk].score, results[e.pk].rank, results[e.pk].level) for e in scored]
    assert got == [(D(90), 1, "first"), (D(80), 2, "second"), (D(80), 2, "second"), (D(60), 4, None or "")]


@pytest.mark.django_db
def test_recomputing_after_a_changed_score_rewrites_only_the_results_that_moved(judged_competition, scored, organizer):
    award_services.results_compute(competition=judged_competition, by=organizer)
    score_all(judged_competition, dict(zip([e.pk for e in scored], [90, 80, 85, 60], strict=True)))

    with CaptureQueriesContext(connection) as queries:
        award_services.results_compute(competition=judged_competition, by=organizer)

    results = {r.entry_id: r for r in Result.objects.all()}
    got = [(results[e.pk].score, results[e.pk].rank, results[e.pk].level) for e in scored]
    assert got == [(D(90), 1, "first"), (D(80), 3, "third"), (D(85), 2, "second"), (D(60), 4, "")]
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "awards_result" in q["sql"]]
    assert len(updates) == 1  # one bulk update, of the two entries that moved
    assert updates[0].count("WHEN") == 2 * 9  # two rows × nine fields


@pytest.mark.django_db
def test_adjusting_needs_a_reason_and_survives_recomputing(judged_competition, scored, organizer):
    award_services.results_compute(competition=judged_competition, by=organizer)
    result = Result.objects.get(entry=scored[3])

    with pytest.raises(ValidationError):
        award_services.result_adjust(result=result, level="third", reason=" ", by=organizer)
    award_services.result_adjust(result=result, level="third", reason="评委组复议", by=organizer)
    award_services.results_compute(competition=judged_competition, by=organizer)

    result.refresh_from_db()
    assert (result.level, result.computed_level, result.adjusted) == ("third", "", True)
    assert AuditLog.objects.get(action="result.adjust").reason == "评委组复议"


@pytest.mark.django_db
def test_locking_makes_scores_read_only_and_marks_entries(judged_competition, scored, judges, organizer):
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    assignment = Assignment.objects.filter(judge=judges[0]).first()

    with pytest.raises(ValidationError) as excinfo:
        judging_services.score_save(assignment=assignment, by=judges[0], points={}, version=0)

    assert _message(excinfo) == "“科技创新制作”的成绩已锁定。"
    assert [Entry.objects.get(pk=e.pk).state for e in scored] == ["awarded", "awarded", "awarded", "not_awarded"]
    # Each entry's new state is recorded, like every other change of an entry's state.
    records = AuditLog.objects.filter(action="entry.judged").order_by("object_id")
    assert [(r.object_id, r.changes["state"]["after"], r.actor_id) for r in records] == [
        (str(e.pk), state, organizer.pk)
        for e, state in sorted(
            zip(scored, ["awarded", "awarded", "awarded", "not_awarded"], strict=True), key=lambda p: str(p[0].pk)
        )
    ]


@pytest.mark.django_db
def test_only_organizers_unlock_and_only_with_a_reason(judged_competition, scored, judges, organizer):
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)

    with pytest.raises(ValidationError):
        award_services.results_unlock(competition=judged_competition, by=judges[0], reason="head judge")
    with pytest.raises(ValidationError):
        award_services.results_unlock(competition=judged_competition, by=organizer, reason="")
    award_services.results_unlock(competition=judged_competition, by=organizer, reason="发现漏评")

    assert Entry.objects.get(pk=scored[0].pk).state == "in_judging"
    unjudged = AuditLog.objects.filter(action="entry.unjudged")
    assert sorted(int(r.object_id) for r in unjudged) == sorted(e.pk for e in scored)
    assert {(r.reason, r.changes["state"]["after"]) for r in unjudged} == {("发现漏评", "in_judging")}


@pytest.mark.django_db
def test_publication_needs_locked_results_and_opens_five_days_of_notice(
    festival, judged_competition, scored, organizer
):
    award_services.results_compute(competition=judged_competition, by=organizer)

    with pytest.raises(ValidationError) as excinfo:
        award_services.results_publish(competitions=[judged_competition], by=organizer, now=NOW)
    award_services.results_lock(competition=judged_competition, by=organizer)
    publication = award_services.results_publish(competitions=[judged_competition], by=organizer, now=NOW)
    judged_competition.refresh_from_db()

    assert _message(excinfo) == "请先锁定以下项目的成绩：科技创新制作。"
    assert publication.notice_ends_at == NOW + dt.timedelta(days=5)
    assert list(publication.competitions.all()) == [judged_competition]
    assert (judged_competition.published_at, judged_competition.notice_ends_at) == (NOW, publication.notice_ends_at)
    assert judged_competition.stage(NOW + dt.timedelta(days=4)) == Stage.NOTICE
    assert award_services.results_final(judged_competition, now=NOW + dt.timedelta(days=6)) is True
    assert award_services.results_final(judged_competition, now=NOW + dt.timedelta(days=4)) is False
    with pytest.raises(ValidationError) as again:
        award_services.results_publish(competitions=[judged_competition], by=organizer, now=NOW)
    assert _message(again) == "已经公布：科技创新制作。"


@pytest.mark.django_db
def test_one_competition_is_published_while_another_is_still_in_judging(
    festival, judged_competition, scored, organizer, student
):
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    painting = CompetitionFactory(
        festival=festival, invention=True, code="HH", name="科技创新绘画", kind="painting", entry_fields=[]
    )
    EntryFactory(competition=painting, title="未来城市", created_by=student, authors=[], state="in_judging")

    with pytest.raises(ValidationError) as together:
        award_services.results_publish(competitions=[judged_competition, painting], by=organizer, now=NOW)
    award_services.results_publish(competitions=[judged_competition], by=organizer, now=NOW)
    painting.refresh_from_db()

    assert _message(together) == "请先锁定以下项目的成绩：科技创新绘画。"
    assert painting.published_at is None
    # The collective awards wait for the painting.
    assert award_services.awards_wait_for(festival) == [painting]
    with pytest.raises(ValidationError) as waiting:
        award_services.collective_compute(festival=festival, by=organizer)
    assert _message(waiting) == "集体奖和专项奖要等这些比赛的结果生效后才能评定：科技创新绘画。"


@pytest.mark.django_db
def test_a_publication_is_withdrawn_during_its_notice_with_a_reason_and_published_again(
    festival, judged_competition, scored, organizer
):
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    publication = award_services.results_publish(competitions=[judged_competition], by=organizer, now=NOW)

    with pytest.raises(ValidationError) as no_reason:
        award_services.publication_withdraw(publication=publication, by=organizer, reason=" ", now=NOW)
    award_services.publication_withdraw(
        publication=publication, by=organizer, reason="二等奖名额算错", now=NOW + dt.timedelta(days=1)
    )
    judged_competition.refresh_from_db()
    publication.refresh_from_db()

    assert _message(no_reason) == "请说明撤回的原因，学生会看到。"
    assert publication.withdrawn and publication.withdraw_reason == "二等奖名额算错"
    assert judged_competition.stage(NOW + dt.timedelta(days=1)) == Stage.LOCKED
    record = AuditLog.objects.get(action="results.withdraw_publication")
    assert (record.object_id, record.reason) == (str(judged_competition.pk), "二等奖名额算错")
    # Locked again: unlocked to correct, locked and published anew with a new 公示.
    award_services.results_unlock(competition=judged_competition, by=organizer, reason="更正二等奖")
    award_services.results_lock(competition=judged_competition, by=organizer)
    again = award_services.results_publish(
        competitions=[judged_competition], by=organizer, now=NOW + dt.timedelta(days=2)
    )
    assert again.notice_ends_at == NOW + dt.timedelta(days=7)
    with pytest.raises(ValidationError) as after:
        award_services.publication_withdraw(
            publication=again, by=organizer, reason="太晚了", now=NOW + dt.timedelta(days=8)
        )
    assert _message(after) == "公示期已结束：成绩已生效，不能再撤回。"


@pytest.fixture
def published(festival, judged_competition, scored, organizer):
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    publish_locked(festival=festival, by=organizer, now=NOW)
    return scored


@pytest.mark.django_db
def test_an_upheld_objection_corrects_the_result_with_the_reason(festival, published, organizer):
    result = Result.objects.get(entry=published[3])
    author = published[3].authors.get()

    objection = award_services.objection_raise(result=result, by=author, reason="我的作品分数计算有误", now=NOW)
    award_services.objection_answer(
        objection=objection, by=organizer, upheld=True, answer="复核后改为三等奖", new_level="third"
    )

    result.refresh_from_db()
    assert (result.level, result.adjust_reason) == ("third", "复核后改为三等奖")
    assert Entry.objects.get(pk=published[3].pk).state == "awarded"
    assert Objection.objects.get().state == "upheld"
    corrected = AuditLog.objects.get(action="entry.award_correct")
    assert (corrected.object_id, corrected.changes["state"], corrected.reason) == (
        str(published[3].pk),
        {"before": "not_awarded", "after": "awarded"},
        "复核后改为三等奖",
    )


@pytest.mark.django_db
def test_a_rejected_objection_keeps_the_result_and_results_are_final_only_when_answered(
    festival, published, organizer, head_teacher
):
    result = Result.objects.get(entry=published[1])
    objection = award_services.objection_raise(result=result, by=head_teacher, reason="评分偏低", now=NOW)

    assert award_services.results_final(result.competition, now=NOW + dt.timedelta(days=6)) is False
    award_services.objection_answer(objection=objection, by=organizer, upheld=False, answer="复核无误")

    assert Result.objects.get(pk=result.pk).level == "second"
    assert award_services.results_final(result.competition, now=NOW + dt.timedelta(days=6)) is True


@pytest.mark.django_db
def test_objections_only_from_authors_or_their_head_teacher_during_the_notice(festival, published, school_class):
    result = Result.objects.get(entry=published[0])
    classmate = StudentFactory(school_class=school_class)

    with pytest.raises(ValidationError) as stranger:
        award_services.objection_raise(result=result, by=classmate, reason="不服", now=NOW)
    with pytest.raises(ValidationError) as late:
        award_services.objection_raise(
            result=result, by=published[0].authors.get(), reason="不服", now=NOW + dt.timedelta(days=5)
        )

    assert _message(stranger) == "只有作者本人和班主任可以对这个结果提出异议。"
    assert _message(late) == "公示期已结束，不再受理异议。"


@pytest.fixture
def locked_results(festival, judged_competition, scored, organizer):
    """Locked and published at ``NOW``, whose 公示 is long over: final."""
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    publish_locked(festival=festival, by=organizer, now=NOW)
    return scored


@pytest.mark.django_db
def test_collective_awards_rank_classes_by_points(festival, locked_results, school_class, organizer):
    rows = award_services.collective_compute(festival=festival, by=organizer)

    mine = next(r for r in rows if r.school_class_id == school_class.pk)
    # first 5 + second 3 + second 3 = 11 award points, plus 4 entries taking part
    assert (mine.points, mine.entries, mine.rank, mine.level) == (D(15), 4, 1, "first")
    assert award_services.collective_confirm(festival=festival, by=organizer) == 1
    assert CollectiveAward.objects.get(school_class=school_class).confirmed is True


@pytest.mark.django_db
def test_class_points_computed_again_keep_their_confirmations(festival, locked_results, school_class, organizer):
    award_services.collective_compute(festival=festival, by=organizer)
    award_services.collective_confirm(festival=festival, by=organizer)
    award_services.collective_compute(festival=festival, by=organizer)  # nothing changed: still confirmed

    assert CollectiveAward.objects.get(school_class=school_class).confirmed is True


@pytest.mark.django_db
def test_organizer_of_another_school_cannot_publish(festival, published, other_school):
    with pytest.raises(ValidationError):
        award_services.collective_compute(festival=festival, by=OrganizerFactory(school=other_school))
    assert JudgeFactory  # factories importable for the view tests
