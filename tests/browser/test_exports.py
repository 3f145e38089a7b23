"""The exports page with a real Celery worker: ask for a spreadsheet, watch it queue, and download it once the
worker has built it, without reloading the page (htmx asks for the export's row again every second).

The worker is started only after the page shows the export queued, so the page is seen in both states every
time; the message waits on the broker (its own queue, see tests/worker.py) meanwhile.
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from exports.models import Export
from tests.browser.layout import assert_no_horizontal_scroll
from tests.factories.competitions import FestivalFactory
from tests.factories.schools import PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Starting the worker takes a few seconds, building these small spreadsheets well under one; the page polls
# once a second. Generous for a loaded CI machine, still bounded.
BUILT_WITHIN_MS = 60_000


def texts(locator) -> list[str]:
    return [" ".join(t.split()) for t in locator.all_inner_texts()]


def expect_queued_then_ready(page, row, start_worker) -> None:
    """The row shows the export queued with a progress bar; once a worker runs, the download link replaces it
    in the same document."""
    expect(row.locator("progress.export-progress")).to_be_visible()
    expect(row.locator(".export-state-label")).to_have_text("排队中")
    expect(row.get_by_role("link", name="下载")).to_have_count(0)
    page.evaluate("window.__sameDocument = true")  # gone if the page were reloaded

    worker = start_worker()
    try:
        expect(row.get_by_role("link", name="下载")).to_be_visible(timeout=BUILT_WITHIN_MS)
    except AssertionError as exc:
        export = Export.objects.order_by("-pk").first()
        raise AssertionError(
            f"no download link; export {export.state!r} {export.error!r}; worker log:\n"
            + worker.log_path.read_text()[-3000:]
        ) from exc
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    expect(row.locator(".export-state .badge")).to_have_text("已完成")
    expect(row.locator("progress")).to_have_count(0)


def download(page, row, tmp_path):
    with page.expect_download(timeout=30_000) as info:
        row.get_by_role("link", name="下载").click()
    file = info.value
    assert file.failure() is None
    path = tmp_path / "download.xlsx"
    file.save_as(path)
    return file.suggested_filename, load_workbook(path)


def test_organizer_asks_for_the_award_list_and_downloads_it_when_the_worker_has_built_it(
    page,
    login,
    start_celery_worker,
    organizer,
    award_festival,
    tmp_path,
):
    # A newer festival without results yet: the page offers the one with results first.
    FestivalFactory(
        school=organizer.school, year=2027, name="第三届科技节", slug="2027", theme="", status="draft", phases=False
    )
    login(page, organizer.username, PASSWORD)
    with page.expect_navigation():
        page.locator("#main-nav").get_by_role("link", name="导出", exact=True).click()
    assert page.url.endswith("/exports/")
    expect(page.locator("#id_festival")).to_have_value(str(award_festival.festival.pk))
    with page.expect_navigation():
        # Not exact: a button's name starts with its icon's glyph (Bootstrap Icons draw it in ::before).
        page.get_by_role("button", name="获奖名单").click()
    export = Export.objects.get()
    assert (export.kind, export.festival_id, export.state) == ("award_list", award_festival.festival.pk, "queued")
    row = page.locator("tr.js-export").first
    assert texts(row.locator("td").first) == ["获奖名单 第二届科技节"]

    expect_queued_then_ready(page, row, start_celery_worker)

    name, workbook = download(page, row, tmp_path)
    assert name.startswith("获奖名单_第二届科技节_") and name.endswith(".xlsx"), name
    sheet = workbook["科技创新制作"]
    awarded = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[1]]
    first = awarded[0]
    assert (first[1], first[2], first[9]) == ("2026-HH-0004", "自动浇花器", "一等奖")
    assert len(awarded) == 7


def test_head_teacher_asks_for_the_entries_of_their_class_on_a_phone(
    phone_page,
    login,
    start_celery_worker,
    head_teacher,
    award_festival,
    tmp_path,
):
    page = phone_page
    login(page, head_teacher.username, PASSWORD)
    page.get_by_role("button", name="菜单").click()
    with page.expect_navigation():
        page.locator("#main-nav").get_by_role("link", name="导出", exact=True).click()
    assert page.url.endswith("/exports/")

    # Only what a teacher may ask for: the entries of the classes they head, and the class roster.
    assert texts(page.locator("[data-testid=festival-exports] button")) == ["参赛作品汇总"]
    assert texts(page.locator("[data-testid=school-exports] button")) == ["学生名单"]
    assert texts(page.locator("#id_festival option")) == ["第二届科技节（2026）"]
    assert_no_horizontal_scroll(page)

    with page.expect_navigation():
        page.get_by_role("button", name="参赛作品汇总").click()
    row = page.locator("tr.js-export").first
    assert texts(row.locator("td").first) == ["参赛作品汇总 第二届科技节"]
    assert_no_horizontal_scroll(page)

    expect_queued_then_ready(page, row, start_celery_worker)
    assert_no_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "exports-phone.png"), full_page=True)  # to look at: pytest keeps tmp_path

    name, workbook = download(page, row, tmp_path)
    assert name.startswith("参赛作品汇总_第二届科技节_") and name.endswith(".xlsx"), name
    assert workbook.sheetnames == ["三年级2班"]  # not 四年级1班, headed by another teacher
    entries = {row[1]: row for row in workbook["三年级2班"].iter_rows(min_row=3, values_only=True) if row[1]}
    assert entries["2026-HH-0004"][2] == "自动浇花器"
    assert (entries["2026-HH-0004"][8], entries["2026-HH-0004"][9]) == ("是", "周老师")  # handed in, to 周老师
    assert "2026-HH-0007" not in entries
