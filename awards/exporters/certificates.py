"""奖状: one numbered certificate per award of a festival, a PDF ready to print on A4 landscape.

What gets a certificate, in the order they are numbered (KJJ-2026-0001, …):

1. the awarded results of the festival's *published* competitions, by competition, award, award group, rank
   and entry code; each author of a team entry gets their own (a school hands each child a certificate),
   naming the teammates; a class entry gets one naming the class;
2. the confirmed collective awards (集体奖) of classes, by section, award and rank;
3. the special awards the organizers confirmed: 科技辅导员奖 for teachers, 优秀组织奖 for classes.

Only published results get certificates: a certificate is handed to the child, so it never says more than the
honour roll does, and a competition still in judging or locked but unpublished waits for its publication (the
exports page names them). A withdrawn publication takes its certificates out again.

The text is set in Noto Serif SC, vendored in ``static/vendored/fonts/`` so a fresh machine has it with the
repository; fpdf2 embeds only the glyphs used (through fontTools), so a hundred certificates stay small.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from awards.models import CollectiveAward, Result, SpecialAward
from awards.ordering import LEVEL_ORDER, SECTION_ORDER, result_order
from competitions.models import AwardLevel
from core.exporters import BaseExporter, ProgressCallback
from core.fonts import CERTIFICATE_FONT
from schools.models import Section, User
from submissions.models import Entry, team_order

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_FILE = CERTIFICATE_FONT
FONT = "NotoSerifSC"
NUMBER_PREFIX = "KJJ"


# Colours of a school 奖状: a deep red frame and heading, a gold inner line, black text.
RED = (176, 28, 36)
GOLD = (196, 150, 52)
INK = (30, 30, 30)
GREY = (96, 96, 96)

# The page, in millimetres (A4 landscape), and the box the wording must fit in.
PAGE_W, PAGE_H = 297.0, 210.0
TEXT_LEFT, TEXT_RIGHT = 40.0, 257.0
TEXT_TOP, TEXT_BOTTOM = 70.0, 160.0
PT = 25.4 / 72  # one point in millimetres


@dataclass(frozen=True)
class Certificate:
    """The wording of one certificate, already in the export's language."""

    salutation: str  # 三年级2班 王小明 同学：
    body: str  # 在…「科技创新绘画」比赛中，作品《…》荣获
    award: str  # 一等奖, printed large
    advisor: str = ""  # 指导教师：赵辅导, bottom left
    number: str = ""


