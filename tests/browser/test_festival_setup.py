"""An organizer sets up this year's festival from the school plan and edits a rubric; students then see
the competitions of their grade with a countdown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from competitions.models import Competition
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.schools import PASSWORD, SchoolClassFactory, StudentFactory


def texts(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


@pytest.mark.django_db(transaction=True)
def test_organizer_sets_up_a_festival_then_students_see_their_grade(page, phone_page, login, organizer, student):
    SchoolClassFactory(grade=student.school_class.grade, number=1)  # 三年级 has two classes
    grade8 = StudentFactory(
        school_class=SchoolClassFactory(grade__school=organizer.school, grade__number=8, number=1),
        real_name="李初二",
        student_number="20230101",
    )
    start = timezone.localdate() - dt.timedelta(days=6)

    # The organizer creates the festival from the school plan.
    login(page, organizer.username, PASSWORD)
    with page.expect_navigation():
        page.click("#nav-festivals")
    with page.expect_navigation():
        page.click("text=新建科技节")
    page.fill("input[name=name]", "第二届科技节")
    page.fill("input[name=slug]", "now")
    page.fill("input[name=start]", start.isoformat())
    assert page.locator("input[name=setup][value=plan]").is_checked()
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert texts(page, ".alert-success") == ["科技节已创建。请核对日期，然后发布。"]
    assert texts(page, ".competition-card h3") == ["科技创新制作", "科普板报", "科技创新绘画", "科技小论文与观察日记"]
    assert texts(page, ".phase-current .phase-name") == ["准备/提交"]

    # … publishes it …
    with page.expect_navigation():
        page.click("text=编辑科技节和阶段")
    page.select_option("select[name=status]", "published")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert texts(page, ".alert-success") == ["科技节已保存。"]

    # … opens the painting competition to 三年级 only …
    with page.expect_navigation():
        page.locator("#competition-HH").get_by_role("link", name="编辑").click()
    expect(page.locator("input[name=team_max_size]")).to_be_hidden()  # an individual competition
    page.select_option("select[name=entry_mode]", "team")
    expect(page.locator("input[name=team_max_size]")).to_be_visible()
    page.select_option("select[name=entry_mode]", "individual")
    for box in page.locator("input[name=eligible_grades]").all():
        box.set_checked(box.get_attribute("value") == "3")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert texts(page, ".alert-success") == ["比赛项目已保存。"]

    # … and edits its rubric, watching the sum as it types.
    with page.expect_navigation():
        page.get_by_role("link", name="评分标准").click()
    expect(page.locator("#rubric-total")).to_have_text("100")
    expect(page.locator("#rubric-status")).to_have_text("合计正好100分。")
    rows = page.locator(".js-criteria-list [data-row]")
    rows.nth(0).locator("input[name$='-max_points']").fill("40")
    expect(page.locator("#rubric-status")).to_have_text("超出100分10分。")
    rows.nth(3).locator(".js-remove").click()
    expect(page.locator("#rubric-total")).to_have_text("95")
    expect(page.locator("#rubric-status")).to_have_text("还差5分才到100分。")
    page.click(".js-add-criterion")
    new_row = page.locator(".js-criteria-list [data-row]").last
    new_row.locator("input[name$='-name']").fill("创意表达")
    new_row.locator("input[name$='-description']").fill("表达方式新颖")
    new_row.locator("input[name$='-max_points']").fill("5")
    new_row.locator(".js-up").click()
    expect(page.locator("#rubric-status")).to_have_text("合计正好100分。")
    with page.expect_navigation():
        page.click("text=保存评分标准")
    assert texts(page, ".alert-success") == ["评分标准已保存。"]
    assert texts(page, "#rubric-table tbody td:first-child") == ["想象力", "科学性", "创意表达", "绘画水平"]
    painting = Competition.objects.get(festival__slug="now", code="HH")
    assert [(c.name, c.max_points) for c in painting.criteria.all()] == [
        ("想象力", 40),
        ("科学性", 25),
        ("创意表达", 5),
        ("绘画水平", 30),
    ]

    # A 三年级 student sees the painting competition and its countdown, on a phone.
    login(phone_page, student.student_number, PASSWORD)
    assert texts(phone_page, "#current-festival h2") == ["第二届科技节"]
    with phone_page.expect_navigation():
        phone_page.locator("#current-festival").get_by_role("link", name="比赛项目和截止时间").click()
    phone_page.wait_for_selector("#competition-HH")
    assert "科技创新绘画" in texts(phone_page, ".competition-card h3")
    countdown = phone_page.locator("#competition-HH .js-countdown").inner_text()
    assert re.fullmatch(r"还剩\d+天\d+小时\d+分钟", countdown), countdown
    assert_no_horizontal_scroll(phone_page)

    # A 初二 student does not.
    page.context.clear_cookies()
    login(page, grade8.student_number, PASSWORD)
    page.goto("/festivals/now/")
    assert texts(page, ".competition-card h3") == ["科技创新制作", "科普板报", "科技小论文与观察日记"]
    response = page.goto(f"/competitions/{painting.pk}/")
    assert response.status == 404
