from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import services
from competitions.models import ClassExtension, Competition, Festival
from tests.factories.competitions import SHANGHAI, shanghai
from tests.factories.schools import SchoolClassFactory, StudentFactory, TeacherFactory
from tests.html import form_errors, page, text, texts

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    client.force_login(user)
    return client


def local(value: dt.datetime) -> str:
    return timezone.localtime(value, timezone.get_fixed_timezone(480)).strftime("%Y-%m-%dT%H:%M")


def competition_post(competition: Competition, **changes) -> dict:
    data = {
        "name": competition.name,
        "code": competition.code,
        "kind": competition.kind,
        "description": competition.description,
        "entry_fields": competition.entry_fields,
        "eligible_grades": changes.pop("eligible_grades", None) or competition.grade_numbers,
        "entry_mode": competition.entry_mode,
        "team_max_size": competition.team_max_size or "",
        "entries_per_student": competition.entries_per_student,
        "class_quota": competition.class_quota,
        "class_quota_min": competition.class_quota_min or "",
        "submission_opens": local(competition.submission_opens),
        "submission_closes": local(competition.submission_closes),
        "judging_opens": local(competition.judging_opens),
        "judging_closes": local(competition.judging_closes),
        "file_types": competition.file_types,
        "max_files": competition.max_files,
        "max_file_mb": competition.max_file_mb,
        "min_image_px": competition.min_image_px,
        "scoring_mode": competition.scoring_mode,
        "attempts": competition.attempts,
        "better": competition.better,
        "unit": competition.unit,
        "judges_per_entry": competition.judges_per_entry,
    }
    if competition.blind:
        data["blind"] = "on"
    data.update(changes)
    return data


@pytest.fixture
def teacher(school):
    return TeacherFactory(school=school, real_name="赵老师")


@pytest.fixture
def grade3_student(festival, student):
    return student  # 三年级2班


# --- permissions ----------------------------------------------------------------------------------

ORGANIZER_PAGES = [
    ("festival_edit", "festival"),
    ("competition_create", "festival"),
    ("competition_from_template", "festival"),
    ("competition_edit", "painting"),
    ("competition_rubric", "painting"),
    ("competition_awards", "painting"),
    ("competition_extensions", "painting"),
]


def url_for(name: str, target: str, festival: Festival, painting: Competition) -> str:
    if target == "festival":
        return reverse(name, kwargs={"festival_slug": festival.slug})
    return reverse(name, kwargs={"competition_id": painting.pk})


@pytest.mark.parametrize(("name", "target"), ORGANIZER_PAGES)
def test_organizer_pages_are_for_the_organizers_of_the_school(
    client, name, target, festival, painting, organizer, student, teacher, other_organizer
):
    url = url_for(name, target, festival, painting)

    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert logged_in(client, student).get(url).status_code == 403
    assert logged_in(client, teacher).get(url).status_code == 403
    assert logged_in(client, other_organizer).get(url).status_code == 404
    assert logged_in(client, organizer).get(url).status_code == 200


@pytest.mark.parametrize("name", ["competition_duplicate", "competition_delete"])
def test_only_organizers_duplicate_and_delete(client, name, painting, student, teacher, other_organizer):
    url = reverse(name, kwargs={"competition_id": painting.pk})

    assert client.post(url).status_code == 302
    assert logged_in(client, student).post(url).status_code == 403
    assert logged_in(client, teacher).post(url).status_code == 403
    assert logged_in(client, other_organizer).post(url).status_code == 404
    assert Competition.objects.filter(festival=painting.festival).count() == 4


def test_only_organizers_create_festivals(client, school, student, teacher, organizer):
    url = reverse("festival_create")

    assert client.get(url).status_code == 302
    assert logged_in(client, student).get(url).status_code == 403
    assert logged_in(client, teacher).get(url).status_code == 403
    assert logged_in(client, organizer).get(url).status_code == 200


def test_festival_of_another_school_is_not_found(client, festival, other_organizer, other_school):
    other_student = StudentFactory(school_class=SchoolClassFactory(grade__school=other_school, grade__number=3))

    for user in (other_organizer, other_student):
        response = logged_in(client, user).get(reverse("festival_detail", kwargs={"festival_slug": festival.slug}))
        assert response.status_code == 404
        assert texts(page(logged_in(client, user).get(reverse("festival_list"))), ".list-group-item") == []


