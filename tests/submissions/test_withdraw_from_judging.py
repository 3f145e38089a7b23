"""An entry in judging leaves it only through the organizers (组委会): the authors and the head teacher are told
whom to ask; the organizers withdraw it with a reason, and its assignments, scores and result go with it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from awards import services as award_services
from awards.models import Result
from core.models import AuditLog
from judging.models import Assignment, Score
from submissions import services
from submissions.models import Entry, EntryState
from tests.factories.competitions import NOW
from tests.factories.submissions import recommended_entry, submitted_entry
from tests.html import flashes, has, text_of, texts

pytestmark = pytest.mark.django_db

ASK = "作品已进入评审，现在只有组委会能撤回或修改。请联系组委会（陈志远）。"
LOCKED = "“科技创新制作”的成绩已锁定，作品不能再撤回。请先解锁成绩。"
NO_REASON = "请填写撤回原因，原因会被记录。"


def _message(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def _url(entry: Entry) -> str:
    return reverse("entry_withdraw_by_organizer", args=[entry.pk])


def _page(entry: Entry) -> str:
    return reverse("entry_detail", args=[entry.pk])


def _judging_rows(entry: Entry) -> tuple[int, int]:
    return Assignment.objects.filter(entry=entry).count(), Score.objects.filter(entry=entry).count()


def _actions(entry: Entry) -> list[str]:
    return list(AuditLog.objects.filter(object_id=str(entry.pk)).order_by("pk").values_list("action", flat=True))


# --- The service -------------------------------------------------------------------------------------


def test_organizer_withdraws_an_entry_in_judging_with_its_assignments_and_scores(scored, organizer):
    entry, others = scored[0], scored[1:]
    others_before = [_judging_rows(e) for e in others]
    assert _judging_rows(entry) == (2, 2)

    services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="  作品抄袭网上视频  ")

    assert Entry.objects.get(pk=entry.pk).state == EntryState.WITHDRAWN
    assert _judging_rows(entry) == (0, 0)
    assert [_judging_rows(e) for e in others] == others_before
    withdrawal = AuditLog.objects.get(action="entry.withdraw_by_organizer", object_id=str(entry.pk))
    assert (withdrawal.actor, withdrawal.reason) == (organizer, "作品抄袭网上视频")
    assert withdrawal.changes == {"state": {"before": "in_judging", "after": "withdrawn"}}
    dropped = AuditLog.objects.get(action="judging.drop_withdrawn", object_id=str(entry.pk))
    assert dropped.reason == "作品抄袭网上视频"
    assert len(dropped.changes["assignments"]["before"]) == 2
    assert dropped.changes["assignments"]["after"] == []
    assert all(s.endswith("90.00 (submitted)") for s in dropped.changes["scores"]["before"])


def test_a_computed_result_leaves_the_ranking_and_the_results_must_be_computed_again(
    judged_competition, computed, scored, organizer
):
    first = scored[0]  # 90 points: 一等奖
    assert Result.objects.get(entry=first).level == "first"

    services.entry_withdraw_by_organizer(entry=first, by=organizer, reason="弃权")

    judged_competition.refresh_from_db()
    assert not Result.objects.filter(entry=first).exists()
    assert not judged_competition.results_computed
    dropped = AuditLog.objects.get(action="result.drop_withdrawn", object_id=str(first.pk))
    assert dropped.changes["level"] == {"before": "first", "after": None}
    assert dropped.reason == "弃权"
    with pytest.raises(ValidationError) as excinfo:
        award_services.results_lock(competition=judged_competition, by=organizer)
    assert _message(excinfo) == "请先计算成绩再锁定。"

    award_services.results_compute(competition=judged_competition, by=organizer)

    levels = dict(Result.objects.filter(competition=judged_competition).values_list("entry_id", "level"))
    assert levels == {scored[1].pk: "first", scored[2].pk: "first", scored[3].pk: "third"}


def test_withdrawal_is_refused_once_the_results_are_locked(judged_competition, computed, scored, organizer):
    award_services.results_lock(competition=judged_competition, by=organizer)
    entry = scored[0]
    before = (Entry.objects.get(pk=entry.pk).state, _judging_rows(entry), Result.objects.count())

    with pytest.raises(ValidationError) as excinfo:
        services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="弃权")

    assert _message(excinfo) == LOCKED
    assert (Entry.objects.get(pk=entry.pk).state, _judging_rows(entry), Result.objects.count()) == before
    assert "entry.withdraw_by_organizer" not in _actions(entry)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_needs_a_reason(scored, organizer, reason):
    entry = scored[0]

    with pytest.raises(ValidationError) as excinfo:
        services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason=reason)

    assert excinfo.value.message_dict == {"reason": [NO_REASON]}
    assert (Entry.objects.get(pk=entry.pk).state, _judging_rows(entry)) == (EntryState.IN_JUDGING, (2, 2))


@pytest.mark.parametrize("who", ["author", "head_teacher", "judge", "other_organizer"])
def test_only_the_schools_organizers_withdraw(scored, judges, head_teacher, other_organizer, who):
    entry = scored[0]
    by = {
        "author": entry.authors.get(),
        "head_teacher": head_teacher,
        "judge": judges[0],
        "other_organizer": other_organizer,
    }[who]

    with pytest.raises(ValidationError) as excinfo:
        services.entry_withdraw_by_organizer(entry=entry, by=by, reason="弃权")

    assert _message(excinfo) == "只有本校组委会可以把作品撤出评审。"
    assert (Entry.objects.get(pk=entry.pk).state, _judging_rows(entry)) == (EntryState.IN_JUDGING, (2, 2))


def test_a_recommended_entry_frees_its_place_and_its_authors_cannot_reopen_it(
    competition, student, head_teacher, organizer
):
    entry = recommended_entry(competition, student, head_teacher)

    services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="重复报名")

    assert services.quota_used(competition=competition, school_class=entry.school_class) == 0
    with pytest.raises(ValidationError) as excinfo:
        services.entry_reopen(entry=entry, by=student)
    assert _message(excinfo) == "组委会已将这件作品撤出评审，只有组委会能改变。请联系组委会（陈志远）。"
    assert Entry.objects.get(pk=entry.pk).state == EntryState.WITHDRAWN


def test_a_submitted_entry_is_the_authors_to_withdraw(competition, student, organizer):
    entry = submitted_entry(competition, student)

    with pytest.raises(ValidationError) as excinfo:
        services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="弃权")

    assert _message(excinfo) == "只有评审中或班级已选送的作品可以这样撤回。"


# --- What the authors and the head teacher are told -----------------------------------------------------


def test_authors_are_told_to_ask_the_organizers_by_name(scored):
    entry = scored[0]
    author = entry.authors.get()
    attempts = {
        "withdraw": lambda: services.entry_withdraw(entry=entry, by=author),
        "reopen": lambda: services.entry_reopen(entry=entry, by=author),
        "declare": lambda: services.entry_declare_original(entry=entry, by=author, declared=False),
        "update": lambda: services.entry_update(
            entry=entry, by=author, title="新题目", description="", details={}, advisor=None, version=entry.version
        ),
    }

    for name, attempt in attempts.items():
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert _message(excinfo) == ASK, name

    assert Entry.objects.get(pk=entry.pk).state == EntryState.IN_JUDGING


def test_the_head_teacher_is_told_the_same(scored, head_teacher):
    with pytest.raises(ValidationError) as excinfo:
        services.shortlist_remove(entry=scored[0], by=head_teacher)

    assert _message(excinfo) == ASK


def test_every_organizer_of_the_school_is_named(scored, school):
    from tests.factories.schools import OrganizerFactory

    OrganizerFactory(school=school, real_name="刘敏")

    assert services.organizers_only_message(scored[0]).endswith("请联系组委会（刘敏、陈志远）。")


# --- The pages ----------------------------------------------------------------------------------------


def test_the_authors_page_says_whom_to_ask_instead_of_offering_buttons(client, scored):
    entry = scored[0]
    client.force_login(entry.authors.get())

    response = client.get(_page(entry))

    assert text_of(response, "#organizers-only") == ASK
    assert not has(response, "#withdraw-entry")
    assert not has(response, "#reopen-entry")
    assert not has(response, "#organizer-withdraw")


def test_the_head_teachers_page_says_whom_to_ask(client, scored, head_teacher):
    client.force_login(head_teacher)

    response = client.get(_page(scored[0]))

    assert text_of(response, "#organizers-only-teacher") == ASK
    assert not has(response, "#organizer-withdraw")


def test_the_organizer_withdraws_from_the_entry_page(client, scored, organizer):
    entry = scored[0]
    client.force_login(organizer)
    page = client.get(_page(entry))
    assert has(page, f"#organizer-withdraw form[action='{_url(entry)}'][method='post']")
    assert has(page, "#organizer-withdraw input[name='csrfmiddlewaretoken']")
    assert not has(page, "#organizers-only")

    response = client.post(_url(entry), {"reason": "作品抄袭网上视频"}, follow=True)

    assert response.redirect_chain == [(_page(entry), 302)]
    assert flashes(response) == [f"作品 {entry.code} 已撤回，评委的分配和评分已删除。"]
    assert (Entry.objects.get(pk=entry.pk).state, _judging_rows(entry)) == (EntryState.WITHDRAWN, (0, 0))
    assert not has(response, "#organizer-withdraw")


def test_an_empty_reason_is_refused_in_chinese_and_changes_nothing(client, scored, organizer):
    entry = scored[0]
    client.force_login(organizer)

    response = client.post(_url(entry), {"reason": "  "}, follow=True)

    assert flashes(response) == [NO_REASON]
    assert (Entry.objects.get(pk=entry.pk).state, _judging_rows(entry)) == (EntryState.IN_JUDGING, (2, 2))
    assert "entry.withdraw_by_organizer" not in _actions(entry)


def test_after_the_lock_the_page_says_why_instead_of_the_withdrawal_form_and_a_post_is_refused(
    client, judged_competition, computed, scored, organizer
):
    award_services.results_lock(competition=judged_competition, by=organizer)
    entry = scored[0]
    client.force_login(organizer)

    page = client.get(_page(entry))
    assert not has(page, "#organizer-withdraw form")
    assert text_of(page, "#organizer-withdraw-refusal") == LOCKED
    response = client.post(_url(entry), {"reason": "弃权"}, follow=True)

    assert flashes(response) == [LOCKED]
    assert Entry.objects.get(pk=entry.pk).state == EntryState.AWARDED


def test_no_withdrawal_form_for_an_entry_not_in_judging(client, competition, student, organizer):
    entry = submitted_entry(competition, student)
    client.force_login(organizer)

    assert not has(client.get(_page(entry)), "#organizer-withdraw")


@pytest.mark.parametrize(
    ("who", "status"),
    [("author", 403), ("head_teacher", 403), ("judge", 403), ("other_organizer", 403), ("anonymous", 302)],
)
def test_who_may_not_withdraw_through_the_page(client, scored, judges, head_teacher, other_organizer, who, status):
    entry = scored[0]
    user = {
        "author": entry.authors.get(),
        "head_teacher": head_teacher,
        "judge": Assignment.objects.filter(entry=entry).first().judge,
        "other_organizer": other_organizer,
        "anonymous": None,
    }[who]
    if user is not None:
        client.force_login(user)

    response = client.post(_url(entry), {"reason": "弃权"})

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    assert (Entry.objects.get(pk=entry.pk).state, _judging_rows(entry)) == (EntryState.IN_JUDGING, (2, 2))


def test_the_withdrawal_needs_a_post_with_the_csrf_token(scored, organizer):
    entry = scored[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(organizer)

    assert client.get(_url(entry)).status_code == 405
    assert client.post(_url(entry), {"reason": "弃权"}).status_code == 403
    assert Entry.objects.get(pk=entry.pk).state == EntryState.IN_JUDGING


# --- When and why: what the authors and the head teacher read ------------------------------------------

WHY = "组委会已于 2026-11-20 10:00 将这件作品撤出评审。 原因：作品抄袭网上视频"


def test_the_entry_keeps_when_and_why_the_organizers_withdrew_it(scored, organizer):
    entry = scored[0]

    services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="  作品抄袭网上视频  ", now=NOW)

    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.withdrawn_at, stored.withdrawn_reason) == (NOW, "作品抄袭网上视频")


@pytest.mark.parametrize("who", ["author", "head_teacher"])
def test_the_entry_page_says_when_and_why_the_organizers_withdrew_it(client, scored, organizer, head_teacher, who):
    entry = scored[0]
    services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="作品抄袭网上视频", now=NOW)
    client.force_login(entry.authors.get() if who == "author" else head_teacher)

    response = client.get(_page(entry))

    assert text_of(response, "#withdrawn-by-organizers") == WHY
    assert not has(response, "#reopen-entry")


def test_the_students_list_says_when_and_why_the_organizers_withdrew_an_entry(client, scored, organizer):
    entry = scored[0]
    services.entry_withdraw_by_organizer(entry=entry, by=organizer, reason="作品抄袭网上视频", now=NOW)
    client.force_login(entry.authors.get())

    response = client.get(reverse("my_entries"))

    assert texts(response, "#my-entries .withdrawn-by-organizers") == [WHY]


def test_an_entry_its_author_withdrew_has_no_such_note(client, competition, student):
    entry = submitted_entry(competition, student)
    services.entry_withdraw(entry=entry, by=student, now=NOW)
    client.force_login(student)

    assert not has(client.get(_page(entry)), "#withdrawn-by-organizers")
    assert texts(client.get(reverse("my_entries")), "#my-entries .withdrawn-by-organizers") == []
