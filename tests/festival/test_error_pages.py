"""403, CSRF-failure, 404 and 500 pages as production shows them (DEBUG off): in the language the person reads,
naming nothing of what went wrong inside, saying what to do next; the 500 page renders with no database at all."""

from __future__ import annotations

import errno

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadhandler import FileUploadHandler
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from festival.views import errors
from festival.views.home import HomeView
from tests import corpus
from tests.factories.competitions import CompetitionFactory
from tests.factories.submissions import draft
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


@pytest.mark.django_db
def test_a_page_of_another_role_says_in_chinese_to_ask_the_organizers(client, student):
    client.force_login(student)

    doc = page(client.get(reverse("all_entries")), status=403)

    assert text(doc.select_one("h1")) == "你无权打开此页面"
    assert text(doc.select_one(".alert p")) == "你没有权限打开这个页面；如果这不对，请联系组委会。"
    assert doc.select_one("a.btn")["href"] == reverse("home")


@pytest.mark.django_db
def test_a_post_without_its_csrf_token_says_in_chinese_to_go_back_and_refresh(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    doc = page(client.post(reverse("password_change"), {}), status=403)

    assert text(doc.select_one("h1")) == "页面已过期"
    assert text(doc.select_one(".alert p")) == "页面已过期，请返回上一页刷新后重试。"
    assert doc.select_one("html")["lang"] == "zh-hans"
    assert doc.select_one("a.btn")["href"] == reverse("home")
    assert doc.select("script:not([src])") == []
    assert doc.select("style") == []


@pytest.mark.django_db
def test_a_post_without_its_csrf_token_is_told_in_english_for_whoever_chose_english():
    client = Client(enforce_csrf_checks=True)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    doc = page(client.post(reverse("login"), {"username": "x", "password": "y"}), status=403)

    assert text(doc.select_one("h1")) == "Page expired"
    assert text(doc.select_one(".alert p")) == (
        "The page has expired. Please go back to the previous page, refresh it and try again."
    )
    assert doc.select_one("html")["lang"] == "en"


# --- A full disk ------------------------------------------------------------------------------------


class FullDiskUploadHandler(FileUploadHandler):
    """Django spooling an upload to a temporary file on a disk that is full."""

    def receive_data_chunk(self, raw_data, start):
        raise OSError(errno.ENOSPC, "No space left on device")

    def file_complete(self, file_size):  # pragma: no cover - never reached
        return None


@pytest.fixture
def open_draft(festival, student):
    competition = CompetitionFactory(festival=festival, open_now=True)
    return draft(competition, student)


@pytest.mark.django_db
def test_a_full_disk_while_a_photo_arrives_is_told_to_the_pupils_script_and_keeps_nothing(
    client, settings, student, open_draft
):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.FullDiskUploadHandler"]
    client.raise_request_exception = False
    client.force_login(student)

    response = client.post(
        reverse("attachment_upload", args=[open_draft.pk]),
        {"file": corpus.upload("IMG_0001.JPG", corpus.jpeg()), "role": "result"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 507
    assert response.json() == {"ok": False, "error": "服务器存储空间已满，作品没有保存；请通知组委会。"}
    assert open_draft.attachments.count() == 0


@pytest.mark.django_db
def test_a_full_disk_without_script_shows_a_page_saying_so(client, settings, student, open_draft):
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.FullDiskUploadHandler"]
    client.raise_request_exception = False
    client.force_login(student)

    response = client.post(
        reverse("attachment_upload", args=[open_draft.pk]), {"file": corpus.upload("a.jpg", corpus.jpeg())}
    )

    doc = page(response, status=507)
    assert text(doc.select_one("h1")) == "服务器存储空间已满"
    assert "请通知组委会" in text(doc.select_one("main"))
    assert "No space" not in response.content.decode()


@pytest.mark.django_db
def test_a_database_that_cannot_grow_is_a_full_disk_too(client, student, monkeypatch):
    def fail(self, **kwargs):
        raise OperationalError("database or disk is full")

    monkeypatch.setattr(HomeView, "get_context_data", fail)
    client.raise_request_exception = False
    client.force_login(student)

    doc = page(client.get("/"), status=507)

    assert text(doc.select_one("h1")) == "服务器存储空间已满"


def test_the_full_disk_page_renders_without_the_database():
    request = RequestFactory().get("/")
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        response = errors.server_error(request)  # as Django calls it: inside the handling of the error

    assert response.status_code == 507
    assert text(page(response, status=507).select_one("h1")) == "服务器存储空间已满"
