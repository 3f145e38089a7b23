"""The language of the pages (``core.middleware.LanguageMiddleware``): Chinese unless the switcher says otherwise."""

import pytest

from tests.html import page, text


@pytest.mark.django_db
def test_pages_are_chinese_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "zh-hans"
    assert "学号或用户名" in text(page(response))


@pytest.mark.django_db
def test_language_switcher_turns_pages_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    response = client.get("/accounts/login/")

    assert response["Content-Language"] == "en"
    assert "Student number or username" in text(page(response))
