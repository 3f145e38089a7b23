"""Students' entry pages, the shared entry page and the attachment files, through HTTP."""

from __future__ import annotations

import datetime as dt
import errno
import os

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions import services
from submissions.models import Attachment, Entry, EntryState
from tests import corpus
from tests.factories.competitions import NOW, CompetitionFactory
from tests.factories.schools import SchoolClassFactory, StudentFactory
from tests.factories.submissions import DETAILS, draft, ready_entry, submitted_entry
from tests.html import attrs, form_errors, has, text_of, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

MB = 1024 * 1024


def private_files() -> list[str]:
    root = settings.STORAGES["private"]["OPTIONS"]["location"]
    return sorted(os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files)


def snapshot(entry: Entry) -> tuple:
    entry = Entry.objects.get(pk=entry.pk)
    return (
        entry.title,
        entry.details,
        entry.state,
        entry.originality_declared,
        sorted(entry.authors.values_list("pk", flat=True)),
        sorted(Attachment.objects.filter(entry=entry).values_list("pk", "original_name")),
    )


def upload(client, entry, name, content, role="result"):
    return client.post(
        reverse("attachment_upload", args=[entry.pk]),
        {"file": corpus.upload(name, content), "role": role},
        headers={"accept": "application/json"},
    )


@pytest.fixture
def people(student, classmate, head_teacher, other_teacher, organizer, other_organizer):
    return {
        "author": student,
        "classmate": classmate,
        "head_teacher": head_teacher,
        "other_teacher": other_teacher,
        "organizer": organizer,
        "other_organizer": other_organizer,
        "anonymous": None,
    }


