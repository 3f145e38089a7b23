"""404 and 500 pages as production shows them (DEBUG off): in the language the person reads, naming nothing of
what went wrong inside; the 500 page renders with no database at all."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.views.defaults import server_error

from festival.views.home import HomeView
from tests.html import page, text


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


@pytest.fixture
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def broken_home(monkeypatch):
    def fail(self, **kwargs):
        raise RuntimeError("could not connect to db.internal:5432 as kejijie")

    monkeypatch.setattr(HomeView, "get_context_data", fail)


@pytest.mark.django_db
def test_a_missing_page_says_so_in_chinese_with_the_sites_menu(client, student):
    client.force_login(student)

    doc = page(client.get("/no-such-page/"), status=404)

    assert text(doc.select_one("h1")) == "页面不存在"
    assert doc.select_one("html")["lang"] == "zh-hans"
    assert doc.select_one("#user-menu") is not None


@pytest.mark.django_db
def test_a_missing_page_is_in_english_for_whoever_chose_english(english):
    doc = page(english.get("/festivals/999999/no-such-page/"), status=404)

    assert text(doc.select_one("h1")) == "Page not found"


@pytest.mark.django_db
def test_a_server_error_is_told_in_chinese_without_the_error(client, student, broken_home):
    client.raise_request_exception = False
    client.force_login(student)

    response = client.get("/")

    doc = page(response, status=500)
    assert text(doc.select_one("h1")) == "系统出错了"
    assert "db.internal" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_is_in_english_for_whoever_chose_english(english, student, broken_home):
    english.raise_request_exception = False
    english.force_login(student)

    doc = page(english.get("/"), status=500)

    assert text(doc.select_one("h1")) == "Something went wrong on our side"
    assert doc.select_one("html")["lang"] == "en"


def test_the_server_error_page_renders_without_the_database():
    # No django_db mark: any query here fails the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert text(page(response, status=500).select_one("h1")) == "系统出错了"