def test_draft_festival_is_hidden_from_students_and_teachers(client, festival, organizer, student, teacher):
    services.festival_update(festival=festival, values={"status": "draft"}, by=organizer)
    url = reverse("festival_detail", kwargs={"festival_slug": festival.slug})

    assert logged_in(client, student).get(url).status_code == 404
    assert logged_in(client, teacher).get(url).status_code == 404
    organizer_page = page(logged_in(client, organizer).get(url))
    assert texts(organizer_page, ".alert-warning") == [
        "本届科技节还在筹备中，学生和教师还看不到。请在“编辑科技节和阶段”中发布。"
    ]


# --- what students and teachers see ---------------------------------------------------------------


def test_student_sees_only_the_competitions_of_their_grade(
    client, festival, painting, organizer, student, grade8_student
):
    services.competition_update(
        competition=painting,
        values={"recommend_count": 0},
        grade_numbers=[8],
        by=organizer,
    )
    url = reverse("festival_detail", kwargs={"festival_slug": festival.slug})

    grade3 = page(logged_in(client, student).get(url))
    grade8 = page(logged_in(client, grade8_student).get(url))

    assert texts(grade3, ".competition-card h3") == ["科技创新制作", "科普板报", "科技小论文与观察日记"]
    assert texts(grade8, ".competition-card h3") == ["科技创新制作", "科普板报", "科技创新绘画", "科技小论文与观察日记"]
    detail = reverse("competition_detail", kwargs={"competition_id": painting.pk})
    assert logged_in(client, student).get(detail).status_code == 404
    assert logged_in(client, grade8_student).get(detail).status_code == 200


def test_teacher_sees_every_competition_without_organizer_buttons(client, festival, teacher):
    soup = page(logged_in(client, teacher).get(reverse("festival_detail", kwargs={"festival_slug": festival.slug})))

    assert len(soup.select(".competition-card")) == 4
    assert soup.select("a[href$='/edit/']") == []


def test_festival_page_shows_theme_timeline_rules_and_deadline(client, festival, student):
    soup = page(logged_in(client, student).get(reverse("festival_detail", kwargs={"festival_slug": festival.slug})))

    assert texts(soup, "#festival-theme") == ["主题：体验生活，健康成长"]
    assert texts(soup, ".phase-name") == ["宣传动员", "准备/提交", "评审", "总结/公示"]
    card = soup.select_one("#competition-HH")
    assert texts(card, ".deadline")[0].startswith("截止时间：2026年5月7日 17:00")
    rules = dict(zip(texts(card, "dt"), texts(card, "dd"), strict=True))
    assert rules["参赛对象"] == "一年级至高三"
    assert rules["参赛方式"] == "个人参赛，每人最多1件。"
    assert rules["名额"] == "每班择优选送2至3件。"
    assert rules["提交时间"] == "2026年4月15日 08:00 至 2026年5月7日 17:00"
    assert rules["评审"] == "评分标准：想象力30分、科学性25分、绘画水平30分、真实性15分（满分100分）。"
    assert rules["匿名评审"] == "评委只看到作品编号，看不到姓名和班级。"


def test_class_extension_shows_the_later_deadline_to_that_class(client, festival, painting, organizer, student):
    services.extension_grant(
        competition=painting,
        school_class=student.school_class,
        closes_at=shanghai(2026, 5, 9, 12),
        reason="研学旅行",
        by=organizer,
    )

    soup = page(logged_in(client, student).get(reverse("festival_detail", kwargs={"festival_slug": festival.slug})))

    assert texts(soup.select_one("#competition-HH"), ".deadline")[0] == "截止时间：2026年5月9日 12:00 你班已延期"


@pytest.fixture
def running_festival(school, organizer):
    """This year's festival, started six days ago: submissions are open."""
    SchoolClassFactory(grade__school=school, grade__number=3, number=1)
    start = timezone.localdate() - dt.timedelta(days=6)
    festival = services.festival_create_from_plan(
        school=school,
        name="第二届科技节",
        year=start.year,
        slug="now",
        theme="体验生活，健康成长",
        start=start,
        by=organizer,
    )
    return services.festival_update(festival=festival, values={"status": "published"}, by=organizer)


