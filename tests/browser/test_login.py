import pytest

from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.schools import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_login_page_fits_a_phone(phone_page):
    phone_page.goto("/accounts/login/")
    assert phone_page.locator("h1").inner_text() != ""
    assert_no_horizontal_scroll(phone_page)


@pytest.mark.django_db(transaction=True)
def test_student_logs_in_with_student_number(page, login, student):
    login(page, student.student_number, PASSWORD)
    assert page.url.endswith("/")
    assert student.real_name in page.locator("h1").inner_text()


@pytest.mark.django_db(transaction=True)
def test_student_must_change_the_password_at_first_login_then_sees_home(phone_page, login, student):
    student.must_change_password = True
    student.save()
    page = phone_page

    login(page, "20240201", PASSWORD)

    assert "/accounts/password/" in page.url
    assert "这是你第一次用纸条上的密码登录" in page.locator(".alert-info").inner_text()
    page.goto("/")  # nothing else opens before the password is changed
    assert "/accounts/password/" in page.url
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", "Xingkong-2026")
    page.fill("input[name=new_password2]", "Xingkong-2026")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".alert-success").inner_text().strip() == "密码已修改。"
    assert page.locator("h1").inner_text() == "王小明，你好"
    assert "三年级2班" in page.locator("#student-home").inner_text()
    assert_no_horizontal_scroll(page)
    student.refresh_from_db()
    assert student.must_change_password is False