class CertificatesExporter(BaseExporter):
    identifier = "certificates"
    verbose_name = gettext_lazy("Certificates")
    description = gettext_lazy(
        "One numbered certificate per award of the published competitions, with the collective and special awards, "
        "as a PDF to print on A4 landscape."
    )
    extension = "pdf"
    content_type = "application/pdf"
    permission = "awards.export_certificates"
    needs_festival = True

    def write(self, out: IO[bytes], progress: ProgressCallback) -> None:
        certificates = self.certificates()
        progress(5)
        pdf = _new_pdf(title=f"{self.verbose_name} {self.festival.name}", author=self.school.name)
        if not certificates:
            _draw_empty(pdf, self.festival.name)
        issued = self.issue_date()
        date_text = chinese_date(issued) if _is_chinese() else date_format(issued, "j F Y")
        for n, certificate in enumerate(certificates, start=1):
            _draw_certificate(pdf, certificate, school=self.school.name, date_text=date_text)
            progress(5 + 85 * n // len(certificates))
        # Subsetting the font and writing the file happen here.
        out.write(pdf.output())
        progress(100)

    # --- what is awarded -------------------------------------------------------------------------

    def certificates(self) -> list[Certificate]:
        """Every certificate of the festival, numbered in a stable order."""
        found = [*self._result_certificates(), *self._collective_certificates(), *self._special_certificates()]
        year = self.festival.year
        return [replace(c, number=f"{NUMBER_PREFIX}-{year}-{n:04d}") for n, c in enumerate(found, start=1)]

    def _where(self) -> dict[str, str]:
        return {"festival": self.festival.name, "school": self.school.name}

    def _result_certificates(self) -> Iterator[Certificate]:
        results = sorted(
            Result.objects.filter(competition__festival=self.festival, competition__published_at__isnull=False)
            .exclude(level="")
            .select_related("competition", "entry__school_class__grade", "entry__advisor"),
            key=result_order,
        )
        authors = _authors_of([r.entry_id for r in results])
        separator = pgettext("list separator", ", ")
        for result in results:
            entry = result.entry
            # The wording puts the title in 《》 (or quotes): drop a pair the student typed themselves.
            title = entry.title.strip().removeprefix("《").removesuffix("》")
            words = {**self._where(), "competition": result.competition.name, "title": title}
            award = str(AwardLevel(result.level).label)
            advisor = _("Advisor: %(name)s") % {"name": entry.advisor.real_name} if entry.advisor else ""
            team = authors.get(entry.pk, [])
            if entry.is_class_entry or not team:
                yield Certificate(
                    salutation=_("To %(class)s:") % {"class": entry.school_class.name},
                    body=_solo_body(words),
                    award=award,
                    advisor=advisor,
                )
                continue
            for author in team:
                partners = [a.real_name for a in team if a.pk != author.pk]
                school_class = author.school_class or entry.school_class
                yield Certificate(
                    salutation=_("To %(name)s of %(class)s:") % {"name": author.real_name, "class": school_class.name},
                    body=_team_body({**words, "partners": separator.join(partners)}) if partners else _solo_body(words),
                    award=award,
                    advisor=advisor,
                )

    def _collective_certificates(self) -> Iterator[Certificate]:
        awards = sorted(
            CollectiveAward.objects.filter(festival=self.festival, confirmed=True)
            .exclude(level="")
            .select_related("school_class__grade"),
            key=lambda a: (
                SECTION_ORDER.get(a.section, len(SECTION_ORDER)),
                LEVEL_ORDER.get(a.level, len(LEVEL_ORDER)),
                a.rank or 0,
                a.school_class.grade.number,
                a.school_class.number,
            ),
        )
        for award in awards:
            section = str(Section(award.section).label) if award.section in SECTION_ORDER else award.section
            yield Certificate(
                salutation=_("To %(class)s:") % {"class": award.school_class.name},
                body=_("At the %(festival)s of %(school)s, in the %(section)s section, your class has won the")
                % {**self._where(), "section": section},
                award=_("Collective award: %(award)s") % {"award": AwardLevel(award.level).label},
            )

    def _special_certificates(self) -> Iterator[Certificate]:
        awards = SpecialAward.objects.filter(festival=self.festival).select_related("teacher", "school_class__grade")
        advisors = sorted(
            (a for a in awards if a.kind == SpecialAward.Kind.ADVISOR), key=lambda a: (a.teacher.real_name, a.pk)
        )
        classes = sorted(
            (a for a in awards if a.kind == SpecialAward.Kind.ORGANIZATION),
            key=lambda a: (a.school_class.grade.number, a.school_class.number, a.pk),
        )
        for award in advisors:
            yield Certificate(
                salutation=_("To %(name)s (teacher):") % {"name": award.teacher.real_name},
                body=_(
                    "At the %(festival)s of %(school)s, for guiding students in science and technology with "
                    "outstanding results, you have been given the"
                )
                % self._where(),
                award=_("Science advisor award"),
            )
        for award in classes:
            yield Certificate(
                salutation=_("To %(class)s:") % {"class": award.school_class.name},
                body=_(
                    "At the %(festival)s of %(school)s, for organizing the class so well that everyone took part, "
                    "your class has been given the"
                )
                % self._where(),
                award=_("Organization award"),
            )

    def issue_date(self) -> dt.date:
        """The day the latest of the festival's published results were published (today when none are).

        A fixed day, so a certificate printed again later carries the same date."""
        published = (
            self.festival.competitions.filter(published_at__isnull=False)
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        return timezone.localtime(published or timezone.now(), _school_zone(self.school.timezone)).date()


def _solo_body(words: dict[str, str]) -> str:
    return (
        _("In the “%(competition)s” competition of the %(festival)s of %(school)s, the work “%(title)s” has won")
        % words
    )


def _team_body(words: dict[str, str]) -> str:
    return (
        _(
            "In the “%(competition)s” competition of the %(festival)s of %(school)s, the work “%(title)s”, made "
            "with %(partners)s, has won"
        )
        % words
    )


def _authors_of(entry_ids: list[int]) -> dict[int, list[User]]:
    """Each entry's authors in team order (whoever made the entry first), in one query."""
    through = Entry.authors.through
    rows = (
        through.objects.filter(entry_id__in=entry_ids)
        .select_related("user__school_class__grade")
        .order_by(*team_order())
    )
    found: dict[int, list[User]] = defaultdict(list)
    for row in rows:
        found[row.entry_id].append(row.user)
    return found


def _school_zone(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def _is_chinese() -> bool:
    return (translation.get_language() or "").lower().startswith("zh")


_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1–31 the way dates are written: 一, 十, 十二, 二十, 二十一, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CHINESE_DIGITS[ones]
    head = "十" if tens == 1 else _CHINESE_DIGITS[tens] + "十"
    return head + (_CHINESE_DIGITS[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """2026-12-01 → 二〇二六年十二月一日, as certificates are dated."""
    year = "".join(_CHINESE_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_chinese_number(day.month)}月{_chinese_number(day.day)}日"


# --- line breaking -------------------------------------------------------------------------------

# Chinese typesetting rules (禁则): no line starts with a closing mark, none ends with an opening one.
_NO_LINE_START = set("，。、；：？！）」』》〉】〕”’…—,.;:!?)]}%·")
_NO_LINE_END = set("（「『《〈【〔“‘([{")
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f'’\-]+|\s+|.", re.S)


def wrap(text: str, width: float, measure: Callable[[str], float], *, indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines no wider than ``width``: Chinese between any two characters, other scripts
    between words (a word longer than a line is cut). A closing mark may hang past the edge rather than start
    a line. The first line is ``indent`` narrower."""
    lines: list[str] = []
    line, used = "", indent
    for token in _TOKEN.findall(text):
        if token.isspace() and not line:
            continue
        w = measure(token)
        if line and used + w > width and token not in _NO_LINE_START:
            carry = ""
            while line and line[-1] in _NO_LINE_END:
                line, carry = line[:-1], line[-1] + carry
            if line.strip():
                lines.append(line.rstrip())
            line, used = carry, measure(carry) if carry else 0.0
            if token.isspace():
                continue
        if w > width - used and not token.isspace() and len(token) > 1:
            for ch in token:  # a word longer than the line: cut it
                cw = measure(ch)
                if line and used + cw > width:
                    lines.append(line.rstrip())
                    line, used = "", 0.0
                line += ch
                used += cw
            continue
        line += token
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines


# --- drawing -------------------------------------------------------------------------------------


def _new_pdf(*, title: str, author: str) -> FPDF:
    # fpdf2 (and the fontTools it brings) costs half a second to import: only the certificates pay it, not
    # every process that registers the exporters (the web workers, the Celery worker for a spreadsheet).
    from fpdf import FPDF
    from fpdf.prefs import ViewerPreferences

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FONT, fname=str(FONT_FILE))
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Kejijie")
    pdf.set_lang("zh-CN" if _is_chinese() else "en")
    # Printed at actual size: a viewer that "fits to page" would shrink the frame off centre.
    pdf.viewer_preferences = ViewerPreferences(print_scaling="None")
    return pdf


def _centred(pdf: FPDF, text: str, baseline: float, *, spacing: float = 0.0) -> None:
    """Centre ``text`` on the page; ``spacing`` (mm) between characters is left out after the last one."""
    width = pdf.get_string_width(text) + spacing * (len(text) - 1)
    # fpdf2 writes the value straight into the PDF's Tc operator, which counts in points.
    pdf.set_char_spacing(spacing / PT)
    pdf.text((PAGE_W - width) / 2, baseline, text)
    pdf.set_char_spacing(0)


def _fit_size(pdf: FPDF, text: str, size: float, width: float, *, smallest: float = 9) -> float:
    """The largest font size up to ``size`` at which ``text`` fits on one line of ``width``."""
    pdf.set_font(FONT, size=size)
    while size > smallest and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(FONT, size=size)
    return size


def _frame(pdf: FPDF) -> None:
    """A double red frame, a gold inner line and a 回-pattern in each corner."""
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.4)
    pdf.rect(9, 9, PAGE_W - 18, PAGE_H - 18)
    pdf.set_line_width(0.35)
    pdf.rect(12, 12, PAGE_W - 24, PAGE_H - 24)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.6)
    pdf.rect(15, 15, PAGE_W - 30, PAGE_H - 30)
    for x, y in ((15, 15), (PAGE_W - 15, 15), (15, PAGE_H - 15), (PAGE_W - 15, PAGE_H - 15)):
        pdf.set_draw_color(*RED)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_line_width(0.6)
        pdf.rect(x - 5, y - 5, 10, 10, style="DF")
        pdf.set_draw_color(*GOLD)
        pdf.rect(x - 3.2, y - 3.2, 6.4, 6.4)
        pdf.set_fill_color(*RED)
        pdf.rect(x - 1.4, y - 1.4, 2.8, 2.8, style="F")
    # A gold rule with a red lozenge under the heading.
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.5)
    pdf.line(PAGE_W / 2 - 42, 58, PAGE_W / 2 - 4, 58)
    pdf.line(PAGE_W / 2 + 4, 58, PAGE_W / 2 + 42, 58)
    pdf.set_fill_color(*RED)
    pdf.polygon([(PAGE_W / 2, 55.8), (PAGE_W / 2 + 2.6, 58), (PAGE_W / 2, 60.2), (PAGE_W / 2 - 2.6, 58)], style="F")


def _heading(pdf: FPDF, text: str) -> None:
    wide = all(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    size = _fit_size(pdf, text, 46 if wide else 38, TEXT_RIGHT - TEXT_LEFT)
    pdf.set_text_color(*RED)
    # One weight of the face is vendored; the heading is made heavier by stroking its outline too.
    with pdf.local_context(text_mode="FILL_STROKE", line_width=0.35, draw_color=RED):
        _centred(pdf, text, 47, spacing=size * PT * 0.45 if wide else 0.0)


@dataclass
class _Block:
    """The wording set at one size: its lines and their heights."""

    size: float
    salutation: list[str]
    body: list[str]
    award_size: float
    closing: list[str]

    @property
    def line(self) -> float:
        return self.size * PT * 1.75

    @property
    def award_line(self) -> float:
        return self.award_size * PT * 1.5

    @property
    def height(self) -> float:
        return (len(self.salutation) + len(self.body) + len(self.closing)) * self.line + self.award_line


def _set(pdf: FPDF, certificate: Certificate, closing: str, size: float) -> _Block:
    width = TEXT_RIGHT - TEXT_LEFT
    pdf.set_font(FONT, size=size)
    indent = 2 * pdf.get_string_width("国")

    def measure(s: str) -> float:
        return pdf.get_string_width(s)

    salutation = wrap(certificate.salutation, width, measure)
    body = wrap(certificate.body, width, measure, indent=indent)
    closing_lines = wrap(closing, width, measure, indent=indent)
    award_size = _fit_size(pdf, certificate.award, size * 1.7, width)
    pdf.set_font(FONT, size=size)
    return _Block(size, salutation, body, award_size, closing_lines)


def _draw_certificate(pdf: FPDF, certificate: Certificate, *, school: str, date_text: str) -> None:
    pdf.add_page()
    _frame(pdf)

    pdf.set_font(FONT, size=10)
    pdf.set_text_color(*GREY)
    number = _("No. %(number)s") % {"number": certificate.number}
    pdf.text(TEXT_RIGHT + 6 - pdf.get_string_width(number), 24, number)

    _heading(pdf, pgettext("certificate heading", "Certificate of Honour"))

    closing = _("Presented in recognition of this achievement.")
    room = TEXT_BOTTOM - TEXT_TOP
    size = 21.0
    block = _set(pdf, certificate, closing, size)
    while block.height > room and size > 9:
        size -= 1
        block = _set(pdf, certificate, closing, size)

    pdf.set_font(FONT, size=block.size)
    indent = 2 * pdf.get_string_width("国")
    y = TEXT_TOP + max(0.0, (room - block.height) / 2)
    pdf.set_text_color(*INK)
    for line in block.salutation:
        y += block.line
        pdf.text(TEXT_LEFT, y - block.line * 0.3, line)
    for i, line in enumerate(block.body):
        y += block.line
        pdf.text(TEXT_LEFT + (indent if i == 0 else 0), y - block.line * 0.3, line)
    y += block.award_line
    pdf.set_text_color(*RED)
    pdf.set_font(FONT, size=block.award_size)
    with pdf.local_context(text_mode="FILL_STROKE", line_width=0.2, draw_color=RED):
        _centred(pdf, certificate.award, y - block.award_line * 0.25)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=block.size)
    for i, line in enumerate(block.closing):
        y += block.line
        pdf.text(TEXT_LEFT + (indent if i == 0 else 0), y - block.line * 0.3, line)

    # The school and the date at the bottom right, with room above them for the school's seal.
    _fit_size(pdf, school, 16, 120)
    pdf.text(TEXT_RIGHT - pdf.get_string_width(school), 176, school)
    pdf.set_font(FONT, size=15)
    pdf.text(TEXT_RIGHT - pdf.get_string_width(date_text), 186, date_text)
    if certificate.advisor:
        _fit_size(pdf, certificate.advisor, 13, 100)
        pdf.set_text_color(*GREY)
        pdf.text(TEXT_LEFT, 186, certificate.advisor)


def _draw_empty(pdf: FPDF, festival: str) -> None:
    """One plain page instead of certificates, so the download says why there are none."""
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, size=24)
    pdf.text(TEXT_LEFT, 50, str(CertificatesExporter.verbose_name))
    pdf.set_font(FONT, size=15)
    message = _(
        "%(festival)s has no awards to print yet. Certificates are made for the results of locked competitions "
        "and for the collective and special awards the organizers confirmed."
    ) % {"festival": festival}
    y = 70.0
    for line in wrap(message, TEXT_RIGHT - TEXT_LEFT, pdf.get_string_width):
        pdf.text(TEXT_LEFT, y, line)
        y += 15 * PT * 1.7