def test_home_shows_the_current_festival_phase_and_next_deadline(client, running_festival, student):
    soup = page(logged_in(client, student).get(reverse("home")))

    card = soup.select_one("#current-festival")
    assert texts(card, "h2") == ["第二届科技节"]
    assert texts(card, "#current-phase")[0].startswith("当前：准备/提交")
    deadline = texts(card, "#home-deadline")[0]
    # The class posters (科普板报) are made on the morning the other works are due: theirs is the next deadline.
    poster = running_festival.competitions.get(code="BB")
    days_left = (poster.submission_closes - timezone.now()).days
    assert deadline.startswith(f"下一个截止：科普板报 {poster.submission_closes.astimezone(SHANGHAI):%-m月%-d日 12:00}")
    assert re.fullmatch(rf"还剩{days_left}天\d+小时\d+分钟", text(card.select_one(".js-countdown")))
    countdown = card.select_one(".js-countdown")
    assert countdown["data-days"] == "还剩{d}天{h}小时{m}分钟"


def test_home_deadline_is_the_one_of_the_students_class(client, running_festival, organizer, student):
    poster = running_festival.competitions.get(code="BB")
    other_class = SchoolClassFactory(grade__school=student.school, grade__number=4, number=1)
    for school_class, hours in ((student.school_class, 1), (other_class, 2)):
        services.extension_grant(
            competition=poster,
            school_class=school_class,
            closes_at=poster.submission_closes + dt.timedelta(hours=hours),
            reason="研学旅行",
            by=organizer,
        )

    card = page(logged_in(client, student).get(reverse("home"))).select_one("#current-festival")

    closes = poster.submission_closes.astimezone(SHANGHAI) + dt.timedelta(hours=1)
    assert texts(card, "#home-deadline")[0].startswith(f"下一个截止：科普板报 {closes:%-m月%-d日 %H:%M}")


def test_festival_page_countdown_carries_the_beijing_deadline(client, running_festival, student):
    soup = page(logged_in(client, student).get(reverse("festival_detail", kwargs={"festival_slug": "now"})))

    invention = running_festival.competitions.get(code="ZZ")
    clock = soup.select_one("#competition-ZZ .js-countdown")
    assert (
        clock["data-deadline"] == invention.submission_closes.astimezone(timezone.get_fixed_timezone(480)).isoformat()
    )
    assert clock["data-deadline"].endswith("17:00:00+08:00")
    assert texts(soup, ".phase-current .phase-name") == ["准备/提交"]
    assert len(soup.select(".phase-today")) == 1


def test_navigation_has_the_festivals_link(client, festival, student):
    soup = page(logged_in(client, student).get(reverse("home")))

    assert texts(soup, "#nav-festivals") == ["科技节"]


# --- organizer pages ------------------------------------------------------------------------------


def test_organizer_creates_a_festival_from_the_plan(client, school, organizer):
    response = logged_in(client, organizer).post(
        reverse("festival_create"),
        {
            "name": "第三届科技节",
            "year": 2027,
            "slug": "2027",
            "theme": "体验生活，健康成长",
            "start": "2027-04-10",
            "setup": "plan",
        },
    )

    festival = Festival.objects.get(slug="2027")
    assert response.url == reverse("festival_detail", kwargs={"festival_slug": "2027"})
    assert list(festival.competitions.values_list("name", flat=True)) == [
        "科技创新制作",
        "科普板报",
        "科技创新绘画",
        "科技小论文与观察日记",
    ]
    assert festival.status == Festival.Status.DRAFT


def test_organizer_creates_a_blank_festival(client, school, organizer):
    logged_in(client, organizer).post(
        reverse("festival_create"),
        {"name": "第三届科技节", "year": 2027, "slug": "2027", "theme": "", "start": "2027-04-10", "setup": "blank"},
    )

    assert Festival.objects.get(slug="2027").competitions.count() == 0


def test_festival_short_name_clash_is_shown(client, festival, organizer):
    response = logged_in(client, organizer).post(
        reverse("festival_create"),
        {"name": "又一届", "year": 2026, "slug": festival.slug, "theme": "", "start": "2026-04-10", "setup": "blank"},
    )

    assert form_errors(page(response)) == ["本校已有科技节使用这个简称。"]


