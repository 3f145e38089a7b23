"""Pages after publication: my results, the honour roll (光荣榜), objections (异议) and their answers. Who may see
and use each page, nothing shown before publication, the objection flows through HTTP, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services as award_services
from awards.models import CollectiveAward, Objection, Publication, Result, SpecialAward
from judging import services as judging_services
from submissions.models import Attachment, Entry
from tests.factories.awards import publish_locked
from tests.factories.competitions import SHANGHAI, AwardTierFactory, CompetitionFactory, add_rubric, open_judging
from tests.factories.judging import score_all
from tests.factories.schools import StudentFactory
from tests.factories.submissions import accept_entries
from tests.html import flashes, page, text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(judged_competition, scored, organizer):
    """Computed and locked, not published: 一等奖, 二等奖, 二等奖 and no award in the database."""
    award_services.results_compute(competition=judged_competition, by=organizer)
    award_services.results_lock(competition=judged_competition, by=organizer)
    return scored


@pytest.fixture
def published(festival, locked, organizer):
    """Published just now: the public notice period (5 days) is open."""
    publish_locked(festival=festival, by=organizer)
    return locked


@pytest.fixture
def published_long_ago(festival, locked, organizer):
    """Published six days ago: the public notice period is over, the results are final."""
    publish_locked(festival=festival, by=organizer, now=timezone.now() - dt.timedelta(days=6))
    return locked


@pytest.fixture
def final_with_points(festival, published_long_ago, organizer):
    """Final, then the class points computed and the collective awards confirmed, as the organizers do (not
    before: they wait until every competition's results are final)."""
    award_services.collective_compute(festival=festival, by=organizer)
    award_services.collective_confirm(festival=festival, by=organizer)
    return published_long_ago


@pytest.fixture
def author(accepted_entries):
    return accepted_entries[0].authors.get()


@pytest.fixture
def people(author, classmate, head_teacher, other_teacher, judges, organizer, other_organizer):
    """Everyone the permission tests try, by name: 作者0 wrote the first entry (一等奖)."""
    return {
        "author": author,
        "classmate": classmate,
        "head_teacher": head_teacher,
        "other_teacher": other_teacher,
        "judge": judges[1],
        "organizer": organizer,
        "other_organizer": other_organizer,
    }


def _status(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def _picture(entry) -> Attachment:
    return Attachment.objects.get(entry=entry)


# --- who may open what -----------------------------------------------------------------------------

EVERYONE = ["author", "classmate", "head_teacher", "other_teacher", "judge", "organizer", "other_organizer"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("author", 200),
        ("classmate", 200),
        ("head_teacher", 200),
        ("other_teacher", 200),
        ("judge", 403),
        ("organizer", 403),
        ("other_organizer", 403),
    ],
)
def test_my_results_is_for_students_and_teachers(client, published, people, who, expected):
    assert _status(client, people[who], reverse("my_results")) == expected


def test_my_results_asks_anonymous_visitors_to_log_in(client, published):
    response = client.get(reverse("my_results"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "expected"), [(w, 404 if w == "other_organizer" else 200) for w in EVERYONE])
def test_honour_roll_is_open_to_everyone_of_the_school_after_publication(
    client, festival, published, people, who, expected
):
    assert _status(client, people[who], reverse("honour_roll", args=[festival.pk])) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("author", 200),
        ("classmate", 403),
        ("head_teacher", 200),
        ("other_teacher", 403),
        ("judge", 403),
        ("organizer", 403),
        ("other_organizer", 404),
    ],
)
def test_only_the_authors_and_their_head_teacher_may_object(client, published, people, who, expected):
    result = Result.objects.get(entry=published[0])
    assert _status(client, people[who], reverse("objection_raise", args=[result.pk])) == expected


@pytest.mark.parametrize(
    ("who", "expected"), [(w, {"organizer": 200, "other_organizer": 404}.get(w, 403)) for w in EVERYONE]
)
def test_only_the_organizers_list_and_answer_objections(client, festival, published, people, author, who, expected):
    result = Result.objects.get(entry=published[0])
    objection = award_services.objection_raise(result=result, by=author, reason="分数偏低")

    assert _status(client, people[who], reverse("objections", args=[festival.pk])) == expected
    assert _status(client, people[who], reverse("objection_answer", args=[objection.pk])) == expected


@pytest.mark.parametrize(("who", "expected"), [(w, 404 if w == "other_organizer" else 200) for w in EVERYONE])
def test_pictures_of_awarded_entries_are_served_to_everyone_of_the_school(client, published, people, who, expected):
    picture = _picture(published[0])
    assert _status(client, people[who], reverse("awarded_thumbnail", args=[picture.pk])) == expected
    assert _status(client, people[who], reverse("awarded_picture", args=[picture.pk])) == expected