def client_of(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- my entries ----------------------------------------------------------------------------------


def test_my_entries_lists_the_students_entries_with_state_and_deadline(client, competition, student):
    entry = submitted_entry(competition, student)
    client.force_login(student)

    response = client.get(reverse("my_entries"))

    assert response.status_code == 200
    assert text_of(response, "#my-entries") == (f"自动浇花器 {entry.code} · 科技创新制作 已提交 还剩 10 天 0 小时")
    assert attrs(response, "#my-entries img", "src") == [
        reverse("attachment_thumbnail", args=[entry.attachments.get().pk])
    ]


def test_my_entries_offers_a_new_entry_where_the_student_may_still_enter(client, festival, competition, student):
    full = CompetitionFactory(
        festival=festival,
        invention=True,
        code="HH",
        name="科幻画",
        kind="painting",
        entry_fields=[],
        entries_per_student=1,
    )
    draft(full, student)
    other_grade = CompetitionFactory(festival=festival, invention=True, code="WZ", name="科普征文", grades=(5,))
    client.force_login(student)

    response = client.get(reverse("my_entries"))

    links = attrs(response, "#open-competitions a", "href")
    assert links == [reverse("entry_create", args=[competition.pk])]
    assert reverse("entry_create", args=[other_grade.pk]) not in response.content.decode()
    assert texts(response, "#open-competitions .create-refusal") == ["王小明 在“科幻画”已有 1 件作品，已达上限。"]


def test_my_entries_is_for_students(client, head_teacher):
    client.force_login(head_teacher)

    assert client.get(reverse("my_entries")).status_code == 403


# --- creating and editing -----------------------------------------------------------------------


def test_student_creates_a_draft_with_the_competitions_own_fields(client, competition, student, advisor):
    client.force_login(student)
    form = client.get(reverse("entry_create", args=[competition.pk]))
    assert form.status_code == 200

    response = client.post(
        reverse("entry_create", args=[competition.pk]),
        {
            "title": "自动浇花器",
            "description": "假期做的。",
            "detail_subtype": "invention",
            "detail_design_idea": "虹吸原理",
            "advisor": advisor.pk,
            "parent_name": "王爸爸",
        },
    )

    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("entry_detail", args=[entry.pk])
    assert (entry.title, entry.details, entry.advisor, entry.parent_name, entry.state) == (
        "自动浇花器",
        {"subtype": "invention", "design_idea": "虹吸原理"},
        advisor,
        "王爸爸",
        EntryState.DRAFT,
    )
    assert list(entry.authors.all()) == [student]


def test_team_is_chosen_among_classmates_up_to_the_team_size(client, festival, student, classmate):
    team = CompetitionFactory(festival=festival, invention=True, code="TD", entry_mode="team", team_max_size=2)
    third = StudentFactory(school_class=student.school_class, real_name="张三")
    client.force_login(student)

    page = client.get(reverse("entry_create", args=[team.pk]))
    too_many = client.post(
        reverse("entry_create", args=[team.pk]), {"title": "桥梁模型", "team": [classmate.pk, third.pk]}
    )
    created = client.post(reverse("entry_create", args=[team.pk]), {"title": "桥梁模型", "team": [classmate.pk]})

    assert text_of(page, "#entry-form").count("李雨萱") == 1
    assert text_of(too_many, "#form-errors") == "每队最多 2 人。"
    assert "桥梁模型" in attrs(too_many, "input", "value")
    assert created.status_code == 302
    assert sorted(Entry.objects.get().authors.values_list("real_name", flat=True)) == ["李雨萱", "王小明"]


def test_form_posted_after_the_deadline_is_refused_keeping_what_was_typed(client, competition, student, frozen):
    client.force_login(student)
    client.get(reverse("entry_create", args=[competition.pk]))
    frozen.move(days=11)

    response = client.post(
        reverse("entry_create", args=[competition.pk]), {"title": "自动浇花器", "detail_design_idea": "虹吸原理"}
    )

    assert response.status_code == 200
    assert text_of(response, "#form-errors") == "“科技创新制作”的截止时间已过，作品不能再修改。"
    assert "自动浇花器" in attrs(response, "input", "value")
    assert "虹吸原理" in texts(response, "textarea")
    assert Entry.objects.count() == 0


def test_competition_of_another_grade_is_not_found(client, festival, student):
    fifth_grade = CompetitionFactory(festival=festival, invention=True, code="WZ", grades=(5,))
    client.force_login(student)

    response = client.post(reverse("entry_create", args=[fifth_grade.pk]), {"title": "我的作品"})

    assert response.status_code == 404
    assert Entry.objects.count() == 0


def test_entry_beyond_the_per_student_limit_is_refused(client, festival, student):
    once = CompetitionFactory(festival=festival, invention=True, code="HH", name="科幻画", entries_per_student=1)
    draft(once, student)
    client.force_login(student)

    response = client.post(reverse("entry_create", args=[once.pk]), {"title": "第二幅"})

    assert text_of(response, "#form-errors") == "王小明 在“科幻画”已有 1 件作品，已达上限。"
    assert Entry.objects.count() == 1


def test_author_edits_the_draft(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = client.post(
        reverse("entry_edit", args=[entry.pk]),
        {"title": "新名字", "detail_subtype": "model", "detail_design_idea": "杠杆", "version": entry.version},
    )

    entry.refresh_from_db()
    assert response.status_code == 302
    assert (entry.title, entry.details) == ("新名字", {"subtype": "model", "design_idea": "杠杆"})


def test_an_emoji_in_a_new_title_is_refused_because_the_certificate_cannot_print_it(client, competition, student):
    client.force_login(student)

    response = client.post(
        reverse("entry_create", args=[competition.pk]),
        {"title": "会飞的🚀火箭", "detail_subtype": "invention", "detail_design_idea": "反冲"},
    )

    assert response.status_code == 200
    assert form_errors(response, "title") == ["标题中不能使用表情符号或奖状上印不出的符号：🚀"]
    assert "会飞的🚀火箭" in attrs(response, "input[name=title]", "value")
    assert Entry.objects.count() == 0


def test_an_emoji_in_an_edited_title_is_refused_and_the_entry_keeps_its_title(client, competition, student):
    entry = draft(competition, student)
    before = snapshot(entry)
    client.force_login(student)

    response = client.post(
        reverse("entry_edit", args=[entry.pk]),
        {
            "title": "自动浇花器😀👍🏻",
            "detail_subtype": "model",
            "detail_design_idea": "杠杆",
            "version": entry.version,
        },
    )

    assert response.status_code == 200
    assert form_errors(response, "title") == ["标题中不能使用表情符号或奖状上印不出的符号：😀 👍 🏻"]
    assert snapshot(entry) == before


def test_symbols_the_certificate_prints_are_kept_in_a_title(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    client.post(
        reverse("entry_edit", args=[entry.pk]),
        {
            "title": "★“水火箭”①号 — 第2版",
            "detail_subtype": "model",
            "detail_design_idea": "杠杆",
            "version": entry.version,
        },
    )

    assert Entry.objects.get(pk=entry.pk).title == "★“水火箭”①号 — 第2版"


def test_a_save_from_a_second_tab_showing_an_older_version_is_refused_keeping_what_was_typed(
    client, competition, student
):
    entry = draft(competition, student)
    client.force_login(student)
    url = reverse("entry_edit", args=[entry.pk])
    tabs = [attrs(client.get(url), "input[name=version]", "value") for _tab in range(2)]
    typed = {"title": "第二个窗口的名字", "detail_subtype": "model", "detail_design_idea": "第二个窗口写的"}

    first = client.post(url, {"title": "第一个窗口的名字", "detail_design_idea": "杠杆", "version": tabs[0][0]})
    second = client.post(url, {**typed, "version": tabs[1][0]})

    stored = Entry.objects.get(pk=entry.pk)
    assert tabs[0] == tabs[1] == [str(entry.version)]
    assert first.status_code == 302
    assert second.status_code == 200
    assert text_of(second, "#form-errors").startswith("你打开此页面后，这件作品已在另一个窗口或设备上修改。")
    assert "第二个窗口的名字" in attrs(second, "input", "value")
    assert "第二个窗口写的" in texts(second, "textarea")
    assert (stored.title, stored.details["design_idea"]) == ("第一个窗口的名字", "杠杆")
    # The form shown again carries the stored version: saving it again is the student's deliberate choice.
    assert attrs(second, "input[name=version]", "value") == [str(stored.version)]
    again = client.post(url, {**typed, "version": attrs(second, "input[name=version]", "value")[0]})
    assert again.status_code == 302
    assert Entry.objects.get(pk=entry.pk).title == "第二个窗口的名字"


def test_a_save_that_does_not_say_which_version_it_showed_is_refused(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = client.post(reverse("entry_edit", args=[entry.pk]), {"title": "没有版本"})

    assert text_of(response, "#form-errors").startswith("此页面没有注明显示的是作品的哪个版本")
    assert "没有版本" in attrs(response, "input", "value")
    assert attrs(response, "input[name=version]", "value") == [str(entry.version)]
    assert Entry.objects.get(pk=entry.pk).title == "自动浇花器"


def test_edit_form_shows_the_entry_as_it_is(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = client.get(reverse("entry_edit", args=[entry.pk]))
    new_entry = client.get(reverse("entry_create", args=[competition.pk]))

    assert "自动浇花器" in attrs(response, "input", "value")
    assert DETAILS["design_idea"] in texts(response, "textarea")
    assert attrs(response, "input[type=hidden][name=version]", "value") == [str(entry.version)]
    assert attrs(new_entry, "input[name=version]", "value") == []  # a new entry has no version yet


def test_someone_elses_entry_cannot_be_edited(client, competition, student, classmate):
    entry = draft(competition, student)
    before = snapshot(entry)
    client.force_login(classmate)

    response = client.post(reverse("entry_edit", args=[entry.pk]), {"title": "抢来的"})

    assert response.status_code == 403
    assert snapshot(entry) == before


def test_submitted_entry_is_not_edited_until_reopened(client, competition, student):
    entry = submitted_entry(competition, student)
    client.force_login(student)

    response = client.post(reverse("entry_edit", args=[entry.pk]), {"title": "改名"})

    assert text_of(response, "#form-errors") == "已提交的作品不能直接修改，请先撤回修改。"
    assert Entry.objects.get().title == "自动浇花器"


# --- the entry page -----------------------------------------------------------------------------

WHO_SEES = {
    "author": 200,
    "classmate": 403,
    "head_teacher": 200,
    "other_teacher": 403,  # not the class's: no hand-in card either (schools has no section-head role)
    "organizer": 200,
    "other_organizer": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize(("who", "status"), WHO_SEES.items())
def test_who_may_see_the_entry_page(client, competition, people, who, status):
    entry = submitted_entry(competition, people["author"])

    response = client_of(client, people[who]).get(reverse("entry_detail", args=[entry.pk]))

    if status == "hand-in":
        assert response.status_code == 200
        assert response.templates[0].name == "submissions/entry_hand_in.html"
        return
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


def test_advisor_may_see_the_entry_page(client, competition, student, advisor):
    entry = submitted_entry(competition, student, advisor=advisor)

    assert client_of(client, advisor).get(reverse("entry_detail", args=[entry.pk])).status_code == 200


def test_entry_page_shows_the_entry(client, competition, student, advisor):
    entry = submitted_entry(competition, student, advisor=advisor)
    client.force_login(student)

    response = client.get(reverse("entry_detail", args=[entry.pk]))

    assert text_of(response, "#entry-title") == "自动浇花器"
    facts = text_of(response, "#entry-facts")
    assert facts.startswith("作者 王小明 班级 三年级2班 指导教师 赵辅导 ")
    assert "用废旧塑料瓶做自动浇花器，利用虹吸原理。" in facts
    assert text_of(response, "#originality") == "已声明为作者本人原创"
    assert attrs(response, "#attachments-result img", "src") == [
        reverse("attachment_thumbnail", args=[entry.attachments.get().pk])
    ]
    assert has(response, "#process-files")


def test_draft_page_lists_what_is_missing_in_place_of_the_submit_button_and_offers_upload(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = client.get(reverse("entry_detail", args=[entry.pk]))

    assert text_of(response, "#missing") == "提交前还需要： 至少一张作品照片或一个文件本人原创声明"
    assert has(response, "#upload-form")
    assert has(response, "#declaration")
    assert not has(response, "#submit-entry")


def test_a_draft_with_nothing_missing_offers_the_submit_button(client, competition, student):
    entry = ready_entry(competition, student)
    client.force_login(student)

    response = client.get(reverse("entry_detail", args=[entry.pk]))

    assert not has(response, "#missing")
    assert has(response, f"form[action='{reverse('entry_action', args=[entry.pk, 'submit'])}'] #submit-entry")


def test_race_entry_page_asks_for_no_files(client, festival, student):
    race = CompetitionFactory(
        festival=festival,
        invention=True,
        code="SC",
        name="四驱车",
        kind="race",
        entry_fields=[],
        file_types=[],
        max_files=0,
    )
    entry = services.entry_create(competition=race, by=student, title="闪电号", details={}, now=NOW)
    client.force_login(student)

    response = client.get(reverse("entry_detail", args=[entry.pk]))

    assert text_of(response, "#missing") == "提交前还需要： 本人原创声明"
    assert not has(response, "#upload-form")
    assert not has(response, "#result-files")
    assert has(response, "#declaration")


def test_head_teacher_sees_no_student_controls(client, competition, student, head_teacher):
    entry = draft(competition, student)
    client.force_login(head_teacher)

    response = client.get(reverse("entry_detail", args=[entry.pk]))

    assert not has(response, "#upload-form")
    assert not has(response, "#entry-actions")


def test_preview_shows_the_page_without_controls(client, competition, student):
    entry = ready_entry(competition, student)
    client.force_login(student)

    response = client.get(reverse("entry_detail", args=[entry.pk]) + "?preview=1")

    assert has(response, "#preview-banner")
    assert not has(response, "#upload-form")
    assert not has(response, "#submit-entry")


# --- the author's box alone, which htmx fetches again after files are added or removed ----------

WHO_GETS_THE_BOX = {
    "author": 200,
    "classmate": 403,
    "student_of_another_school": 403,
    "head_teacher": 200,  # may see the entry, so the box's address answers, with no box in it
    "other_teacher": 403,  # no hand-in card here: that is the entry page's, for a scanned label
    "organizer": 200,
    "other_organizer": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize(("who", "status"), WHO_GETS_THE_BOX.items())
def test_who_may_fetch_the_authors_box(client, competition, people, other_school, who, status):
    entry = draft(competition, people["author"])
    people["student_of_another_school"] = StudentFactory(school_class=SchoolClassFactory(grade__school=other_school))

    response = client_of(client, people[who]).get(reverse("entry_actions", args=[entry.pk]))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    if status == 200:
        assert has(response, "#entry-actions") == (who == "author")


def test_authors_box_asked_by_htmx_without_a_session_is_refused_not_sent_to_login(client, competition, student):
    entry = draft(competition, student)

    response = client.get(reverse("entry_actions", args=[entry.pk]), headers={"HX-Request": "true"})

    assert response.status_code == 403  # htmx would otherwise put the login page into the box


def test_authors_box_is_the_one_on_the_page_and_fetches_itself_again_on_refresh(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)
    url = reverse("entry_actions", args=[entry.pk])

    page = client.get(reverse("entry_detail", args=[entry.pk])).content
    box = client.get(url, headers={"HX-Request": "true"}).content

    assert text_of(box, "#entry-actions") == text_of(page, "#entry-actions")
    assert text_of(box, "#missing") == "提交前还需要： 至少一张作品照片或一个文件本人原创声明"
    assert not has(box, "#submit-entry")
    assert [attrs(box, "section#entry-actions", name) for name in ("hx-get", "hx-trigger", "hx-swap")] == [
        [url],
        ["refresh"],
        ["outerHTML"],
    ]


def test_authors_box_shows_what_is_still_missing_after_a_file_is_added_and_removed(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)
    url = reverse("entry_actions", args=[entry.pk])

    upload(client, entry, "作品.jpg", corpus.jpeg())
    after_upload = client.get(url, headers={"HX-Request": "true"}).content
    client.post(reverse("attachment_delete", args=[entry.attachments.get().pk]), headers={"accept": "application/json"})
    after_removal = client.get(url, headers={"HX-Request": "true"}).content

    assert text_of(after_upload, "#missing") == "提交前还需要： 本人原创声明"
    assert text_of(after_removal, "#missing") == "提交前还需要： 至少一张作品照片或一个文件本人原创声明"


def test_authors_box_after_the_deadline_says_so_and_offers_nothing(client, competition, student, frozen):
    entry = draft(competition, student)
    client.force_login(student)
    frozen.move(days=11)

    box = client.get(reverse("entry_actions", args=[entry.pk]), headers={"HX-Request": "true"}).content

    assert text_of(box, "#entry-actions") == "我的作品 “科技创新制作”的截止时间已过，作品不能再修改。"
    assert not has(box, "#submit-entry")


# --- submit, withdraw, reopen, declare ----------------------------------------------------------


def test_submit_without_everything_is_refused_with_the_list(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = client.post(reverse("entry_action", args=[entry.pk, "submit"]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "提交前请补充：至少一张作品照片或一个文件、本人原创声明。"
    ]
    assert Entry.objects.get().state == EntryState.DRAFT


def test_author_declares_submits_withdraws_and_reopens(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)
    upload(client, entry, "作品.jpg", corpus.jpeg())

    client.post(reverse("entry_declare", args=[entry.pk]), {"declared": "on"})
    client.post(reverse("entry_action", args=[entry.pk, "submit"]))
    submitted = Entry.objects.get()
    client.post(reverse("entry_action", args=[entry.pk, "reopen"]))
    reopened = Entry.objects.get()
    client.post(reverse("entry_action", args=[entry.pk, "withdraw"]))

    assert (submitted.originality_declared, submitted.state, submitted.submitted_at) == (True, "submitted", NOW)
    assert reopened.state == EntryState.DRAFT
    assert Entry.objects.get().state == EntryState.WITHDRAWN


def test_submit_after_the_deadline_is_refused(client, competition, student, frozen):
    entry = ready_entry(competition, student)
    client.force_login(student)
    frozen.move(days=10)

    response = client.post(reverse("entry_action", args=[entry.pk, "submit"]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["“科技创新制作”的截止时间已过，作品不能再修改。"]
    assert Entry.objects.get().state == EntryState.DRAFT


def test_unknown_action_is_not_found(client, competition, student):
    entry = ready_entry(competition, student)
    client.force_login(student)

    assert client.post(reverse("entry_action", args=[entry.pk, "award"])).status_code == 404
    assert Entry.objects.get().state == EntryState.DRAFT


def test_actions_need_a_post(client, competition, student):
    entry = ready_entry(competition, student)
    client.force_login(student)

    assert client.get(reverse("entry_action", args=[entry.pk, "submit"])).status_code == 405
    assert Entry.objects.get().state == EntryState.DRAFT


CHANGERS = {
    "classmate": 403,
    "other_teacher": 403,
    "other_organizer": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize(("who", "status"), CHANGERS.items())
def test_others_cannot_submit_upload_declare_or_remove(client, competition, people, who, status):
    entry = ready_entry(competition, people["author"])
    attachment = entry.attachments.get()
    before = snapshot(entry)
    client = client_of(client, people[who])

    responses = [
        client.post(reverse("entry_action", args=[entry.pk, "submit"])),
        client.post(reverse("entry_action", args=[entry.pk, "withdraw"])),
        client.post(reverse("entry_declare", args=[entry.pk]), {}),
        upload(client, entry, "作品.jpg", corpus.jpeg()),
        client.post(reverse("attachment_delete", args=[attachment.pk])),
        client.post(reverse("entry_edit", args=[entry.pk]), {"title": "别人的"}),
    ]

    assert [r.status_code for r in responses] == [status] * 6
    assert snapshot(entry) == before


def test_head_teacher_may_not_submit_or_upload_for_the_student(client, competition, student, head_teacher):
    entry = ready_entry(competition, student)
    before = snapshot(entry)
    client.force_login(head_teacher)

    refused = upload(client, entry, "作品.jpg", corpus.jpeg())
    client.post(reverse("entry_action", args=[entry.pk, "submit"]))

    assert (refused.status_code, refused.json()) == (400, {"ok": False, "error": "只有作者本人可以修改作品。"})
    assert snapshot(entry) == before


# --- uploads through HTTP -----------------------------------------------------------------------


def test_upload_adds_the_file_and_returns_its_card(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = upload(client, entry, "我的发明.jpg", corpus.jpeg(size=(64, 48)))

    attachment = Attachment.objects.get()
    data = response.json()
    assert (response.status_code, data["ok"], data["id"], data["role"]) == (201, True, attachment.pk, "result")
    assert reverse("attachment_thumbnail", args=[attachment.pk]) in data["html"]
    assert (attachment.original_name, attachment.kind, attachment.width) == ("我的发明.jpg", "image", 64)


def test_process_photos_are_kept_apart(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    upload(client, entry, "过程1.jpg", corpus.jpeg(), role="process")
    page = client.get(reverse("entry_detail", args=[entry.pk]))

    process = Attachment.objects.get()
    assert process.role == "process"
    assert attrs(page, "#attachments-process img", "src") == [reverse("attachment_thumbnail", args=[process.pk])]
    assert attrs(page, "#attachments-result img", "src") == []


def test_upload_without_script_returns_to_the_page(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = client.post(
        reverse("attachment_upload", args=[entry.pk]),
        {"file": corpus.upload("空.jpg", b""), "role": "result"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["“空.jpg”是空文件（0 字节）。"]
    assert Attachment.objects.count() == 0


BAD_UPLOADS = [
    pytest.param(
        "setup.jpg", corpus.ELF, "“setup.jpg”是程序，不是图片或文档。不能上传程序。", id="program-renamed-jpg"
    ),
    pytest.param(
        "半张.jpg",
        corpus.truncated_jpeg(),
        "“半张.jpg”已损坏或不完整，无法作为图片打开，请重新保存或重新拍摄。",
        id="truncated-jpeg",
    ),
    pytest.param("空.jpg", b"", "“空.jpg”是空文件（0 字节）。", id="zero-bytes"),
    pytest.param(
        "bomb.png",
        corpus.bilevel_png(30000, 30000),
        "“bomb.png”像素过多，无法安全处理（最多 40 百万像素）。",
        id="30000x30000-png",
    ),
    pytest.param(
        "方图.png",
        corpus.bilevel_png(7000, 7000),
        "“方图.png”像素过多，无法安全处理（最多 40 百万像素）。",
        id="7000x7000-png-of-a-few-kb",
        # pytest resets warning filters per test; this restores the one submissions.uploads sets at import.
        marks=pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning"),
    ),
    pytest.param(
        "长条.png",
        corpus.bilevel_png(100000, 100),
        "“长条.png”为 100000×100 像素；图片的长边最多 12000 像素。",
        id="100000x100-png",
    ),
    pytest.param(
        "细条.png",
        corpus.bilevel_png(11000, 1000),
        "“细条.png”为 11000×1000 像素，过于细长（长边最多是短边的 10 倍）。",
        id="11-to-1-png",
    ),
    pytest.param(
        "logo.svg", corpus.SVG, "“logo.svg”是网页或 SVG 图形，可能带有脚本。请改为上传它的照片或 PDF。", id="svg"
    ),
    pytest.param(
        "作品.html",
        corpus.HTML,
        "“作品.html”是网页或 SVG 图形，可能带有脚本。请改为上传它的照片或 PDF。",
        id="html-with-script",
    ),
    pytest.param(
        "photo.jpg",
        corpus.pdf_jpeg_polyglot(),
        "“photo.jpg”同时是几种文件（例如既是图片又是 PDF）。请另存为一种格式后再上传。",
        id="pdf-jpeg-polyglot",
    ),
    pytest.param(
        "扫描件.pdf",
        b"%PDF-1.7\n" + b"\x00" * (MB + 512 * 1024 - 9),
        "“扫描件.pdf”有 1.5 MB，文件最大 1 MB。",
        id="over-the-size-limit",
    ),
    pytest.param(
        "../../etc/passwd", corpus.ELF, "“passwd”是程序，不是图片或文档。不能上传程序。", id="path-traversal-name"
    ),
    pytest.param(
        "我的" * 200 + ".jpg",
        corpus.ELF,
        "“" + "我的" * 47 + "我….jpg”是程序，不是图片或文档。不能上传程序。",
        id="long-unicode-name",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS)
def test_bad_upload_is_refused_in_chinese_and_the_entry_is_unchanged(client, festival, student, name, content, message):
    competition = CompetitionFactory(festival=festival, invention=True, max_file_mb=1)
    entry = ready_entry(competition, student)
    before, files = snapshot(entry), private_files()
    client.force_login(student)

    response = upload(client, entry, name, content)

    assert (response.status_code, response.json()) == (400, {"ok": False, "error": message})
    assert snapshot(entry) == before
    assert private_files() == files


def test_one_file_too_many_is_refused(client, festival, student):
    competition = CompetitionFactory(festival=festival, invention=True, max_files=1)
    entry = ready_entry(competition, student)
    before, files = snapshot(entry), private_files()
    client.force_login(student)

    response = upload(client, entry, "第二张.jpg", corpus.jpeg())

    assert (response.status_code, response.json()) == (400, {"ok": False, "error": "每件作品最多 1 个文件。"})
    assert snapshot(entry) == before
    assert private_files() == files


def test_upload_after_the_deadline_is_refused(client, competition, student, frozen):
    entry = draft(competition, student)
    client.force_login(student)
    frozen.move(days=10, seconds=1)

    response = upload(client, entry, "作品.jpg", corpus.jpeg())

    assert response.json() == {"ok": False, "error": "“科技创新制作”的截止时间已过，作品不能再修改。"}
    assert Attachment.objects.count() == 0


def test_class_extension_keeps_the_upload_open(client, competition, student, frozen):
    competition.extensions.create(school_class=student.school_class, closes_at=NOW + dt.timedelta(days=12))
    entry = draft(competition, student)
    client.force_login(student)
    frozen.move(days=11)

    response = upload(client, entry, "作品.jpg", corpus.jpeg())

    assert response.status_code == 201


def test_author_removes_an_attachment(client, competition, student):
    entry = ready_entry(competition, student)
    attachment = entry.attachments.get()
    client.force_login(student)

    response = client.post(reverse("attachment_delete", args=[attachment.pk]), headers={"accept": "application/json"})

    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert Attachment.objects.count() == 0


def test_attachment_of_a_submitted_entry_is_not_removed(client, competition, student):
    entry = submitted_entry(competition, student)
    attachment = entry.attachments.get()
    client.force_login(student)

    response = client.post(reverse("attachment_delete", args=[attachment.pk]), headers={"accept": "application/json"})

    assert (response.status_code, response.json()) == (
        400,
        {"ok": False, "error": "已提交的作品不能直接修改，请先撤回修改。"},
    )
    assert Attachment.objects.count() == 1


# --- the files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["attachment_file", "attachment_thumbnail"])
@pytest.mark.parametrize(("who", "status"), {**WHO_SEES, "other_teacher": 403}.items())
def test_who_may_fetch_the_files(client, competition, people, who, status, view):
    entry = submitted_entry(competition, people["author"])
    attachment = entry.attachments.get()

    response = client_of(client, people[who]).get(reverse(view, args=[attachment.pk]))

    assert response.status_code == status


def test_photo_is_served_inline_privately_with_its_chinese_name(client, competition, student):
    entry = submitted_entry(competition, student)
    attachment = entry.attachments.get()
    client.force_login(student)

    response = client.get(reverse("attachment_file", args=[attachment.pk]))

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%E4%BD%9C%E5%93%81.jpg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()


def test_thumbnail_is_a_small_jpeg(client, competition, student):
    entry = submitted_entry(competition, student)
    attachment = entry.attachments.get()
    client.force_login(student)

    response = client.get(reverse("attachment_thumbnail", args=[attachment.pk]))

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "image/jpeg",
        "inline; filename*=utf-8''%E4%BD%9C%E5%93%81.jpg",
    )
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    ("name", "content", "served_as"),
    [
        ("IMG_2024.HEIC", corpus.heic(size=(64, 48)), 'inline; filename="IMG_2024.jpg"'),
        ("sketch.webp", corpus.webp(), 'inline; filename="sketch.jpg"'),
        ("clear.webp", corpus.webp(alpha=True), 'inline; filename="clear.png"'),
        ("photo.jpeg", corpus.jpeg(), 'inline; filename="photo.jpeg"'),
    ],
)
def test_a_converted_photo_is_named_after_what_it_became(client, competition, student, name, content, served_as):
    entry = draft(competition, student)
    client.force_login(student)
    upload(client, entry, name, content)
    attachment = Attachment.objects.get()

    response = client.get(reverse("attachment_file", args=[attachment.pk]))

    assert (response["Content-Disposition"], attachment.original_name) == (served_as, name)


def test_document_is_downloaded_not_shown(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)
    upload(client, entry, "report.pdf", corpus.pdf())
    attachment = Attachment.objects.get()

    response = client.get(reverse("attachment_file", args=[attachment.pk]))
    thumbnail = client.get(reverse("attachment_thumbnail", args=[attachment.pk]))

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="report.pdf"',
    )
    assert response["Content-Security-Policy"] == "sandbox"
    assert thumbnail.status_code == 404


def test_unknown_attachment_is_not_found(client, student):
    client.force_login(student)

    assert client.get(reverse("attachment_file", args=[999999])).status_code == 404


def test_files_never_get_a_public_url(competition, student):
    entry = submitted_entry(competition, student)
    attachment = entry.attachments.get()

    assert settings.STORAGES["private"]["OPTIONS"]["base_url"] is None
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def test_entry_code_of_another_school_is_not_reachable_by_its_id(client, competition, student, other_school):
    entry = submitted_entry(competition, student)
    stranger = StudentFactory(school_class=SchoolClassFactory(grade__school=other_school, grade__number=3))
    client.force_login(stranger)

    assert client.get(reverse("entry_detail", args=[entry.pk])).status_code == 403


def _my_entries_queries(client, festival, student, size: int) -> int:
    for n in range(size):
        competition = CompetitionFactory(festival=festival, invention=True, code=f"Q{size}{n}")
        ready_entry(competition, student)
    client.force_login(student)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("my_entries"))
    assert len(attrs(response, "#my-entries img", "src")) == size
    return len(queries)


def test_my_entries_needs_the_same_number_of_queries_for_1_or_4_entries(client, festival, student, classmate):
    assert _my_entries_queries(client, festival, classmate, 1) == _my_entries_queries(client, festival, student, 4)


def test_without_script_several_files_are_checked_one_by_one(client, competition, student):
    entry = draft(competition, student)
    client.force_login(student)

    response = client.post(
        reverse("attachment_upload", args=[entry.pk]),
        {"file": [corpus.upload("一.jpg", corpus.jpeg()), corpus.upload("logo.svg", corpus.SVG)], "role": "result"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "已添加“一.jpg”。",
        "“logo.svg”是网页或 SVG 图形，可能带有脚本。请改为上传它的照片或 PDF。",
    ]
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["一.jpg"]


def test_students_home_links_to_their_entries(client, student):
    client.force_login(student)

    response = client.get(reverse("home"))

    assert attrs(response, "a#my-entries-link", "href") == [reverse("my_entries")]
    assert text_of(response, "#my-entries-link") == "我的作品和可以参加的比赛"


def test_upload_to_a_full_disk_is_refused_in_chinese_and_leaves_no_file(client, competition, student, monkeypatch):
    entry = draft(competition, student)
    client.force_login(student)
    before, files = snapshot(entry), private_files()
    storage = storages["private"]

    def half_written_then_full(name, content):
        # The edge of the world: the disk fills up after a first chunk is written.
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(b"\xff\xd8\xff")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_save", half_written_then_full)

    response = upload(client, entry, "作品.jpg", corpus.jpeg())

    assert (response.status_code, response.json()) == (
        400,
        {"ok": False, "error": "服务器存储空间已满，作品没有保存；请通知组委会。"},
    )
    assert snapshot(entry) == before
    assert private_files() == files


def test_a_full_disk_while_writing_the_thumbnail_takes_the_photo_away_again(client, competition, student, monkeypatch):
    entry = draft(competition, student)
    client.force_login(student)
    storage = storages["private"]
    save = storage._save

    def full_on_thumbnail(name, content):
        if name.endswith("-thumb.jpg"):
            raise OSError(errno.EDQUOT, "Disk quota exceeded")
        return save(name, content)

    monkeypatch.setattr(storage, "_save", full_on_thumbnail)

    response = upload(client, entry, "作品.jpg", corpus.jpeg())

    assert (response.status_code, response.json()["error"]) == (400, "服务器存储空间已满，作品没有保存；请通知组委会。")
    assert (Attachment.objects.count(), private_files()) == (0, [])