@pytest.mark.parametrize("setup", ["plan", "blank"])
def test_festival_starting_in_the_year_9999_is_refused_with_the_form(client, school, organizer, setup):
    response = logged_in(client, organizer).post(
        reverse("festival_create"),
        {"name": "第九千届", "year": 2026, "slug": "9999", "theme": "", "start": "9999-12-31", "setup": setup},
    )

    assert form_errors(page(response)) == ["9999-12-31 不是合理的科技节日期：请填写 2000 年至 2100 年之间的日期。"]
    assert not Festival.objects.filter(slug="9999").exists()


def test_phase_ending_in_the_year_9999_is_refused_and_changes_nothing(client, festival, organizer):
    data = {"name": festival.name, "year": 2026, "slug": festival.slug, "theme": festival.theme, "status": "draft"}
    for p in festival.phases.all():
        data[f"{p.kind}_starts_on"] = p.starts_on.isoformat()
        data[f"{p.kind}_ends_on"] = p.ends_on.isoformat()
    before = list(festival.phases.values_list("kind", "starts_on", "ends_on"))
    data["summary_ends_on"] = "9999-12-31"

    response = logged_in(client, organizer).post(
        reverse("festival_edit", kwargs={"festival_slug": festival.slug}), data
    )

    assert form_errors(page(response)) == ["9999-12-31 不是合理的科技节日期：请填写 2000 年至 2100 年之间的日期。"]
    assert list(festival.phases.values_list("kind", "starts_on", "ends_on")) == before


def test_organizer_edits_phases_and_publishes(client, festival, organizer):
    data = {"name": festival.name, "year": 2026, "slug": festival.slug, "theme": festival.theme, "status": "finished"}
    for p in festival.phases.all():
        data[f"{p.kind}_starts_on"] = p.starts_on.isoformat()
        data[f"{p.kind}_ends_on"] = p.ends_on.isoformat()
    data["summary_ends_on"] = "2026-05-10"

    response = logged_in(client, organizer).post(
        reverse("festival_edit", kwargs={"festival_slug": festival.slug}), data
    )

    assert response.status_code == 200
    assert form_errors(page(response)) == ["总结/公示的结束日期不能早于开始日期。"]
    data["summary_ends_on"] = "2026-05-20"
    response = logged_in(client, organizer).post(
        reverse("festival_edit", kwargs={"festival_slug": festival.slug}), data
    )
    festival.refresh_from_db()
    assert (response.status_code, festival.status) == (302, "finished")
    assert festival.phases.get(kind="summary").ends_on == dt.date(2026, 5, 20)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("class_quota", "确保该值小于或等于100。"),
        ("min_image_px", "确保该值小于或等于4000。"),
        ("entries_per_student", "确保该值小于或等于20。"),
    ],
)
def test_competition_form_refuses_numbers_postgresql_could_not_store(client, painting, organizer, field, message):
    before = Competition.objects.values().get(pk=painting.pk)
    data = competition_post(painting, **{field: 99999})

    response = logged_in(client, organizer).post(
        reverse("competition_edit", kwargs={"competition_id": painting.pk}), data
    )

    assert form_errors(page(response), field) == [message]
    assert Competition.objects.values().get(pk=painting.pk) == before


def test_competition_form_refuses_judging_in_the_year_9999(client, painting, organizer):
    before = Competition.objects.values().get(pk=painting.pk)
    data = competition_post(painting, judging_closes="9999-12-31T23:59")

    response = logged_in(client, organizer).post(
        reverse("competition_edit", kwargs={"competition_id": painting.pk}), data
    )

    assert form_errors(page(response), "judging_closes") == ["此时间不在科技节期间（2026年4月11日 至 2026年5月16日）。"]
    assert Competition.objects.values().get(pk=painting.pk) == before


def test_competition_form_refuses_a_window_ending_before_it_starts(client, festival, painting, organizer):
    data = competition_post(painting, submission_closes="2026-04-14T17:00")

    response = logged_in(client, organizer).post(
        reverse("competition_edit", kwargs={"competition_id": painting.pk}), data
    )

    assert response.status_code == 200
    assert form_errors(page(response)) == ["作品提交的截止时间必须晚于开始时间。"]


