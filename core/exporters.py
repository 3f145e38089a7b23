"""The exporter framework: one class per spreadsheet (or PDF), yielding a header and rows per sheet, and the
registry of every exporter.

Each app registers its own exporters from ``AppConfig.ready()`` with ``register`` (the class rosters are
the schools app's, the award lists the awards app's), as pretix's ``register_data_exporters`` signal does;
the exports app, on top, lists ``EXPORTERS``. An exporter knows nothing of Celery:
``exports.services.export_build`` runs it into a temporary file and reports progress; the command line
runs the same class synchronously. Sheets are written by ``write_sheets`` (which the roster template and
the credentials sheet use too) with openpyxl's write-only mode, so memory stays flat however many rows
there are, and are set up to print the way schools print lists: A4, a title row, the header repeated on
every page, frozen header, column widths that fit Chinese text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, ClassVar

from django.db.models import Model
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

ProgressCallback = Callable[[int], None]

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_SIZE = 11
_HINT_SIZE, _HINT_COLOR = 10, "555555"
# Read and typed in character by character (passwords): large, in a font that tells 0 from O and 1 from l.
_CODE_FONT = Font(name="Consolas", size=14, bold=True)
# How many rows to look at when fitting a column without a fixed width.
FIT_SAMPLE = 200
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# What a spreadsheet program may take for the start of a formula (OWASP, "CSV Injection"): a title or name
# typed like ``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` must stay the text that was typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Look:
    """How a sheet prints. Body cells name styles registered once per workbook (``<name> body``, ``<name>
    heading``, ``<name> code``): setting font and border on each of 200,000 cells hashes both every time and
    took most of the time of a district's award list."""

    name: str
    font: str
    title_size: int
    body_size: int
    # The title merged across the columns and centred, in a taller row, as on a handout.
    title_centred: bool = False
    row_height: float | None = None  # of body rows; None: Excel's own
    margin: float = 0.4  # left and right, in inches
    header_wrap: bool = True
    middle: bool = False  # body cells centred vertically (in taller rows)


# Lists: award lists, class rosters, score sheets; many rows, compact.
LIST = Look("kejijie", font="SimSun", title_size=14, body_size=11)
# Handed to people: the roster template, the credentials slips cut apart for each pupil.
HANDOUT = Look(
    "kejijie handout",
    font="等线",  # Office's default CJK font; viewers without it fall back to any CJK font
    title_size=16,
    body_size=12,
    title_centred=True,
    row_height=24,
    margin=0.5,
    header_wrap=False,
    middle=True,
)


@dataclass
class Column:
    header: str
    width: float | None = None  # in Excel character units; None: fitted to the header and the first rows
    number_format: str | None = None
    wrap: bool = False  # long text wraps within the column's width
    code: bool = False  # printed large in a monospace font, to be typed in exactly (initial passwords)


@dataclass(frozen=True)
class Heading:
    """A row naming the group of rows below it (一年级, 小学 …): bold, merged across the sheet's columns."""

    text: str


@dataclass
class Sheet:
    """One worksheet: a title printed above the header, the columns and the rows (an iterable).

    A row is a sequence of values, or a ``Heading`` that starts a group of rows. A ``hint`` is a line of
    instructions between the title and the header, printed on every page with them.
    """

    name: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    landscape: bool = False
    extra: dict = field(default_factory=dict)
    hint: str = ""
    look: Look = LIST