def test_pictures_of_entries_without_an_award_are_not_served(client, published, classmate):
    client.force_login(classmate)
    picture = _picture(published[3])  # 60 points, no award

    assert client.get(reverse("awarded_thumbnail", args=[picture.pk])).status_code == 404
    assert client.get(reverse("awarded_picture", args=[picture.pk])).status_code == 404


def test_an_awarded_picture_is_the_stored_image_kept_private(client, published, classmate):
    client.force_login(classmate)
    picture = _picture(published[0])

    response = client.get(reverse("awarded_picture", args=[picture.pk]))

    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "private" in response["Cache-Control"]


def test_anonymous_visitors_get_no_page_and_no_picture(client, festival, published, author):
    result = Result.objects.get(entry=published[0])
    objection = award_services.objection_raise(result=result, by=author, reason="分数偏低")
    urls = [
        reverse("honour_roll", args=[festival.pk]),
        reverse("objection_raise", args=[result.pk]),
        reverse("objections", args=[festival.pk]),
        reverse("objection_answer", args=[objection.pk]),
        reverse("awarded_thumbnail", args=[_picture(published[0]).pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


# --- nothing before publication --------------------------------------------------------------------


def test_before_publication_students_and_teachers_see_no_score_rank_or_award(
    client, festival, judged_competition, locked, author, head_teacher, organizer
):
    for user in (author, head_teacher):
        client.force_login(user)
        doc = page(client.get(reverse("my_results")))

        # The competition's entries are listed under it, with where its results stand instead of them.
        block = doc.select_one(f"#results-competition-{judged_competition.pk}")
        assert texts(block, f"#not-published-{judged_competition.pk}") == [
            "科技创新制作的成绩尚未公布（成绩已锁定）。组委会公布后，这里会显示分数和奖项。"
        ]
        assert len(block.select(".result-card")) == (1 if user == author else 4)
        assert doc.select(".score, .rank, .level, .award-badge, .class-points, .object-link") == []
        # Awarded or not is part of the result: the entries are still in judging for them.
        assert set(texts(doc, ".entry-state")) == {"评审中"}
        shown = text(doc)
        for word in ("一等奖", "二等奖", "90", "未获奖", "已获奖", "光荣榜"):
            assert word not in shown
        home = page(client.get(reverse("home")))
        assert home.select("#home-results") == []


def test_before_publication_the_honour_roll_objections_and_pictures_are_not_found(
    client, festival, locked, author, classmate, organizer
):
    result = Result.objects.get(entry=locked[0])
    picture = _picture(locked[0])

    client.force_login(author)
    assert client.get(reverse("honour_roll", args=[festival.pk])).status_code == 404
    assert client.get(reverse("objection_raise", args=[result.pk])).status_code == 404
    assert client.post(reverse("objection_raise", args=[result.pk]), {"reason": "x"}).status_code == 404
    client.force_login(classmate)
    assert client.get(reverse("awarded_thumbnail", args=[picture.pk])).status_code == 404
    client.force_login(organizer)
    assert client.get(reverse("honour_roll", args=[festival.pk])).status_code == 404
    doc = page(client.get(reverse("objections", args=[festival.pk])))
    assert texts(doc, ".not-published") == ["成绩尚未公布，公布后才能提出异议。"]
    assert Objection.objects.count() == 0


# --- my results after publication ------------------------------------------------------------------


def test_the_student_sees_score_rank_award_and_the_notice_countdown(client, published, author):
    Result.objects.filter(entry=published[0]).update(recommended=True)
    client.force_login(author)

    doc = page(client.get(reverse("my_results")))

    cards = doc.select(".result-card")
    assert len(cards) == 1
    card = cards[0]
    assert texts(card, ".entry-code") == [published[0].code]
    assert texts(card, ".score, .rank, .level, .recommended") == [
        "90.00",
        "三年级第 1 名",
        "一等奖",
        "推荐参加上一级比赛",
    ]
    assert texts(card, ".entry-state") == ["已获奖"]
    assert texts(card, ".object-link") == ["提出异议"]
    # The notice is the competition's, above its entries.
    block = doc.select_one(f"#results-competition-{published[0].competition_id}")
    assert block.select_one(f"#entry-{published[0].pk}") is not None
    notice = block.select_one(f"#notice-open-{published[0].competition_id}")
    assert text(notice).startswith("科技创新制作公示至 ")
    assert text(notice.select_one(".js-countdown")).startswith("还剩4天23小时")
    assert doc.select(".results-final, .not-published, .results-withdrawn") == []


def test_the_notice_end_is_shown_in_beijing_time(client, festival, locked, organizer, author):
    # 02:00 UTC three days from now: still in the notice period, and 10:00 in Beijing.
    ends = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(hour=2, minute=0, second=0, microsecond=0)
    publish_locked(festival=festival, by=organizer, now=ends - dt.timedelta(days=5), notice_days=5)
    client.force_login(author)

    doc = page(client.get(reverse("my_results")))

    assert f"{ends:%Y-%m-%d} 10:00" in text(doc.select_one(".notice-open"))


def test_the_head_teacher_sees_the_class_results_and_its_points(
    client, festival, final_with_points, organizer, head_teacher
):
    client.force_login(head_teacher)

    doc = page(client.get(reverse("my_results")))

    assert texts(doc, ".result-card .level") == ["一等奖", "二等奖", "二等奖", "未获奖"]
    assert texts(doc, ".result-card .authors") == ["作者0", "作者1", "作者2", "作者3"]
    award = CollectiveAward.objects.get(festival=festival)
    row = doc.select_one(".class-points-row")
    assert texts(row, "td")[:4] == ["三年级2班", "4", f"{award.points.normalize():f}", str(award.rank)]


def test_a_classmate_sees_the_class_points_but_not_the_others_results(
    client, festival, final_with_points, organizer, classmate
):
    client.force_login(classmate)

    doc = page(client.get(reverse("my_results")))

    assert doc.select(".result-card") == []
    assert texts(doc, ".class-points-row .class-name") == ["三年级2班"]


def test_results_are_final_when_the_notice_is_over_and_every_objection_answered(
    client, judged_competition, published_long_ago, author, organizer
):
    # Raised during the 公示 (five days ago), not answered yet when it ended.
    result = Result.objects.get(entry=published_long_ago[0])
    objection = award_services.objection_raise(
        result=result, by=author, reason="分数偏低", now=timezone.now() - dt.timedelta(days=5)
    )
    client.force_login(author)
    waiting = page(client.get(reverse("my_results")))
    award_services.objection_answer(objection=objection, by=organizer, upheld=False, answer="评分无误")

    doc = page(client.get(reverse("my_results")))

    assert texts(waiting, f"#notice-over-{judged_competition.pk}") == [
        "科技创新制作的公示期已结束；所有异议答复后结果生效。"
    ]
    assert waiting.select(".results-final, .notice-open") == []
    assert texts(doc, f"#results-final-{judged_competition.pk}") == ["科技创新制作的结果已生效。"]
    assert doc.select(".notice-over, .notice-open, .object-link") == []


# --- objections through HTTP -----------------------------------------------------------------------


def test_the_author_objects_and_sees_the_objection_waiting(client, published, author):
    result = Result.objects.get(entry=published[1])
    client.force_login(author)
    url = reverse("objection_raise", args=[result.pk])
    # 作者0 wrote the first entry, not the second.
    assert client.get(url).status_code == 403
    result = Result.objects.get(entry=published[0])
    url = reverse("objection_raise", args=[result.pk])

    response = client.post(url, {"reason": "  我的作品创新性得分偏低  "}, follow=True)

    assert flashes(response) == ["异议已提交，组委会将在这里答复。"]
    objection = Objection.objects.get()
    assert (objection.raised_by, objection.reason, objection.state) == (author, "我的作品创新性得分偏低", "open")
    doc = page(response)
    assert texts(doc, f"#objection-{objection.pk} .objection-state") == ["等待答复"]


def test_an_empty_reason_is_refused(client, published, author):
    client.force_login(author)
    url = reverse("objection_raise", args=[Result.objects.get(entry=published[0]).pk])

    doc = page(client.post(url, {"reason": "   "}))

    assert texts(doc, "#objection-form .invalid-feedback") == ["请写明异议的内容和理由。"]
    assert Objection.objects.count() == 0


def test_a_second_open_objection_is_refused_with_the_services_message(client, published, author):
    client.force_login(author)
    url = reverse("objection_raise", args=[Result.objects.get(entry=published[0]).pk])
    client.post(url, {"reason": "分数偏低"})

    doc = page(client.post(url, {"reason": "再说一次"}))

    assert texts(doc, "#form-errors") == ["你已对这个结果提出过异议，请等待答复。"]
    assert Objection.objects.count() == 1


def test_a_late_objection_is_refused(client, published_long_ago, head_teacher):
    client.force_login(head_teacher)
    url = reverse("objection_raise", args=[Result.objects.get(entry=published_long_ago[1]).pk])

    shown = page(client.get(url))
    posted = page(client.post(url, {"reason": "评分偏低"}))

    assert texts(shown, "#objections-closed") == ["公示期已结束，不再受理异议。"]
    assert shown.select("#objection-form") == []
    assert texts(posted, "#form-errors") == ["公示期已结束，不再受理异议。"]
    assert Objection.objects.count() == 0


def test_a_stranger_cannot_object(client, published, classmate, other_teacher, organizer):
    url = reverse("objection_raise", args=[Result.objects.get(entry=published[0]).pk])
    for stranger in (classmate, other_teacher, organizer):
        client.force_login(stranger)
        response = client.post(url, {"reason": "我觉得不公平"})
        assert response.status_code == 403
        assert texts(page(response, status=403), "h1") == ["你无权打开此页面"]
    assert Objection.objects.count() == 0


def test_an_upheld_objection_corrects_the_result_the_student_sees(client, festival, published, organizer):
    student = published[3].authors.get()
    result = Result.objects.get(entry=published[3])
    client.force_login(student)
    client.post(reverse("objection_raise", args=[result.pk]), {"reason": "我的作品漏评了一项"}, follow=True)
    objection = Objection.objects.get()

    client.force_login(organizer)
    listing = page(client.get(reverse("objections", args=[festival.pk])))
    assert texts(listing, "#open-count") == ["1 条异议等待答复。"]
    response = client.post(
        reverse("objection_answer", args=[objection.pk]),
        {"decision": "uphold", "new_level": "third", "answer": "复核后补评，改为三等奖"},
        follow=True,
    )
    assert flashes(response) == ["异议已采纳，结果已更正。"]
    assert response.redirect_chain[-1][0] == reverse("objections", args=[festival.pk])

    client.force_login(student)
    doc = page(client.get(reverse("my_results")))
    card = doc.select_one(f"#entry-{published[3].pk}")
    assert texts(card, ".entry-state, .level") == ["已获奖", "三等奖"]
    assert texts(card, ".adjust-reason") == ["更正理由：复核后补评，改为三等奖"]
    assert texts(card, ".objection-state, .objection-answer") == ["已采纳", "答复：复核后补评，改为三等奖"]
    honour = page(client.get(reverse("honour_roll", args=[festival.pk])))
    third = honour.select(".honour-level-block[data-level=third] figure")
    assert [f["id"] for f in third] == [f"honour-entry-{published[3].pk}"]


def test_a_rejected_objection_shows_the_reason_to_the_teacher(client, festival, published, organizer, head_teacher):
    result = Result.objects.get(entry=published[1])
    client.force_login(head_teacher)
    client.post(reverse("objection_raise", args=[result.pk]), {"reason": "评分偏低"}, follow=True)
    objection = Objection.objects.get()

    client.force_login(organizer)
    response = client.post(
        reverse("objection_answer", args=[objection.pk]),
        {"decision": "reject", "new_level": "keep", "answer": "三位评委复核，评分无误"},
        follow=True,
    )
    assert flashes(response) == ["异议未采纳；周老师会看到你的理由。"]

    client.force_login(head_teacher)
    doc = page(client.get(reverse("my_results")))
    card = doc.select_one(f"#entry-{published[1].pk}")
    assert texts(card, ".objection-state, .objection-answer") == ["未采纳", "答复：三位评委复核，评分无误"]
    assert texts(card, ".level") == ["二等奖"]


def test_an_answer_needs_a_text_and_a_rejection_keeps_the_award(client, festival, published, organizer, author):
    objection = award_services.objection_raise(result=Result.objects.get(entry=published[0]), by=author, reason="偏低")
    client.force_login(organizer)
    url = reverse("objection_answer", args=[objection.pk])

    empty = page(client.post(url, {"decision": "reject", "new_level": "keep", "answer": " "}))
    mixed = page(client.post(url, {"decision": "reject", "new_level": "second", "answer": "不改"}))

    assert texts(empty, ".invalid-feedback") == ["请填写答复，提出异议的人会看到。"]
    assert texts(mixed, ".invalid-feedback") == ["未采纳的异议不改变奖项；要改变奖项，请采纳异议。"]
    assert Objection.objects.get().state == "open"


def test_an_answered_objection_cannot_be_answered_again(client, festival, published, organizer, author):
    objection = award_services.objection_raise(result=Result.objects.get(entry=published[0]), by=author, reason="偏低")
    award_services.objection_answer(objection=objection, by=organizer, upheld=False, answer="无误")
    client.force_login(organizer)
    url = reverse("objection_answer", args=[objection.pk])

    shown = page(client.get(url))
    posted = page(client.post(url, {"decision": "uphold", "new_level": "keep", "answer": "改主意"}))

    assert shown.select(".answer-form") == []
    assert texts(posted, ".form-errors") == ["这条异议已经答复过了。"]


def test_the_organizers_list_shows_open_objections_first(client, festival, published, organizer, author, head_teacher):
    first = award_services.objection_raise(result=Result.objects.get(entry=published[0]), by=author, reason="甲")
    award_services.objection_answer(objection=first, by=organizer, upheld=False, answer="无误")
    second = award_services.objection_raise(result=Result.objects.get(entry=published[1]), by=head_teacher, reason="乙")
    client.force_login(organizer)

    doc = page(client.get(reverse("objections", args=[festival.pk])))

    assert [c["id"] for c in doc.select(".objection-card")] == [f"objection-{second.pk}", f"objection-{first.pk}"]
    assert texts(doc, ".objection-card .objection-state") == ["等待答复", "未采纳"]
    assert len(doc.select(".answer-form")) == 1
    assert texts(doc, "#open-count") == ["1 条异议等待答复。"]


# --- the honour roll -------------------------------------------------------------------------------


def test_the_honour_roll_lists_winners_by_award_with_pictures_names_and_classes(
    client, festival, final_with_points, organizer, classmate, judged_competition, head_teacher
):
    award_services.special_award_confirm(
        festival=festival, kind=SpecialAward.Kind.ADVISOR, by=organizer, teacher=head_teacher
    )
    client.force_login(classmate)

    doc = page(client.get(reverse("honour_roll", args=[festival.pk])))

    assert texts(doc, ".honour-competition-name") == ["科技创新制作"]
    judged_competition.refresh_from_db()
    published_on = timezone.localdate(judged_competition.published_at, SHANGHAI)
    assert texts(doc, ".published-at") == [f"{published_on:%Y-%m-%d} 公布"]
    assert texts(doc, f"#results-final-{judged_competition.pk}") == ["科技创新制作的结果已生效。"]
    assert doc.select("#pending") == []
    assert texts(doc, ".honour-level") == ["一等奖", "二等奖"]
    assert texts(doc, ".honour-card .honour-authors") == ["作者0", "作者1", "作者2"]
    assert set(texts(doc, ".honour-card .honour-class")) == {"三年级2班"}
    first = doc.select_one(f"#honour-entry-{final_with_points[0].pk}")
    picture = _picture(final_with_points[0])
    assert first.select_one("img")["src"] == reverse("awarded_thumbnail", args=[picture.pk])
    assert first.select_one("a.js-lightbox")["href"] == reverse("awarded_picture", args=[picture.pk])
    assert doc.select(f"#honour-entry-{final_with_points[3].pk}") == []
    assert texts(doc, "#collective-awards h3") == ["小学"]
    assert texts(doc, "#collective-awards .class-name") == ["三年级2班"]
    assert texts(doc, ".special-advisors .special-name") == ["周老师"]
    assert doc.select("[style]") == []


def test_the_home_page_links_the_honour_roll_after_publication(client, festival, published, people):
    expected = {
        "author": ["光荣榜", "我的成绩"],
        "head_teacher": ["光荣榜", "我的成绩"],
        "judge": ["光荣榜"],
        "organizer": ["光荣榜", "异议"],
    }
    for who, links in expected.items():
        client.force_login(people[who])
        doc = page(client.get(reverse("home")))
        assert texts(doc, "#home-results a") == links, who
        assert doc.select_one("#home-honour-roll")["href"] == reverse("honour_roll", args=[festival.pk])
    client.force_login(people["other_organizer"])
    assert page(client.get(reverse("home"))).select("#home-results") == []


def test_students_and_teachers_have_a_results_link_in_the_menu(client, published, author, head_teacher, organizer):
    for user, shown in ((author, True), (head_teacher, True), (organizer, False)):
        client.force_login(user)
        doc = page(client.get(reverse("home")))
        assert bool(doc.select("#nav-results")) is shown


# --- each competition published on its own ----------------------------------------------------------


def _painting(festival, author, head_teacher, organizer, judge):
    """科幻画 (HB), a second competition of the festival: 作者0's painting and 画友's, accepted into judging with
    one judge each, nothing scored yet (its judging open)."""
    painting = CompetitionFactory(
        festival=festival,
        invention=True,
        code="HB",
        name="科幻画",
        position=1,
        class_quota=5,
        entries_per_student=1,
        judges_per_entry=1,
    )
    add_rubric(painting)
    AwardTierFactory(competition=painting, level="first", amount=1)
    friend = StudentFactory(school_class=author.school_class, real_name="画友")
    entries = accept_entries(painting, [author, friend], head_teacher=head_teacher, organizer=organizer)
    open_judging(painting)
    judging_services.panel_set(competition=painting, judges=[judge], head_judge=judge, by=organizer)
    judging_services.assignments_plan(competition=painting, by=organizer)
    return painting, entries


def _decide(painting, entries, organizer):
    """The painting judged, computed and locked: 作者0's 一等奖 (85), 画友's none (60)."""
    score_all(painting, {entries[0].pk: 85, entries[1].pk: 60})
    award_services.results_compute(competition=painting, by=organizer)
    award_services.results_lock(competition=painting, by=organizer)


@pytest.fixture
def painting(festival, author, head_teacher, organizer, judges):
    return _painting(festival, author, head_teacher, organizer, judges[0])


def _published_on(competition) -> str:
    competition.refresh_from_db()
    return f"{timezone.localdate(competition.published_at, SHANGHAI):%Y-%m-%d} 公布"


def test_competitions_published_on_different_days_each_show_their_own_notice(
    client, festival, judged_competition, locked, painting, organizer, author
):
    painting, (mine, _friend) = painting
    publish_locked(festival=festival, by=organizer, now=timezone.now() - dt.timedelta(days=2))
    client.force_login(author)

    doc = page(client.get(reverse("my_results")))
    honour = page(client.get(reverse("honour_roll", args=[festival.pk])))

    invention = doc.select_one(f"#results-competition-{judged_competition.pk}")
    assert texts(invention, ".score, .level") == ["90.00", "一等奖"]
    assert text(invention.select_one(f"#notice-open-{judged_competition.pk} .js-countdown")).startswith("还剩2天23小时")
    drawing = doc.select_one(f"#results-competition-{painting.pk}")
    assert texts(drawing, ".entry-code") == [mine.code]
    assert texts(drawing, ".entry-state") == ["评审中"]
    assert texts(drawing, f"#not-published-{painting.pk}") == [
        "科幻画的成绩尚未公布（评审中）。组委会公布后，这里会显示分数和奖项。"
    ]
    assert drawing.select(".score, .rank, .level, .award-badge, .notice-open, .object-link") == []
    assert texts(honour, ".honour-competition-name") == ["科技创新制作"]
    assert texts(honour, ".published-at") == [_published_on(judged_competition)]
    assert texts(honour, "#pending .pending-competition") == ["科幻画 评审中"]
    assert honour.select_one(f"#pending-{painting.pk}") is not None

    # Judged and published today, on its own: its 公示 starts now, the invention's keeps its own end.
    _decide(painting, [mine, _friend], organizer)
    publish_locked(festival=festival, by=organizer)

    doc = page(client.get(reverse("my_results")))
    honour = page(client.get(reverse("honour_roll", args=[festival.pk])))

    drawing = doc.select_one(f"#results-competition-{painting.pk}")
    assert texts(drawing, ".score, .level") == ["85.00", "一等奖"]
    assert texts(drawing, ".object-link") == ["提出异议"]
    assert text(drawing.select_one(f"#notice-open-{painting.pk} .js-countdown")).startswith("还剩4天23小时")
    invention = doc.select_one(f"#results-competition-{judged_competition.pk}")
    assert text(invention.select_one(f"#notice-open-{judged_competition.pk} .js-countdown")).startswith("还剩2天23小时")
    assert doc.select(".not-published") == []
    assert texts(honour, ".honour-competition-name") == ["科技创新制作", "科幻画"]
    assert texts(honour, ".published-at") == [_published_on(judged_competition), _published_on(painting)]
    assert honour.select("#pending") == []
    assert honour.select_one(f"#honour-entry-{mine.pk}") is not None


def test_a_published_competition_without_awards_says_so_on_the_honour_roll(
    client, festival, judged_competition, locked, painting, organizer, author
):
    painting, entries = painting
    _decide(painting, entries, organizer)
    Result.objects.filter(competition=painting).update(level="")  # say every painting stayed below the minimum
    publish_locked(festival=festival, by=organizer)
    client.force_login(author)

    honour = page(client.get(reverse("honour_roll", args=[festival.pk])))

    assert texts(honour, ".honour-competition-name") == ["科技创新制作", "科幻画"]
    block = honour.select_one(f"#honour-competition-{painting.pk}")
    assert texts(block, ".no-awards") == ["本项比赛没有获奖作品。"]
    assert honour.select("#pending") == []


@pytest.fixture
def withdrawn(festival, judged_competition, locked, painting, organizer):
    """The invention and the painting published separately just now; the invention's publication withdrawn."""
    painting, entries = painting
    invention = publish_locked(festival=festival, by=organizer)
    _decide(painting, entries, organizer)
    publish_locked(festival=festival, by=organizer)
    award_services.publication_withdraw(publication=invention, by=organizer, reason="三年级的分组有误，更正后重新公布")
    return painting, entries


def test_a_withdrawn_publication_takes_the_results_back_with_its_reason(
    client, festival, judged_competition, locked, withdrawn, author, head_teacher
):
    painting, (painted, _friend) = withdrawn
    invention_entry = locked[0]
    client.force_login(author)

    doc = page(client.get(reverse("my_results")))
    honour = page(client.get(reverse("honour_roll", args=[festival.pk])))

    block = doc.select_one(f"#results-competition-{judged_competition.pk}")
    assert texts(block, ".entry-code") == [invention_entry.code]
    assert texts(block, ".entry-state") == ["评审中"]
    assert block.select(".score, .rank, .level, .award-badge, .recommended, .object-link, .notice-open") == []
    notice = block.select_one(f"#results-withdrawn-{judged_competition.pk}")
    assert "撤回科技创新制作的成绩，更正后将重新公布" in text(notice)
    assert texts(notice, ".withdraw-reason") == ["原因：三年级的分组有误，更正后重新公布"]
    # The painting's publication stands.
    assert texts(doc, f"#results-competition-{painting.pk} .level") == ["一等奖"]
    assert doc.select_one(f"#notice-open-{painting.pk}") is not None
    assert texts(honour, ".honour-competition-name") == ["科幻画"]
    assert honour.select(f"#honour-entry-{invention_entry.pk}") == []
    assert texts(honour, "#pending .pending-competition") == ["科技创新制作 成绩已锁定"]
    assert honour.select_one(f"#honour-entry-{painted.pk}") is not None
    # Nobody objects to results no longer published: not through the page, not through the service.
    result = Result.objects.get(entry=invention_entry)
    assert client.get(reverse("objection_raise", args=[result.pk])).status_code == 404
    assert client.post(reverse("objection_raise", args=[result.pk]), {"reason": "分数偏低"}).status_code == 404
    for who in (author, head_teacher):
        with pytest.raises(ValidationError) as refused:
            award_services.objection_raise(result=result, by=who, reason="分数偏低")
        assert refused.value.messages == ["结果尚未发布。"]
    assert Objection.objects.count() == 0
    # Nor is the winner's picture served any more.
    assert client.get(reverse("awarded_thumbnail", args=[_picture(invention_entry).pk])).status_code == 404


def test_an_objection_raised_before_a_withdrawal_waits_for_the_results_to_be_published_again(
    client, festival, judged_competition, published, organizer, author
):
    objection = award_services.objection_raise(result=Result.objects.get(entry=published[0]), by=author, reason="偏低")
    award_services.publication_withdraw(
        publication=Publication.objects.get(), by=organizer, reason="分组有误，更正后重新公布"
    )
    client.force_login(organizer)
    refusal = "“科技创新制作”处于“成绩已锁定”阶段：现在不能答复异议。"

    listing = page(client.get(reverse("objections", args=[festival.pk])))
    answer_url = reverse("objection_answer", args=[objection.pk])
    shown = page(client.get(answer_url))
    posted = page(client.post(answer_url, {"decision": "reject", "new_level": "keep", "answer": "无误"}))

    # Listed, still waiting, but without a form the service would refuse: the page says why instead.
    assert texts(listing, f"#objection-{objection.pk} .objection-state") == ["等待答复"]
    assert texts(listing, f"#objection-{objection.pk} .answer-refused") == [refusal]
    assert listing.select(".answer-form") == []
    assert shown.select(".answer-form") == []
    assert texts(shown, ".answer-refused") == [refusal]
    assert texts(posted, ".form-errors") == [refusal]
    assert Objection.objects.get().state == "open"

    # Published again (corrected or not), the objection is answered as usual.
    publish_locked(festival=festival, by=organizer)
    listing = page(client.get(reverse("objections", args=[festival.pk])))
    assert len(listing.select(f"#objection-{objection.pk} .answer-form")) == 1
    assert listing.select(".answer-refused") == []


# --- the organizers' publish and withdraw through HTTP --------------------------------------------------


@pytest.fixture
def both_locked(judged_competition, locked, painting, organizer):
    """The invention and the painting locked, neither published."""
    painting, entries = painting
    _decide(painting, entries, organizer)
    return judged_competition, painting


def test_the_organizer_publishes_a_chosen_competition_then_withdraws_it_with_a_reason(
    client, festival, both_locked, organizer, author
):
    invention, painting = both_locked
    url = reverse("judging_publish", args=[festival.pk])
    client.force_login(organizer)
    offered = page(client.get(url))
    assert sorted(i["value"] for i in offered.select("#publish-form input[name=competitions]")) == sorted(
        [str(invention.pk), str(painting.pk)]
    )

    response = client.post(url, {"competitions": [painting.pk], "notice_days": "3"}, follow=True)

    assert flashes(response) == ["已公布：科幻画。公示期开始。"]
    publication = Publication.objects.get()
    assert list(publication.competitions.all()) == [painting]
    assert (publication.notice_ends_at - publication.published_at).days == 3
    invention.refresh_from_db()
    assert invention.published_at is None
    client.force_login(author)
    doc = page(client.get(reverse("my_results")))
    assert texts(doc, f"#results-competition-{painting.pk} .level") == ["一等奖"]
    assert text(doc.select_one(f"#notice-open-{painting.pk} .js-countdown")).startswith("还剩2天23小时")
    assert texts(doc, f"#not-published-{invention.pk}") == [
        "科技创新制作的成绩尚未公布（成绩已锁定）。组委会公布后，这里会显示分数和奖项。"
    ]
    assert doc.select(f"#results-competition-{invention.pk} .level") == []

    withdraw = reverse("judging_publication_withdraw", args=[publication.pk])
    client.force_login(organizer)
    empty = client.post(withdraw, {"reason": "   "}, follow=True)
    assert flashes(empty) == ["请说明撤回的原因，学生会看到。"]
    assert empty.redirect_chain[-1][0] == url
    publication.refresh_from_db()
    assert not publication.withdrawn

    done = client.post(withdraw, {"reason": "画友的作品漏评"}, follow=True)

    assert flashes(done) == ["已撤回公布：科幻画 回到“成绩已锁定”，不再公布。"]
    publication.refresh_from_db()
    assert (publication.withdrawn, publication.withdrawn_by, publication.withdraw_reason) == (
        True,
        organizer,
        "画友的作品漏评",
    )
    assert texts(page(done), f"#publication-{publication.pk} .withdrawn-note")[0].endswith("画友的作品漏评")
    client.force_login(author)
    doc = page(client.get(reverse("my_results")))
    assert texts(doc, f"#results-withdrawn-{painting.pk} .withdraw-reason") == ["原因：画友的作品漏评"]
    assert doc.select(".level") == []


@pytest.mark.parametrize(
    ("who", "expected"),
    [("author", 403), ("head_teacher", 403), ("judge", 403), ("other_organizer", 404)],
)
def test_only_the_organizers_publish_and_withdraw(client, festival, both_locked, people, organizer, who, expected):
    invention, painting = both_locked
    publication = award_services.results_publish(competitions=[invention], by=organizer)
    client.force_login(people[who])
    url = reverse("judging_publish", args=[festival.pk])

    shown = client.get(url)
    published = client.post(url, {"competitions": [painting.pk], "notice_days": "5"})
    withdrawn = client.post(reverse("judging_publication_withdraw", args=[publication.pk]), {"reason": "我想撤回"})

    assert (shown.status_code, published.status_code, withdrawn.status_code) == (expected, expected, expected)
    painting.refresh_from_db()
    publication.refresh_from_db()
    assert (painting.published_at, publication.withdrawn_at) == (None, None)
    assert Publication.objects.count() == 1


# --- constant queries ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _more_winners(festival, competition, school_class, head_teacher, organizer, n):
    """n more judged entries in a second competition, all awarded, locked and published on their own."""
    other = CompetitionFactory(
        festival=festival, invention=True, code="HB", name="科幻画", class_quota=20, entries_per_student=1
    )
    add_rubric(other)
    AwardTierFactory(competition=other, level="first", amount=n)
    painters = [StudentFactory(school_class=school_class, real_name=f"画{i}") for i in range(n)]
    entries = accept_entries(other, painters, head_teacher=head_teacher, organizer=organizer)
    judges = list(competition.panel.judges.all())
    judging_services.panel_set(competition=other, judges=judges, head_judge=judges[0], by=organizer)
    judging_services.assignments_plan(competition=other, by=organizer)
    score_all(other, {e.pk: 70 + i for i, e in enumerate(entries)})
    award_services.results_compute(competition=other, by=organizer)
    award_services.results_lock(competition=other, by=organizer)
    publish_locked(festival=festival, by=organizer)
    return entries


def test_results_pages_queries_do_not_grow_with_the_winners(
    client, festival, published, organizer, head_teacher, school_class, judged_competition, author
):
    award_services.objection_raise(result=Result.objects.get(entry=published[0]), by=author, reason="偏低")
    client.force_login(head_teacher)
    urls = [reverse("honour_roll", args=[festival.pk]), reverse("my_results")]
    for url in urls:
        client.get(url)
    small = [_queries(client, url) for url in urls]
    client.force_login(organizer)
    objections_url = reverse("objections", args=[festival.pk])
    client.get(objections_url)
    small.append(_queries(client, objections_url))

    added = _more_winners(festival, judged_competition, school_class, head_teacher, organizer, 5)
    award_services.objection_raise(result=Result.objects.get(entry=added[0]), by=head_teacher, reason="偏低")
    client.force_login(head_teacher)
    large = [_queries(client, url) for url in urls]
    client.force_login(organizer)
    large.append(_queries(client, objections_url))

    assert Entry.objects.filter(state="awarded").count() == 8
    doc = page(client.get(reverse("honour_roll", args=[festival.pk])))
    assert len(doc.select(".honour-card")) == 8
    assert small == large


def test_the_published_filter_tells_lower_apps_templates_when_results_are_out(festival, locked, organizer):
    from django.template import Context, Template

    template = Template("{% load awards %}{% if festival|results_published %}公布{% else %}未公布{% endif %}")

    def shown():
        return template.render(Context({"festival": type(festival).objects.get(pk=festival.pk)}))

    before = shown()
    publish_locked(festival=festival, by=organizer)

    assert (before, shown()) == ("未公布", "公布")


def test_without_judged_entries_the_page_says_so(client, published, other_teacher, classmate):
    client.force_login(other_teacher)
    teacher = page(client.get(reverse("my_results")))
    client.force_login(classmate)
    student = page(client.get(reverse("my_results")))

    assert texts(teacher, "#no-results") == ["你所带班级还没有作品参加评审。"]
    assert texts(student, "#no-results") == ["还没有你的作品参加评审。"]