def test_competition_form_refuses_a_quota_below_one(client, painting, organizer):
    data = competition_post(painting, class_quota=0)

    response = logged_in(client, organizer).post(
        reverse("competition_edit", kwargs={"competition_id": painting.pk}), data
    )

    assert form_errors(page(response)) == ["每班名额至少为1。"]


def test_competition_form_refuses_a_grade_the_school_does_not_have(client, organizer, school):
    school.sections = ["primary"]
    school.save()
    festival = services.festival_create(
        school=school, name="小学科技节", year=2026, slug="xx", start=dt.date(2026, 4, 11), by=organizer
    )
    data = competition_post(
        Competition(
            festival=festival,
            name="科技创新绘画",
            code="HH",
            kind="painting",
            submission_opens=shanghai(2026, 4, 15, 8),
            submission_closes=shanghai(2026, 5, 7, 17),
            judging_opens=shanghai(2026, 5, 8, 8),
            judging_closes=shanghai(2026, 5, 11, 17),
        ),
        eligible_grades=[3, 8],
    )
    data["entry_fields"] = ["medium"]

    response = logged_in(client, organizer).post(
        reverse("competition_create", kwargs={"festival_slug": festival.slug}), data
    )

    assert form_errors(page(response)) == [f"{school.name}没有初二。"]
    assert festival.competitions.count() == 0


def test_organizer_creates_a_competition_and_goes_to_its_rubric(client, festival, organizer):
    data = competition_post(
        festival.competitions.get(code="HH"),
        name="电脑作品",
        code="DN",
        kind="computer",
        entry_fields=["computer_type"],
    )

    response = logged_in(client, organizer).post(
        reverse("competition_create", kwargs={"festival_slug": festival.slug}), data
    )

    created = festival.competitions.get(code="DN")
    assert response.url == reverse("competition_rubric", kwargs={"competition_id": created.pk})
    assert (created.name, created.kind, created.grade_numbers) == ("电脑作品", "computer", list(range(1, 13)))


def test_changing_the_kind_with_entries_shows_the_reason(client, painting, organizer, usage):
    from competitions.hooks import Usage

    usage["usage"] = Usage(entries=2)

    response = logged_in(client, organizer).post(
        reverse("competition_edit", kwargs={"competition_id": painting.pk}), competition_post(painting, kind="essay")
    )

    assert form_errors(page(response)) == ["已有2件作品，不能再更改比赛类别。"]


def test_organizer_adds_a_measurement_competition_from_a_template(client, festival, organizer):
    response = logged_in(client, organizer).post(
        reverse("competition_from_template", kwargs={"festival_slug": festival.slug}),
        {"template": "race", "start": "2026-04-11"},
    )

    race = festival.competitions.get(code="SC")
    assert response.url == reverse("competition_detail", kwargs={"competition_id": race.pk})
    soup = page(logged_in(client, organizer).get(response.url))
    rules = dict(zip(texts(soup, ".rules dt"), texts(soup, ".rules dd"), strict=True))
    assert rules["评审"] == "每人3次机会，取最好成绩，单位：秒，数值越小成绩越好。"
    assert rules["参赛对象"] == "三年级至六年级"