def text_width(value: Any) -> float:
    """How wide a value prints, in Excel character units: CJK and full-width characters take two."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def safe_sheet_title(title: str, taken: set[str]) -> str:
    """Excel forbids []:*?/\\ in sheet names and allows 31 characters; names must be unique."""
    base = _SHEET_TITLE_FORBIDDEN.sub("_", title).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


class BaseExporter:
    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    description: ClassVar[str] = ""
    extension: ClassVar[str] = "xlsx"
    content_type: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # The django-rules permission a user needs to ask for this export.
    permission: ClassVar[str]
    # Whether the export is of one festival (award lists, certificates) rather than of the school.
    needs_festival: ClassVar[bool] = False
    # The exports page lists exporter classes: templates must read their attributes, not call the class.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(
        self,
        *,
        school: Model,
        festival: Model | None = None,
        params: dict | None = None,
        user: Model | None = None,
    ) -> None:
        if self.needs_festival and festival is None:
            raise ValueError(f"{self.identifier} needs a festival")
        self.school = school
        self.festival = festival
        self.params = params or {}
        self.user = user

    def get_filename(self) -> str:
        """获奖名单_第二届科技节_2026-12-01.xlsx: what it is, of which festival (or school), and when."""
        today = timezone.localdate()
        of = self.festival.name if self.festival else self.school.name
        return f"{self.verbose_name}_{of}_{today:%Y-%m-%d}.{self.extension}"

    def write(self, out: IO[bytes], progress: ProgressCallback) -> None:
        raise NotImplementedError


# Every exporter by identifier, in the order the exports page lists them; filled by the apps' ready().
EXPORTERS: dict[str, type[BaseExporter]] = {}


def register(*exporters: type[BaseExporter]) -> None:
    for exporter in exporters:
        EXPORTERS[exporter.identifier] = exporter


class SpreadsheetExporter(BaseExporter):
    """Subclasses yield ``Sheet`` objects from ``sheets()``."""

    fit_sample = FIT_SAMPLE

    def sheets(self) -> Iterator[Sheet]:
        """Sheets in order; each one's rows are consumed before the next sheet is asked for."""
        raise NotImplementedError

    def total_rows(self) -> int:
        """How many rows all sheets have together, for the progress bar (a cheap count query)."""
        return 0

    def write(self, out: IO[bytes], progress: ProgressCallback) -> None:
        total = self.total_rows()
        write_sheets(out, self.sheets(), progress=progress, total_rows=total, fit_sample=self.fit_sample)


# --- The writer ----------------------------------------------------------------------------------


