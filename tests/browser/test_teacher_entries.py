"""Browser tests of the head teachers' entry pages: the shortlist up to the quota, and hand-in by QR link on a phone."""

import pytest

from submissions.models import Entry, EntryState
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.competitions import CompetitionFactory
from tests.factories.schools import PASSWORD, StudentFactory
from tests.factories.submissions import submitted_entry


@pytest.mark.django_db(transaction=True)
def test_head_teacher_shortlists_up_to_the_quota_and_is_then_told_the_places_are_used_up(
    phone_page, login, festival, head_teacher, school_class
):
    page = phone_page
    competition = CompetitionFactory(festival=festival, open_now=True, class_quota=2)
    for name in ("王小明", "李雨萱", "张子涵"):
        submitted_entry(competition, StudentFactory(school_class=school_class, real_name=name))
    login(page, head_teacher.username, PASSWORD)

    page.goto(f"/classes/{school_class.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="科技创新制作").click()
    assert page.get_by_test_id("quota").inner_text() == "已选送 0/2"
    assert_no_horizontal_scroll(page)

    for _ in range(2):
        with page.expect_navigation():
            page.locator("#students").get_by_test_id("shortlist-add").first.click()
        assert page.locator(".alert-success").count() == 1
    assert page.get_by_test_id("quota").inner_text() == "已选送 2/2"
    assert page.locator("#shortlist li").count() == 2

    # No button that the server would refuse: the third entry says why, in the service's words.
    refusal = "三年级2班 的“科技创新制作”2 个名额已用完。请先移除一件再添加。"
    assert page.locator("#students").get_by_test_id("shortlist-add").count() == 0
    assert page.locator("#students").get_by_test_id("shortlist-refusal").inner_text() == refusal
    assert page.get_by_test_id("quota").inner_text() == "已选送 2/2"
    assert Entry.objects.filter(state=EntryState.RECOMMENDED).count() == 2
    assert_no_horizontal_scroll(page)


@pytest.mark.django_db(transaction=True)
def test_teacher_opens_a_labels_qr_link_on_a_phone_and_marks_the_work_received(
    page, phone_page, login, festival, head_teacher, student
):
    entry = submitted_entry(CompetitionFactory(festival=festival, open_now=True), student)
    # At the desk: the labels are printed, each with the QR code of its entry's address.
    login(page, head_teacher.username, PASSWORD)
    page.goto("/labels/")
    label = page.get_by_test_id("entry-label")
    assert label.locator(".label-code").inner_text() == entry.code
    url = label.get_attribute("data-url")
    assert url.endswith(f"/entries/{entry.pk}/")

    # In the corridor: the phone scans the code and opens that address.
    login(phone_page, head_teacher.username, PASSWORD)
    phone_page.goto(url)
    assert_no_horizontal_scroll(phone_page)
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="登记收到实物").click()

    assert phone_page.locator(".alert-success").inner_text() == f"{entry.code} 已登记为收到。"
    assert phone_page.get_by_test_id("received-note").inner_text().strip().startswith("周老师 已收到，")
    received = Entry.objects.get(pk=entry.pk)
    assert received.received_by == head_teacher
    assert received.received_at is not None
    assert_no_horizontal_scroll(phone_page)
