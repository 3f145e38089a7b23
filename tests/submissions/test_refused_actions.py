"""The pages offer only what the services would accept now; in place of the rest they say why, in the services'
own words (the same refusal functions decide both), and a POST is still refused on the server."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from competitions.models import ClassExtension, Competition
from submissions import services
from submissions.models import Entry, EntryState
from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.schools import StudentFactory
from tests.factories.submissions import DETAILS, draft, recommended_entry, submitted_entry
from tests.html import attrs, flashes, has, page, text_of, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DEADLINE = "“科技创新制作”的截止时间已过，作品不能再修改。"
QUOTA_FULL = "三年级2班 的“科技创新制作”2 个名额已用完。请先移除一件再添加。"


def _action(entry: Entry, action: str) -> str:
    return reverse("entry_action", args=[entry.pk, action])


# --- A student's new entry -------------------------------------------------------------------------


def test_the_new_entry_page_after_the_deadline_says_so_instead_of_showing_the_form(
    client, competition, student, frozen
):
    client.force_login(student)
    frozen.move(days=11)

    response = client.get(reverse("entry_create", args=[competition.pk]))

    assert not has(page(response), "#entry-form")
    assert text_of(response, "#form-refusal") == DEADLINE


def test_the_new_entry_page_before_opening_says_when_and_a_post_is_refused(client, festival, student):
    later = CompetitionFactory(
        festival=festival,
        invention=True,
        submission_opens=NOW + dt.timedelta(days=2),
        judging_opens=NOW + dt.timedelta(days=11),
    )
    client.force_login(student)
    url = reverse("entry_create", args=[later.pk])

    shown = client.get(url)
    posted = client.post(url, {"title": "自动浇花器"})

    opens = "“科技创新制作”将于2026年11月22日 10:00开始接受作品。"
    assert not has(page(shown), "#entry-form")
    assert text_of(shown, "#form-refusal") == opens
    assert text_of(posted, "#form-errors") == opens
    assert not Entry.objects.exists()


def test_a_class_with_an_extension_still_gets_the_new_entry_form(client, competition, student, organizer, frozen):
    ClassExtension.objects.create(
        competition=competition,
        school_class=student.school_class,
        closes_at=NOW + dt.timedelta(days=15),
        reason="研学旅行",
        granted_by=organizer,
    )
    client.force_login(student)
    frozen.move(days=11)

    response = client.get(reverse("entry_create", args=[competition.pk]))

    assert has(page(response), "#entry-form")
    assert not has(response, "#form-refusal")


def test_the_new_entry_page_at_the_per_student_limit_says_so(client, festival, student):
    once = CompetitionFactory(festival=festival, invention=True, code="HH", name="科幻画", entries_per_student=1)
    draft(once, student)
    client.force_login(student)

    response = client.get(reverse("entry_create", args=[once.pk]))

    assert not has(page(response), "#entry-form")
    assert text_of(response, "#form-refusal") == "王小明 在“科幻画”已有 1 件作品，已达上限。"


def test_a_student_is_told_the_head_teacher_submits_the_class_poster(client, festival, student):
    poster = CompetitionFactory(festival=festival, class_poster=True)
    client.force_login(student)

    response = client.get(reverse("entry_create", args=[poster.pk]))

    assert not has(page(response), "#entry-form")
    assert text_of(response, "#form-refusal") == "这个项目的班级作品由班主任提交。"


def test_my_entries_says_when_a_competition_opens_instead_of_offering_a_new_entry(client, festival, student):
    later = CompetitionFactory(
        festival=festival,
        invention=True,
        submission_opens=NOW + dt.timedelta(days=2),
        judging_opens=NOW + dt.timedelta(days=11),
    )
    client.force_login(student)

    response = client.get(reverse("my_entries"))

    assert reverse("entry_create", args=[later.pk]) not in attrs(response, "#open-competitions a", "href")
    assert texts(response, "#open-competitions .create-refusal") == [
        "“科技创新制作”将于2026年11月22日 10:00开始接受作品。"
    ]


# --- Editing and the author's buttons ----------------------------------------------------------------


def test_the_edit_page_after_the_deadline_says_so_and_a_post_is_refused(client, competition, student, frozen):
    entry = draft(competition, student)
    client.force_login(student)
    frozen.move(days=11)
    url = reverse("entry_edit", args=[entry.pk])

    shown = client.get(url)
    posted = client.post(url, {"title": "新名字", "version": entry.version})

    assert not has(page(shown), "#entry-form")
    assert text_of(shown, "#form-refusal") == DEADLINE
    assert text_of(posted, "#form-errors") == DEADLINE
    assert Entry.objects.get(pk=entry.pk).title == "自动浇花器"


def test_the_edit_page_of_a_submitted_entry_says_to_reopen_it(client, competition, student):
    entry = submitted_entry(competition, student)
    client.force_login(student)

    response = client.get(reverse("entry_edit", args=[entry.pk]))

    assert not has(page(response), "#entry-form")
    assert text_of(response, "#form-refusal") == "已提交的作品不能直接修改，请先撤回修改。"


def test_after_the_deadline_the_entry_page_offers_no_buttons_and_posts_are_refused(
    client, competition, student, frozen
):
    entry = submitted_entry(competition, student)
    client.force_login(student)
    frozen.move(days=11)

    shown = client.get(reverse("entry_detail", args=[entry.pk]))
    reopened = client.post(_action(entry, "reopen"), follow=True)
    withdrawn = client.post(_action(entry, "withdraw"), follow=True)

    assert text_of(shown, "#entry-window") == DEADLINE
    assert texts(shown, "#entry-actions form") == []
    assert not has(shown, "#edit-entry")
    assert flashes(reopened) == flashes(withdrawn) == [DEADLINE]
    assert Entry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED


def test_before_the_competition_opens_again_the_entry_page_says_when_and_offers_no_buttons(
    client, competition, student
):
    entry = submitted_entry(competition, student)
    # The organizers moved the opening later after the entry was made.
    Competition.objects.filter(pk=competition.pk).update(submission_opens=NOW + dt.timedelta(days=1))
    client.force_login(student)

    shown = client.get(reverse("entry_detail", args=[entry.pk]))
    posted = client.post(_action(entry, "reopen"), follow=True)

    opens = "“科技创新制作”将于2026年11月21日 10:00开始接受作品。"
    assert text_of(shown, "#entry-window") == opens
    assert texts(shown, "#entry-actions form") == []
    assert flashes(posted) == [opens]
    assert Entry.objects.get(pk=entry.pk).state == EntryState.SUBMITTED


def test_a_withdrawn_entry_says_why_it_cannot_be_reopened_beyond_the_limit(client, festival, student):
    once = CompetitionFactory(festival=festival, invention=True, code="HH", name="科幻画", entries_per_student=1)
    first = draft(once, student)
    services.entry_withdraw(entry=first, by=student, now=NOW)
    draft(once, student, title="第二件")
    client.force_login(student)

    shown = client.get(reverse("entry_detail", args=[first.pk]))
    posted = client.post(_action(first, "reopen"), follow=True)

    limit = "王小明 在“科幻画”已有 1 件作品，已达上限。"
    assert not has(page(shown), "#reopen-entry")
    assert texts(shown, "#entry-actions .action-refusal") == [limit]
    assert flashes(posted) == [limit]
    assert Entry.objects.get(pk=first.pk).state == EntryState.WITHDRAWN


def test_a_recommended_entry_tells_its_author_to_ask_the_head_teacher(client, competition, student, head_teacher):
    entry = recommended_entry(competition, student, head_teacher)
    client.force_login(student)

    shown = client.get(reverse("entry_detail", args=[entry.pk]))
    posted = client.post(_action(entry, "withdraw"), follow=True)

    ask = "班级已选送的作品不能撤回，请联系班主任。"
    assert not has(page(shown), "#withdraw-entry")
    assert texts(shown, "#entry-actions .action-refusal") == [ask]
    assert flashes(posted) == [ask]


def test_the_organizer_may_still_change_an_entry_after_the_deadline_with_a_reason(
    client, competition, student, organizer, frozen
):
    entry = draft(competition, student)
    client.force_login(organizer)
    frozen.move(days=10, hours=1)  # closed, judging not started
    url = reverse("entry_edit", args=[entry.pk])

    entry_page = client.get(reverse("entry_detail", args=[entry.pk]))
    form = client.get(url)
    without_reason = client.post(url, {"title": "改正的题目", "version": entry.version})
    with_reason = client.post(
        url,
        {
            "title": "改正的题目",
            "detail_design_idea": DETAILS["design_idea"],
            "version": entry.version,
            "reason": "错别字",
        },
    )

    assert attrs(entry_page, "#edit-entry", "href") == [url]
    assert has(page(form), "#entry-form #id_reason")
    assert not has(form, "#form-refusal")
    assert text_of(without_reason, "#form-errors") == "截止后修改作品，请填写原因；原因会被记录。"
    assert with_reason.status_code == 302
    assert Entry.objects.get(pk=entry.pk).title == "改正的题目"


# --- The class poster (科普板报), one per class -------------------------------------------------------


def test_the_class_entry_page_links_to_the_classs_entry_instead_of_a_second_form(
    client, head_teacher, school_class, festival
):
    poster = CompetitionFactory(festival=festival, class_poster=True)
    entry = services.class_entry_create(
        competition=poster, school_class=school_class, by=head_teacher, title="我们的太空梦", details={}
    )
    client.force_login(head_teacher)

    response = client.get(reverse("class_entry_create", args=[school_class.pk, poster.pk]))

    assert not has(page(response), "form.narrow-form")
    assert text_of(response, "#form-refusal") == "三年级2班 已经有班级作品了。"
    assert attrs(response, "#class-entry-link", "href") == [reverse("entry_detail", args=[entry.pk])]
    assert text_of(response, "#class-entry-link") == f"打开班级作品 {entry.code}"


def test_a_closed_class_competition_says_why_there_is_no_class_entry_and_refuses_one(
    client, head_teacher, school_class, festival
):
    poster = CompetitionFactory(
        festival=festival,
        class_poster=True,
        submission_opens=NOW - dt.timedelta(days=10),
        submission_closes=NOW - dt.timedelta(days=1),
        judging_opens=NOW - dt.timedelta(days=1),
        judging_closes=NOW + dt.timedelta(days=1),
    )
    client.force_login(head_teacher)
    url = reverse("class_entry_create", args=[school_class.pk, poster.pk])

    dashboard = client.get(reverse("class_dashboard", args=[school_class.pk, poster.pk]))
    form_page = client.get(url)
    posted = client.post(url, {"title": "迟到的板报", "detail_poster_topic": "航天"})

    closed = "“科普板报”的截止时间已过，作品不能再修改。"
    assert url not in attrs(dashboard, "a", "href")
    assert text_of(dashboard, "#class-entry-refusal") == f"没有班级作品。 {closed}"
    assert text_of(form_page, "#form-refusal") == closed
    assert posted.context["form"].non_field_errors() == [closed]
    assert not Entry.objects.exists()


# --- The head teacher's shortlist (择优选送) ------------------------------------------------------------


def test_a_full_quota_shows_the_services_words_instead_of_the_recommend_button(
    client, head_teacher, school_class, live
):
    entries = [submitted_entry(live, StudentFactory(school_class=school_class)) for _ in range(3)]
    for entry in entries[:2]:
        services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
    client.force_login(head_teacher)

    dashboard = page(client.get(reverse("class_dashboard", args=[school_class.pk, live.pk])))
    entry_page = page(client.get(reverse("entry_detail", args=[entries[2].pk])))

    left_out = dashboard.select_one(f"#students #entry-{entries[2].pk}")
    assert not has(left_out, "[data-testid=shortlist-add]")
    assert text_of(left_out, "[data-testid=shortlist-refusal]") == QUOTA_FULL
    assert len(dashboard.select("#shortlist [data-testid=shortlist-remove]")) == 2
    assert not has(entry_page, "#staff-actions [data-testid=shortlist-add]")
    assert text_of(entry_page, "#staff-actions [data-testid=shortlist-refusal]") == QUOTA_FULL


def test_a_draft_says_why_it_cannot_be_recommended(client, head_teacher, school_class, live, student):
    entry = draft(live, student)
    client.force_login(head_teacher)

    dashboard = page(client.get(reverse("class_dashboard", args=[school_class.pk, live.pk])))

    item = dashboard.select_one(f"#students #entry-{entry.pk}")
    assert not has(item, "[data-testid=shortlist-add]")
    assert text_of(item, "[data-testid=shortlist-refusal]") == "只有已提交的作品可以选送。"


def test_a_submitted_entry_is_offered_while_a_place_is_free(client, head_teacher, school_class, live, student):
    entry = submitted_entry(live, student)
    client.force_login(head_teacher)

    dashboard = page(client.get(reverse("class_dashboard", args=[school_class.pk, live.pk])))

    item = dashboard.select_one(f"#students #entry-{entry.pk}")
    assert has(item, f"form[action='{reverse('entry_shortlist', args=[entry.pk])}'] [data-testid=shortlist-add]")
    assert not has(item, "[data-testid=shortlist-refusal]")