def rubric_post(rows: list[tuple[str, str, int, int, bool]]) -> dict:
    data = {
        "criteria-TOTAL_FORMS": len(rows),
        "criteria-INITIAL_FORMS": 0,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for i, (name, description, points, order, delete) in enumerate(rows):
        data.update(
            {
                f"criteria-{i}-name": name,
                f"criteria-{i}-description": description,
                f"criteria-{i}-max_points": points,
                f"criteria-{i}-ORDER": order,
            }
        )
        if delete:
            data[f"criteria-{i}-DELETE"] = "on"
    return data


def test_rubric_editor_shows_the_current_rubric_and_sum(client, painting, organizer):
    soup = page(logged_in(client, organizer).get(reverse("competition_rubric", kwargs={"competition_id": painting.pk})))

    names = [i["value"] for i in soup.select(".js-criteria-list input[name$='-name']")]
    assert names == ["想象力", "科学性", "绘画水平", "真实性"]
    assert texts(soup, "#rubric-total") == ["100"]
    assert soup.select_one("template#criterion-template") is not None


def test_rubric_not_summing_to_100_is_refused_with_the_sum(client, painting, organizer):
    data = rubric_post([("想象力", "", 40, 1, False), ("科学性", "", 40, 2, False), ("真实性", "", 15, 3, True)])

    response = logged_in(client, organizer).post(
        reverse("competition_rubric", kwargs={"competition_id": painting.pk}), data
    )

    assert response.status_code == 400
    assert texts(page(response, status=400), "#rubric-errors") == ["各项评分标准合计80分，必须正好是100分。"]
    assert [c.name for c in painting.criteria.all()] == ["想象力", "科学性", "绘画水平", "真实性"]


def test_rubric_is_reordered_added_to_and_pruned(client, painting, organizer):
    data = rubric_post(
        [
            ("想象力", "构思新奇", 30, 2, False),
            ("科学性", "", 25, 1, False),
            ("绘画水平", "", 30, 3, True),
            ("创意表达", "新加的一项", 45, 4, False),
        ]
    )

    response = logged_in(client, organizer).post(
        reverse("competition_rubric", kwargs={"competition_id": painting.pk}), data
    )

    assert response.status_code == 302
    assert [(c.name, c.max_points) for c in painting.criteria.all()] == [
        ("科学性", 25),
        ("想象力", 30),
        ("创意表达", 45),
    ]


def test_award_counts_above_the_entries_possible_are_shown(client, painting, organizer):
    services.competition_update(competition=painting, values={"recommend_count": 0}, grade_numbers=[3], by=organizer)
    data = {
        "award_grouping": "grade",
        "award_basis": "count",
        "first": 2,
        "second": 2,
        "third": 3,
        "merit": 0,
        "award_min_score": "",
        "recommend_count": 0,
    }

    response = logged_in(client, organizer).post(
        reverse("competition_awards", kwargs={"competition_id": painting.pk}), data
    )

    soup = page(response)
    assert texts(soup, ".invalid-feedback") == ["三年级最多只有6件作品（2个班），却设了7个奖项。"]
    assert texts(soup, "#capacity tbody td") == ["三年级", "2", "6"]


def test_award_scheme_saved(client, painting, organizer):
    data = {
        "award_grouping": "section",
        "award_basis": "percent",
        "first": 5,
        "second": 15,
        "third": 30,
        "merit": 20,
        "award_min_score": "60",
        "recommend_count": 3,
    }

    response = logged_in(client, organizer).post(
        reverse("competition_awards", kwargs={"competition_id": painting.pk}), data
    )

    painting.refresh_from_db()
    assert response.status_code == 302
    assert {t.level: t.amount for t in painting.award_tiers.all()} == {
        "first": 5,
        "second": 15,
        "third": 30,
        "merit": 20,
    }
    assert (painting.award_grouping, str(painting.award_min_score), painting.recommend_count) == ("section", "60.00", 3)


def test_extension_granted_and_revoked_from_the_page(client, painting, organizer, student):
    url = reverse("competition_extensions", kwargs={"competition_id": painting.pk})

    response = logged_in(client, organizer).post(
        url, {"school_class": student.school_class_id, "closes_at": "2026-05-09T12:00", "reason": "研学旅行"}
    )

    assert response.status_code == 302
    soup = page(logged_in(client, organizer).get(url))
    assert texts(soup, "#extensions tbody td.extension-class") == ["三年级2班"]
    assert texts(soup, ".alert-success") == ["三年级2班现在可以提交到2026年5月9日 12:00。"]
    extension = ClassExtension.objects.get()
    logged_in(client, organizer).post(reverse("extension_revoke", kwargs={"pk": extension.pk}))
    assert ClassExtension.objects.count() == 0


def test_extension_before_the_deadline_is_shown(client, painting, organizer, student):
    response = logged_in(client, organizer).post(
        reverse("competition_extensions", kwargs={"competition_id": painting.pk}),
        {"school_class": student.school_class_id, "closes_at": "2026-05-01T12:00", "reason": "病假"},
    )

    assert form_errors(page(response)) == ["新的截止时间必须晚于比赛的截止时间。"]


def test_duplicate_opens_the_copy_for_editing(client, painting, organizer):
    response = logged_in(client, organizer).post(
        reverse("competition_duplicate", kwargs={"competition_id": painting.pk})
    )

    copy = Competition.objects.get(code="HH2")
    assert response.url == reverse("competition_edit", kwargs={"competition_id": copy.pk})
    assert copy.name == "科技创新绘画（副本）"


def test_delete_with_entries_is_refused_with_the_reason(client, painting, organizer, usage):
    from competitions.hooks import Usage

    usage["usage"] = Usage(entries=3)

    response = logged_in(client, organizer).post(
        reverse("competition_delete", kwargs={"competition_id": painting.pk}), follow=True
    )

    assert texts(page(response), ".alert-danger") == ["已有3件作品，不能删除这个比赛项目。"]
    assert Competition.objects.filter(pk=painting.pk).exists()


# --- constant queries -----------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 4])
def test_festival_page_queries_do_not_grow_with_competitions(
    client, festival, organizer, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        services.competition_create_from_template(
            festival=festival, key="paper_plane", start=dt.date(2026, 4, 11), by=organizer
        )
    logged_in(client, organizer)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("festival_detail", kwargs={"festival_slug": festival.slug}))

    assert len(page(response).select(".competition-card")) == 4 + extra


@pytest.mark.parametrize("count", [1, 4])
def test_festival_list_queries_do_not_grow_with_festivals(
    client, school, organizer, count, django_assert_max_num_queries
):
    for n in range(count):
        services.festival_create(
            school=school,
            name=f"第{n + 1}届科技节",
            year=2020 + n,
            slug=f"y{n}",
            start=dt.date(2020 + n, 4, 1),
            by=organizer,
        )
    logged_in(client, organizer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("festival_list"))

    assert len(page(response).select(".list-group-item")) == count


def test_competition_not_open_yet_shows_when_it_opens(client, running_festival, student):
    soup = page(logged_in(client, student).get(reverse("festival_detail", kwargs={"festival_slug": "now"})))

    poster = running_festival.competitions.get(code="BB")
    opens = timezone.localtime(poster.submission_opens, SHANGHAI)
    card = soup.select_one("#competition-BB")
    assert texts(card, ".badge") == ["未开始"]
    assert texts(card, ".opens") == [f"{opens.month}月{opens.day}日 08:00开始提交"]
    assert card.select(".js-countdown") == []


def test_festival_page_in_english(client, festival, student):
    client.cookies["django_language"] = "en"

    soup = page(logged_in(client, student).get(reverse("festival_detail", kwargs={"festival_slug": festival.slug})))

    assert texts(soup, ".phase-name") == [
        "Publicity and kick-off",
        "Preparation and submission",
        "Judging",
        "Summary and public notice",
    ]
    rules = dict(zip(texts(soup, "#competition-HH dt"), texts(soup, "#competition-HH dd"), strict=True))
    assert rules["How"] == "Individual entries, at most 1 entry per student."
    assert rules["Quota"] == "Each class sends its best 2 to 3 entries."


def test_ticking_a_section_opens_all_its_grades(client, painting, organizer):
    data = competition_post(painting, eligible_grades=[3])
    data["eligible_sections"] = ["junior"]

    response = logged_in(client, organizer).post(
        reverse("competition_edit", kwargs={"competition_id": painting.pk}), data
    )

    painting.refresh_from_db()
    assert response.status_code == 302
    assert painting.grade_numbers == [3, 7, 8, 9]


def test_no_grade_and_no_section_is_refused_on_the_form(client, painting, organizer):
    data = competition_post(painting)
    data["eligible_grades"] = []

    response = logged_in(client, organizer).post(
        reverse("competition_edit", kwargs={"competition_id": painting.pk}), data
    )

    assert form_errors(page(response)) == ["请至少选择一个年级。"]


def test_nothing_of_another_school_opens(client, painting, organizer, student, other_organizer):
    extension = services.extension_grant(
        competition=painting,
        school_class=student.school_class,
        closes_at=shanghai(2026, 5, 9, 12),
        reason="研学旅行",
        by=organizer,
    )
    logged_in(client, other_organizer)

    assert client.get(reverse("competition_detail", kwargs={"competition_id": painting.pk})).status_code == 404
    assert client.post(reverse("extension_revoke", kwargs={"pk": extension.pk})).status_code == 404
    assert ClassExtension.objects.count() == 1
    assert logged_in(client, student).post(reverse("extension_revoke", kwargs={"pk": extension.pk})).status_code == 403
