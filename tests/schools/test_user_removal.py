"""An operator deleting a person in the admin: whoever has work or history is deactivated instead, audited, and
their work stays; a person nothing refers to is deleted, audited; a stray delete of a judge fails loudly."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from awards.models import Objection, SpecialAward
from core.models import AuditLog
from judging.models import ConflictDeclaration, Nudge, Score
from schools.models import User
from tests.factories.awards import ObjectionFactory, ResultFactory, SpecialAwardFactory
from tests.factories.judging import ConflictDeclarationFactory, NudgeFactory, ScoreFactory
from tests.factories.schools import JudgeFactory, StudentFactory, UserFactory
from tests.factories.submissions import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(school):
    return UserFactory(school=school, is_staff=True, is_superuser=True, real_name="运维")


@pytest.fixture
def admin_client(client, operator):
    client.force_login(operator)
    return client


def _delete(admin_client, user):
    return admin_client.post(reverse("admin:schools_user_delete", args=[user.pk]), {"post": "yes"}, follow=True)


def test_deleting_a_judge_with_scores_in_the_admin_deactivates_them_and_keeps_the_scores(admin_client, operator):
    judge = JudgeFactory(real_name="评委甲")
    scores = ScoreFactory.create_batch(3, assignment__judge=judge)

    response = _delete(admin_client, judge)

    judge.refresh_from_db()
    assert judge.is_active is False
    assert sorted(Score.objects.filter(judge=judge).values_list("pk", flat=True)) == sorted(s.pk for s in scores)
    record = AuditLog.objects.get(action="user.deactivate")
    assert (record.actor, record.object_id, record.changes) == (
        operator,
        str(judge.pk),
        {"is_active": {"before": True, "after": False}},
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"{judge} 已停用而未删除，因为有作品、评分或记录与其相关。"
    ]


def test_the_delete_confirmation_says_the_person_will_be_deactivated(admin_client):
    judge = JudgeFactory(real_name="评委乙")
    ScoreFactory(assignment__judge=judge)

    response = admin_client.get(reverse("admin:schools_user_delete", args=[judge.pk]))

    assert response.status_code == 200
    assert response.context["deleted_objects"][0] == f"{judge} —— 将被停用而不会删除：评分、评审分配与其相关"
    assert not response.context["protected"]


def test_deleting_a_co_author_in_the_admin_leaves_the_awards_authors_intact(admin_client):
    leader, co_author = StudentFactory(real_name="王小明"), StudentFactory(real_name="李雨萱")
    result = ResultFactory(entry__created_by=leader, entry__authors=[leader, co_author])

    _delete(admin_client, co_author)

    assert set(result.entry.authors.all()) == {leader, co_author}
    assert User.objects.get(pk=co_author.pk).is_active is False


def test_bulk_delete_deactivates_people_with_work_and_deletes_the_rest(admin_client, operator):
    judge, nobody = JudgeFactory(), UserFactory()
    ScoreFactory(assignment__judge=judge)

    admin_client.post(
        reverse("admin:schools_user_changelist"),
        {"action": "delete_selected", "_selected_action": [judge.pk, nobody.pk], "post": "yes"},
    )

    assert list(User.objects.filter(pk__in=[judge.pk, nobody.pk]).values_list("pk", "is_active")) == [(judge.pk, False)]
    assert sorted(AuditLog.objects.values_list("action", "object_id")) == [
        ("user.deactivate", str(judge.pk)),
        ("user.delete", str(nobody.pk)),
    ]


def test_a_user_nothing_refers_to_is_deleted_and_audited(admin_client, operator):
    nobody = UserFactory(real_name="误建账号")

    response = _delete(admin_client, nobody)

    assert not User.objects.filter(pk=nobody.pk).exists()
    record = AuditLog.objects.get(action="user.delete")
    assert (record.actor, record.object_id, record.object_repr) == (operator, str(nobody.pk), str(nobody))
    assert response.status_code == 200


def test_a_stray_delete_of_a_judge_with_scores_fails_loudly():
    judge = JudgeFactory()
    ScoreFactory(assignment__judge=judge)

    with pytest.raises(ProtectedError):
        User.objects.filter(pk=judge.pk).delete()


def test_a_stray_delete_of_an_entrys_creator_fails_loudly():
    entry = EntryFactory()

    with pytest.raises(ProtectedError):
        User.objects.filter(pk=entry.created_by_id).delete()


def _co_author_who_objected() -> tuple[User, Objection]:
    leader, co_author = StudentFactory(real_name="王小明"), StudentFactory(real_name="李雨萱")
    result = ResultFactory(entry__created_by=leader, entry__authors=[leader, co_author])
    return co_author, ObjectionFactory(result=result, raised_by=co_author)


def _teacher_with_an_award() -> tuple[User, SpecialAward]:
    award = SpecialAwardFactory(teacher__real_name="赵老师")
    return award.teacher, award


def _judge_who_declared_a_conflict() -> tuple[User, ConflictDeclaration]:
    declaration = ConflictDeclarationFactory(judge__real_name="评委丙")
    return declaration.judge, declaration


def _pupil_a_judge_declared() -> tuple[User, ConflictDeclaration]:
    declaration = ConflictDeclarationFactory(student__real_name="刘小华")
    return declaration.student, declaration


def _judge_who_was_reminded() -> tuple[User, Nudge]:
    nudge = NudgeFactory(judge__real_name="评委丁")
    return nudge.judge, nudge


HISTORY = {
    "objection": (_co_author_who_objected, "作品、异议"),
    "special award": (_teacher_with_an_award, "特别奖"),
    "conflict declared": (_judge_who_declared_a_conflict, "申报的利益冲突"),
    "conflict declared about": (_pupil_a_judge_declared, "申报的利益冲突"),
    "nudge": (_judge_who_was_reminded, "催评提醒"),
}


@pytest.mark.parametrize("history", HISTORY.values(), ids=HISTORY.keys())
def test_deleting_a_person_with_history_in_the_admin_deactivates_them_says_why_and_keeps_it(
    admin_client, operator, history
):
    make, traces = history
    person, record = make()

    confirmation = admin_client.get(reverse("admin:schools_user_delete", args=[person.pk]))
    response = _delete(admin_client, person)

    assert confirmation.context["deleted_objects"] == [f"{person} —— 将被停用而不会删除：{traces}与其相关"]
    assert [str(m) for m in response.context["messages"]] == [
        f"{person} 已停用而未删除，因为有作品、评分或记录与其相关。"
    ]
    assert User.objects.get(pk=person.pk).is_active is False
    assert type(record).objects.filter(pk=record.pk).exists()
    assert list(AuditLog.objects.values_list("action", "object_id")) == [("user.deactivate", str(person.pk))]


@pytest.mark.parametrize("history", HISTORY.values(), ids=HISTORY.keys())
def test_a_stray_delete_of_a_person_with_history_fails_loudly(history):
    make, _traces = history
    person, record = make()

    with pytest.raises(ProtectedError):
        User.objects.filter(pk=person.pk).delete()

    assert type(record).objects.filter(pk=record.pk).exists()