def write_sheets(
    out: IO[bytes],
    sheets: Iterable[Sheet],
    *,
    progress: ProgressCallback | None = None,
    total_rows: int = 0,
    fit_sample: int = FIT_SAMPLE,
) -> None:
    """Write the sheets, print-ready, as one .xlsx workbook into ``out``.

    ``progress`` hears the percentage done, counted against ``total_rows``; ``fit_sample`` is how many rows
    are looked at when fitting a column without a fixed width.
    """
    workbook = Workbook(write_only=True)
    total = total_rows or 1
    done = 0
    taken: set[str] = set()
    registered: set[str] = set()
    for sheet in sheets:
        ws = workbook.create_sheet(safe_sheet_title(sheet.name, taken))
        _register_styles(workbook, sheet, registered)
        for written in _write_sheet(ws, sheet, fit_sample):
            done += written
            if progress:
                progress(min(99, 100 * done // total))
    if not taken:
        ws = workbook.create_sheet("—")
        ws.append([""])
    workbook.save(out)
    if progress:
        progress(100)


def _register_styles(workbook: Workbook, sheet: Sheet, registered: set[str]) -> None:
    look = sheet.look
    border, middle = _BORDER, Alignment(vertical="center") if look.middle else Alignment()
    styles = [
        (f"{look.name} body", Font(name=look.font, size=look.body_size)),
        (f"{look.name} heading", Font(name=look.font, size=look.body_size + 1, bold=True)),
    ]
    if any(column.code for column in sheet.columns):
        styles.append((f"{look.name} code", _CODE_FONT))
    for name, font in styles:
        if name not in registered:
            workbook.add_named_style(NamedStyle(name=name, font=font, border=border, alignment=middle))
            registered.add(name)


def _write_sheet(ws: Worksheet, sheet: Sheet, fit_sample: int) -> Iterator[int]:
    look = sheet.look
    rows = iter(sheet.rows)
    # Fit widths on a sample of rows; write-only sheets need widths before the first row.
    sample: list[Sequence[Any]] = []
    for row in rows:
        sample.append(row)
        if len(sample) >= fit_sample:
            break
    values = [r for r in sample if not isinstance(r, Heading)]
    for index, column in enumerate(sheet.columns, start=1):
        width = column.width
        if width is None:
            widest = max([text_width(column.header), *(text_width(r[index - 1]) for r in values)], default=4)
            width = min(60, max(6, widest + 2))
        ws.column_dimensions[get_column_letter(index)].width = width
    header_row = 3 if sheet.hint else 2

    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = look.margin
    ws.print_title_rows = f"1:{header_row}"
    ws.freeze_panes = f"A{header_row + 1}"
    ws.oddFooter.center.text = "&P / &N"

    width = len(sheet.columns)
    title = _text_cell(ws, sheet.title)
    title.font = Font(name=look.font, size=look.title_size, bold=True)
    if look.title_centred:
        title.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 30
        _merge_row(ws, 1, width)
    ws.append([title])
    if sheet.hint:
        hint = _text_cell(ws, sheet.hint)
        hint.font = Font(name=look.font, size=_HINT_SIZE, italic=True, color=_HINT_COLOR)
        hint.alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[2].height = 32
        _merge_row(ws, 2, width)
        ws.append([hint])
    header_font = Font(name=look.font, size=_HEADER_SIZE, bold=True)
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=look.header_wrap or None)
    header = []
    for column in sheet.columns:
        cell = _text_cell(ws, column.header)
        cell.font, cell.fill, cell.border = header_font, _HEADER_FILL, _BORDER
        cell.alignment = header_alignment
        header.append(cell)
    ws.append(header)

    style_of = _column_styles(ws, look, sheet.columns)
    batch = 0
    row_number = header_row
    for row in _chain(sample, rows):
        row_number += 1
        if isinstance(row, Heading):
            _write_heading(ws, look, row, row_number, width)
        else:
            if look.row_height:
                ws.row_dimensions[row_number].height = look.row_height
            ws.append(_body_cells(ws, row, style_of))
        batch += 1
        if batch == 500:
            yield batch
            batch = 0
    yield batch


def _merge_row(ws: Worksheet, row_number: int, width: int) -> None:
    if width > 1:
        ws.merged_cells.add(f"A{row_number}:{get_column_letter(width)}{row_number}")


def _column_styles(ws: Worksheet, look: Look, columns: Sequence[Column]) -> Callable[[int, Any], Any]:
    """The style of a body cell per column and kind of value, looked up once per sheet, not per cell:
    naming a style or a number format on each of 100,000 cells cost more than writing them."""
    cache: dict = {}

    def style_of(index: int, value: Any):
        column = columns[index] if index < len(columns) else None
        number_format = column.number_format if column else None
        if not number_format and isinstance(value, dt.date):
            number_format = "yyyy-mm-dd"
        key = (index, number_format)
        if key not in cache:
            template = WriteOnlyCell(ws)
            template.style = f"{look.name} {'code' if column and column.code else 'body'}"
            if number_format:
                template.number_format = number_format
            if column and column.wrap:
                template.alignment = Alignment(wrap_text=True, vertical="center" if look.middle else None)
            cache[key] = template._style
        return cache[key]

    return style_of


def _body_cells(ws: Worksheet, row: Sequence[Any], style_of: Callable[[int, Any], Any]) -> list[WriteOnlyCell]:
    cells = []
    for index, value in enumerate(row):
        written = _cell_value(value)
        cell = WriteOnlyCell(ws, value=written)
        cell._style = copy(style_of(index, value))
        if (written.__class__ is str and written.startswith(FORMULA_STARTS)) or cell.data_type == "e":
            _keep_as_text(cell)
        cells.append(cell)
    return cells


def _write_heading(ws: Worksheet, look: Look, heading: Heading, row_number: int, width: int) -> None:
    cells = []
    for index in range(max(1, width)):
        cell = _text_cell(ws, heading.text if index == 0 else None, style=f"{look.name} heading")
        cells.append(cell)
    ws.append(cells)
    _merge_row(ws, row_number, width)


def _text_cell(ws: Worksheet, value: Any, style: str = "") -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if style:  # a named style replaces the whole style, quote prefix included: set it first
        cell.style = style
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or cell.data_type == "e"):
        _keep_as_text(cell)
    return cell


def _keep_as_text(cell: WriteOnlyCell) -> None:
    """Write a string that looks like a formula (or an error such as ``#N/A``) as the text it is.

    openpyxl makes any string starting with "=" a formula, which Excel and WPS evaluate on opening. As a
    string cell it is shown exactly as typed ("-5度的冰", "+1" too); the quote prefix (Excel's leading
    apostrophe, kept out of the value) keeps it text when someone edits the cell and presses Enter.
    """
    cell.data_type = "s"
    cell.quotePrefix = True


def _chain(sample: list, rest: Iterator) -> Iterator:
    yield from sample
    yield from rest


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write the wall-clock time of the school.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None:
        return ""
    if isinstance(value, Decimal):  # scores: a number Excel can sum, shown through the column's number format
        return float(value)
    if isinstance(value, (str, int, float, dt.date)):
        return value
    return str(value)
