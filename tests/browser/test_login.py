import pytest

from tests.browser.conftest import assert_no_horizontal_scroll
from tests.factories import PASSWORD


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
