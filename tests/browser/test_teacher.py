import pytest

from schools.models import User
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.schools import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_head_teacher_gives_a_student_a_new_password_on_a_phone(phone_page, login, head_teacher, student):
    page = phone_page
    login(page, head_teacher.username, PASSWORD)

    page.goto(f"/classes/{student.school_class_id}/")
    assert page.locator("h1").inner_text() == "三年级2班"
    assert_no_horizontal_scroll(page)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="新密码").click()

    new_password = page.get_by_test_id("new-password").inner_text()
    assert page.locator(".slip-name").inner_text() == "王小明"
    assert page.locator(".slip-username").inner_text() == "20240201"
    assert User.objects.get(pk=student.pk).check_password(new_password)
    assert_no_horizontal_scroll(page)


@pytest.mark.django_db(transaction=True)
def test_dismissing_the_confirmation_changes_nothing(page, login, head_teacher, student):
    login(page, head_teacher.username, PASSWORD)
    page.goto(f"/classes/{student.school_class_id}/")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="新密码").click()

    assert page.url.endswith(f"/classes/{student.school_class_id}/")
    assert User.objects.get(pk=student.pk).check_password(PASSWORD)
