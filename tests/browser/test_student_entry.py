"""A student creates an entry with a photo, submits it and finds it in the gallery; the entry page fits a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions import services
from submissions.models import Entry, EntryState
from tests import corpus
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.competitions import CompetitionFactory
from tests.factories.schools import PASSWORD


@pytest.fixture
def competition(festival):
    """科技创新制作, open now on the real clock the live server uses."""
    now = timezone.now()
    return CompetitionFactory(
        festival=festival,
        invention=True,
        submission_opens=now - dt.timedelta(days=1),
        submission_closes=now + dt.timedelta(days=5),
        judging_opens=now + dt.timedelta(days=6),
        judging_closes=now + dt.timedelta(days=9),
    )


@pytest.mark.django_db(transaction=True)
def test_student_creates_submits_and_finds_the_entry_in_the_gallery(page, login, competition, student):
    login(page, student.username, PASSWORD)

    page.goto("/entries/")
    with page.expect_navigation():
        page.get_by_role("link", name="创建作品").click()
    page.fill("#id_title", "自动浇花器")
    page.select_option("#id_detail_subtype", "invention")
    page.fill("#id_detail_design_idea", "利用虹吸原理给花浇水。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存草稿").click()
    assert page.locator("#entry-title").inner_text() == "自动浇花器"

    page.set_input_files(
        "#id_file",
        [
            {"name": "浇花器.jpg", "mimeType": "image/jpeg", "buffer": corpus.jpeg(size=(64, 48))},
            {"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": corpus.SVG},
        ],
    )
    page.locator("#attachments-result .attachment-card").wait_for()
    page.locator(".upload-refused").wait_for()
    assert page.locator(".upload-refused .upload-status").inner_text() == (
        "“logo.svg”是网页或 SVG 图形，可能带有脚本。请改为上传它的照片或 PDF。"
    )
    assert page.locator("#entry-title").inner_text() == "自动浇花器"
    # What is still missing is brought up to date without leaving the page.
    # (expect, not wait_for_function with an expression: the page's CSP forbids the eval that would take.)
    expect(page.locator("#missing li")).to_have_count(1)
    assert page.locator("#missing li").inner_text() == "本人原创声明"
    # The box came back from the server (htmx); its save button is still only for pages without script.
    assert page.locator("#declaration button[type=submit]").is_hidden()

    with page.expect_navigation():
        page.check("#id_declared")
    assert page.locator("#missing").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="提交作品").click()

    entry = Entry.objects.get(competition=competition)
    assert (entry.state, entry.originality_declared, entry.attachments.count()) == (EntryState.SUBMITTED, True, 1)
    assert page.locator(".entry-header .entry-state").inner_text() == "已提交"

    page.goto("/gallery/")
    card = page.locator(f"#gallery-entry-{entry.pk}")
    assert card.locator("figcaption a").first.inner_text() == "自动浇花器"
    card.locator("a.js-lightbox").click()
    page.locator("#lightbox.show").wait_for()
    assert page.locator("#lightbox-title").inner_text() == f"{entry.code} 自动浇花器"
    assert re.search(r"/attachments/\d+/file/$", page.locator("#lightbox-image").get_attribute("src"))


@pytest.mark.django_db(transaction=True)
def test_entry_page_fits_a_phone(phone_page, login, competition, student):
    entry = services.entry_create(
        competition=competition,
        by=student,
        title="一个名字很长很长很长很长很长很长很长很长很长很长很长很长的发明作品",
        details={"subtype": "invention", "design_idea": "很长的说明" * 40},
    )
    services.attachment_add(
        entry=entry,
        by=student,
        file=corpus.upload("长长长长长长长长长长长长长长长长长长长长长的名字.jpg", corpus.jpeg()),
    )
    login(phone_page, student.username, PASSWORD)

    phone_page.goto(f"/entries/{entry.pk}/")

    assert phone_page.locator("#entry-title").is_visible()
    assert_no_horizontal_scroll(phone_page)
    phone_page.goto("/entries/")
    assert_no_horizontal_scroll(phone_page)
    phone_page.goto("/gallery/")
    assert_no_horizontal_scroll(phone_page)
