"""python manage.py export_awards FESTIVAL --out FILE: the award list built synchronously by the same exporter."""

from __future__ import annotations

import os

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories.competitions import FestivalFactory

pytestmark = pytest.mark.django_db


def _award_rows(path) -> list[tuple]:
    sheet = load_workbook(path)["科技创新制作"]
    return [(r[1], r[9]) for r in sheet.iter_rows(min_row=3, values_only=True) if r[1]]


def test_the_award_list_is_written_to_the_file_by_short_name(award_festival, tmp_path, capsys):
    out = tmp_path / "out" / "获奖名单.xlsx"

    call_command("export_awards", "2026", "--out", str(out))

    assert _award_rows(out)[:3] == [("2026-HH-0004", "一等奖"), ("2026-HH-0002", "二等奖"), ("2026-HH-0005", "二等奖")]
    assert load_workbook(out).sheetnames == ["科技小论文", "科技创新制作", "手抛飞机"]
    assert capsys.readouterr().out.startswith(f"第二届科技节的获奖名单已写入 {out}")
    assert [p.name for p in out.parent.iterdir()] == ["获奖名单.xlsx"]  # no temporary file left beside it
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # like any file the user makes, not private


def test_the_festival_may_be_given_by_id_and_the_headers_in_english(award_festival, tmp_path):
    out = tmp_path / "awards.xlsx"

    call_command("export_awards", str(award_festival.festival.pk), "--out", str(out), "--language", "en")

    sheet = load_workbook(out)["科技创新制作"]
    assert [c.value for c in sheet[2]][:3] == ["No.", "Entry code", "Entry title"]


def test_other_exports_of_the_festival_by_kind(final_award_festival, tmp_path):
    # Certificates are printed for published results only: HH and FJ are published (and final) here.
    out = tmp_path / "奖状.pdf"

    call_command("export_awards", "2026", "--out", str(out), "--kind", "certificates")

    pages = PdfReader(out).pages
    first = pages[0].extract_text()
    assert len(pages) > 1  # a certificate per award, not the one page saying there are none
    assert "王小明" in first and "自动浇花器" in first and "一等奖" in first


def test_an_unknown_festival_is_refused_in_chinese_and_writes_nothing(award_festival, tmp_path):
    out = tmp_path / "x.xlsx"

    with pytest.raises(CommandError) as raised:
        call_command("export_awards", "2019", "--out", str(out))

    assert str(raised.value) == "没有科技节“2019”。"
    assert not out.exists()


def test_a_short_name_two_schools_use_needs_the_school(award_festival, other_school, tmp_path):
    FestivalFactory(school=other_school, year=2026, name="青山科技节", slug="2026", theme="", phases=False)
    out = tmp_path / "x.xlsx"

    with pytest.raises(CommandError) as raised:
        call_command("export_awards", "2026", "--out", str(out))
    call_command("export_awards", "2026", "--out", str(out), "--school", award_festival.festival.school.slug)

    assert str(raised.value) == "有多所学校的科技节简称为“2026”，请用 --school 指定学校（qingshan, xinghe）。"
    assert _award_rows(out)[0] == ("2026-HH-0004", "一等奖")


def test_an_unwritable_destination_is_a_clear_error(award_festival, tmp_path):
    (tmp_path / "blocker").write_text("a file where a folder should be")

    with pytest.raises(CommandError) as raised:
        call_command("export_awards", "2026", "--out", str(tmp_path / "blocker" / "x.xlsx"))

    assert str(raised.value).startswith(f"无法写入 {tmp_path / 'blocker' / 'x.xlsx'}：")
