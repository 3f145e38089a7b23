"""The award spreadsheets of one festival (SPEC §5): 获奖名单, 推荐名单, and 集体奖 with the 辅导员奖 / 优秀组织奖
lists.

Rows are read with ``values_list(...).iterator()``: a constant number of queries whatever the festival's size and
no model instance per row, so a district's 20,000 entries stream into the write-only sheets with flat memory (the
one thing held per entry is its authors' names, one short string, read beforehand in one query). One query reads
the rows of every competition in sheet order, and each competition's sheet takes its rows off the front of that
stream (``RowStream``); the base class consumes a sheet's rows before it asks for the next sheet.

Results are exported as they are, and each sheet's title says how far they are (``sheet_title``): not locked yet,
not published yet, in their 公示, or final (no note), so a list printed for the review meeting is never taken for
the final one.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from awards.groups import group_label, group_order_expression
from awards.models import CollectiveAward, Result, SpecialAward
from awards.ordering import level_order_expression
from competitions.models import AwardLevel, Better, Competition, ScoringMode
from competitions.stages import Stage
from core.exporters import Column, Heading, Sheet, SpreadsheetExporter
from schools.models import GRADE_NAMES, Section, User, class_name
from submissions.models import Entry, team_order

CHUNK = 2000
SCORE_FORMAT = "0.00"
_END = object()


# --- Shared by the festival exporters --------------------------------------------------------------


class Labels:
    """Class and grade names by number, translated once per export rather than once per row."""

    def __init__(self) -> None:
        self._classes: dict[tuple[int, int], str] = {}
        self._grades: dict[int, str] = {}

    def school_class(self, grade: int, number: int) -> str:
        key = (grade, number)
        if key not in self._classes:
            self._classes[key] = class_name(grade, number)
        return self._classes[key]

    def grade(self, grade: int) -> str:
        if grade not in self._grades:
            self._grades[grade] = str(GRADE_NAMES[grade])
        return self._grades[grade]


class RowStream:
    """The rows of several sheets from one ordered query: each sheet takes the rows of its key (``row[0]``)."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._rows = iter(rows)
        self._next: Any = None
        self._started = False

    def take(self, key: Any) -> Iterator[Sequence[Any]]:
        if not self._started:
            self._next, self._started = next(self._rows, _END), True
        while self._next is not _END and self._next[0] == key:
            row, self._next = self._next, next(self._rows, _END)
            yield row


def sheet_order(keys: Sequence[int], field: str = "competition_id") -> Case:
    """Rows in the order of the sheets already read (competitions in the festival's order)."""
    return Case(
        *[When(**{field: key}, then=Value(i)) for i, key in enumerate(keys)],
        default=Value(len(keys)),
        output_field=IntegerField(),
    )


def author_names(entries: QuerySet[Entry]) -> dict[int, str]:
    """The authors of each entry joined with 、 in team order, in one query: a string per entry, no
    model instances."""
    rows = (
        Entry.authors.through.objects.filter(entry__in=entries)
        .order_by(*team_order())
        .values_list("entry_id", "user__real_name")
    )
    return {
        entry_id: "、".join(name for _entry, name in names)
        for entry_id, names in groupby(rows.iterator(chunk_size=CHUNK), key=itemgetter(0))
    }


def authors_of(entry_id: int, is_class_entry: bool, class_label: str, authors: dict[int, str]) -> str:
    """A class collective entry is the class's (as on the honour roll); others are their students'."""
    return class_label if is_class_entry else authors.get(entry_id, "")


def level_label(level: str) -> str:
    return str(AwardLevel(level).label) if level in AwardLevel.values else ""


def score_header(competition: Competition) -> str:
    """得分, or for a measured contest the best attempt with its unit: 得分（米）."""
    if competition.scoring_mode == ScoringMode.MEASUREMENT and competition.unit:
        return _("%(name)s (%(unit)s)") % {"name": _("Score"), "unit": competition.unit}
    return _("Score")


def sheet_title(competition: Competition, festival_name: str, zone_name: str, *, recommended: bool = False) -> str:
    """The sheet's title, saying how far the results are: not locked, locked but not published, in their 公示
    (until when), or final (no note), so a list printed for the review meeting is never taken for the final one."""
    names = {"festival": festival_name, "competition": competition.name}
    if not competition.results_locked:
        title = (
            _("%(festival)s %(competition)s recommended to the next level (results not locked yet)")
            if recommended
            else _("%(festival)s %(competition)s award list (results not locked yet)")
        )
    elif not competition.results_published:
        title = (
            _("%(festival)s %(competition)s recommended to the next level (not published yet)")
            if recommended
            else _("%(festival)s %(competition)s award list (not published yet)")
        )
    elif competition.stage(timezone.now()) == Stage.NOTICE:
        ends = timezone.localtime(competition.notice_ends_at, zoneinfo.ZoneInfo(zone_name))
        names["ends"] = f"{ends:%Y-%m-%d}"
        title = (
            _("%(festival)s %(competition)s recommended to the next level (public notice until %(ends)s)")
            if recommended
            else _("%(festival)s %(competition)s award list (public notice until %(ends)s)")
        )
    else:
        title = (
            _("%(festival)s %(competition)s recommended to the next level")
            if recommended
            else _("%(festival)s %(competition)s award list")
        )
    return title % names


class FestivalExporter(SpreadsheetExporter):
    """An export of one festival; the competitions are read once, in the festival's order."""

    needs_festival = True

    def competitions(self) -> list[Competition]:
        if not hasattr(self, "_competitions"):
            self._competitions = list(Competition.objects.filter(festival=self.festival).order_by("position", "id"))
        return self._competitions


# --- 获奖名单 ---------------------------------------------------------------------------------------


class AwardListExporter(FestivalExporter):
    """One sheet per competition: the awarded entries as awarded, group by group (一年级, 二年级 … or 小学 …, each
    under a heading row), within a group 一等奖 to 优秀奖, then by rank and entry code."""

    identifier = "award_list"
    verbose_name = gettext_lazy("Award list")
    description = gettext_lazy("The awarded entries of every competition, grouped as awarded, ready to print.")
    permission = "awards.export_festival_results"

    def awarded(self) -> QuerySet[Result]:
        return Result.objects.filter(competition__festival=self.festival).exclude(level="")

    def total_rows(self) -> int:
        return self.awarded().count()

    def sheets(self) -> Iterator[Sheet]:
        competitions = self.competitions()
        if not competitions:
            return
        authors = author_names(Entry.objects.filter(result__in=self.awarded()))
        rows = (
            self.awarded()
            .filter(competition_id__in=[c.pk for c in competitions])
            .annotate(
                sheet=sheet_order([c.pk for c in competitions]),
                group_order=group_order_expression(),
                level_order=level_order_expression(),
            )
            .order_by("sheet", "group_order", "level_order", "rank", "entry__code")
            .values_list(
                "competition_id",
                "group",
                "entry_id",
                "entry__code",
                "entry__title",
                "entry__is_class_entry",
                "entry__school_class__grade__number",
                "entry__school_class__number",
                "entry__advisor__real_name",
                "score",
                "rank",
                "level",
            )
        )
        stream, labels = RowStream(rows.iterator(chunk_size=CHUNK)), Labels()
        for competition in competitions:
            yield Sheet(
                name=competition.name,
                title=sheet_title(competition, self.festival.name, self.school.timezone),
                columns=self.columns(competition),
                rows=self.rows(stream.take(competition.pk), authors, labels),
                landscape=True,
            )

    @staticmethod
    def columns(competition: Competition) -> list[Column]:
        return [
            Column(_("No."), width=6),
            Column(_("Entry code"), width=11),
            Column(_("Entry title")),
            Column(_("Authors")),
            Column(_("Class")),
            Column(_("Grade"), width=8),
            Column(_("Advisor teacher"), width=10),
            Column(score_header(competition), width=10, number_format=SCORE_FORMAT),
            Column(_("Rank"), width=6),
            Column(_("Award"), width=8),
        ]

    @staticmethod
    def rows(rows: Iterable[Sequence[Any]], authors: dict[int, str], labels: Labels) -> Iterator[Any]:
        group = None
        for n, row in enumerate(rows, start=1):
            _cid, row_group, entry_id, code, title, is_class, grade, number, advisor, score, rank, level = row
            if row_group != group:
                group = row_group
                if group != "whole":  # one group needs no heading
                    yield Heading(group_label(group))
            school_class = labels.school_class(grade, number)
            yield (
                n,
                code,
                title,
                authors_of(entry_id, is_class, school_class, authors),
                school_class,
                labels.grade(grade),
                advisor,
                score,
                rank,
                level_label(level),
            )


# --- 推荐名单 ---------------------------------------------------------------------------------------


class RecommendedListExporter(FestivalExporter):
    """One sheet per competition: the entries recommended to the next level, best first."""

    identifier = "recommended_list"
    verbose_name = gettext_lazy("Recommended entries")
    description = gettext_lazy("The entries of every competition recommended to the next level (推荐参加上级比赛).")
    permission = "awards.export_festival_results"

    def recommended(self) -> QuerySet[Result]:
        return Result.objects.filter(competition__festival=self.festival, recommended=True)

    def total_rows(self) -> int:
        return self.recommended().count()

    def sheets(self) -> Iterator[Sheet]:
        competitions = self.competitions()
        if not competitions:
            return
        authors = author_names(Entry.objects.filter(result__in=self.recommended()))
        # Best first: the highest score, or for a race the shortest time.
        best_first = Case(
            When(competition__scoring_mode=ScoringMode.MEASUREMENT, competition__better=Better.LOWER, then=F("score")),
            default=-F("score"),
        )
        rows = (
            self.recommended()
            .filter(competition_id__in=[c.pk for c in competitions])
            .annotate(sheet=sheet_order([c.pk for c in competitions]), best_first=best_first)
            .order_by("sheet", "best_first", "entry__code")
            .values_list(
                "competition_id",
                "entry_id",
                "entry__code",
                "entry__title",
                "entry__is_class_entry",
                "entry__school_class__grade__number",
                "entry__school_class__number",
                "entry__advisor__real_name",
                "score",
                "level",
            )
        )
        stream, labels = RowStream(rows.iterator(chunk_size=CHUNK)), Labels()
        for competition in competitions:
            yield Sheet(
                name=competition.name,
                title=sheet_title(competition, self.festival.name, self.school.timezone, recommended=True),
                columns=[
                    Column(_("No."), width=6),
                    Column(_("Entry code"), width=11),
                    Column(_("Entry title")),
                    Column(_("Authors")),
                    Column(_("Class")),
                    Column(_("Advisor teacher"), width=10),
                    Column(score_header(competition), width=10, number_format=SCORE_FORMAT),
                    Column(_("Award"), width=8),
                ],
                rows=self.rows(stream.take(competition.pk), authors, labels),
            )

    @staticmethod
    def rows(rows: Iterable[Sequence[Any]], authors: dict[int, str], labels: Labels) -> Iterator[tuple]:
        for n, (_cid, entry_id, code, title, is_class, grade, number, advisor, score, level) in enumerate(rows, 1):
            school_class = labels.school_class(grade, number)
            yield (
                n,
                code,
                title,
                authors_of(entry_id, is_class, school_class, authors),
                school_class,
                advisor,
                score,
                level_label(level),
            )


# --- 集体奖, 科技辅导员奖, 优秀组织奖 ------------------------------------------------------------------


class CollectiveAwardsExporter(FestivalExporter):
    """The class ranking of each section (集体奖), then the 科技辅导员奖 and 优秀组织奖 lists, in one workbook: they
    are decided together after the results are locked and announced together. A class or a teacher is one row, so
    these sheets are small (hundreds of rows at district scale) and read as lists."""

    identifier = "collective_awards"
    verbose_name = gettext_lazy("Collective, advisor and organization awards")
    description = gettext_lazy(
        "The class ranking of every section (集体奖) and the lists for the 科技辅导员奖 and the 优秀组织奖."
    )
    permission = "awards.export_festival_results"

    def locked_awards(self) -> QuerySet[Result]:
        """Awards of locked competitions: what the class points and the advisor candidates count."""
        return Result.objects.filter(
            competition__festival=self.festival, competition__results_locked_at__isnull=False
        ).exclude(level="")

    def sheets(self) -> Iterator[Sheet]:
        classes = list(
            CollectiveAward.objects.filter(festival=self.festival)
            .order_by(F("rank").asc(nulls_last=True), "-points", "school_class__grade__number", "school_class__number")
            .values_list(
                "section",
                "school_class_id",
                "school_class__grade__number",
                "school_class__number",
                "school_class__head_teacher__real_name",
                "entries",
                "points",
                "rank",
                "level",
                "confirmed",
            )
        )
        awarded = dict(self.locked_awards().values_list("entry__school_class_id").annotate(n=Count("pk")).order_by())
        special = set(
            SpecialAward.objects.filter(festival=self.festival).values_list("kind", "teacher_id", "school_class_id")
        )
        labels = Labels()
        # Confirmed once every collective award is (a recomputation keeps only the ones whose award stayed).
        awards = [c for c in classes if c[8]]
        confirmed = bool(awards) and all(c[9] for c in awards)
        for section in [s for s in Section.values if s in (self.school.sections or Section.values)]:
            rows = [c for c in classes if c[0] == section]
            yield self.section_sheet(section, rows, awarded, labels, confirmed=confirmed)
        yield self.advisor_sheet({teacher for kind, teacher, _c in special if kind == SpecialAward.Kind.ADVISOR})
        yield self.organization_sheet(
            classes, {c for kind, _t, c in special if kind == SpecialAward.Kind.ORGANIZATION}, labels
        )

    def section_sheet(
        self, section: str, rows: list[tuple], awarded: dict[int, int], labels: Labels, *, confirmed: bool
    ) -> Sheet:
        names = {"festival": self.festival.name, "section": Section(section).label}
        title = (
            _("%(festival)s %(section)s collective awards")
            if confirmed
            else _("%(festival)s %(section)s collective awards (not confirmed yet)")
        )
        return Sheet(
            name=_("%(section)s collective awards") % names,
            title=title % names,
            columns=[
                Column(_("Rank"), width=6),
                Column(_("Class")),
                Column(_("Head teacher"), width=10),
                Column(_("Entries taken part"), width=12),
                Column(_("Awarded entries"), width=12),
                Column(pgettext("class points", "Points"), width=8),
                Column(_("Collective award"), width=10),
            ],
            rows=[
                (
                    rank,
                    labels.school_class(grade, number),
                    head,
                    entries,
                    awarded.get(class_id, 0),
                    points,
                    level_label(level),
                )
                for _s, class_id, grade, number, head, entries, points, rank, level, _confirmed in rows
            ],
        )

    def advisor_sheet(self, confirmed: set[int]) -> Sheet:
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for advisor_id, level, n in (
            self.locked_awards()
            .filter(entry__advisor__isnull=False)
            .values_list("entry__advisor_id", "level")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            counts[advisor_id][level] = n
        people = dict(User.objects.filter(pk__in=set(counts) | confirmed).values_list("pk", "real_name"))
        order = sorted(people, key=lambda pk: (pk not in confirmed, -sum(counts[pk].values()), people[pk], pk))
        return Sheet(
            name=str(SpecialAward.Kind.ADVISOR.label),
            title=_("%(festival)s science advisor award (科技辅导员奖)") % {"festival": self.festival.name},
            columns=[
                Column(_("No."), width=6),
                Column(_("Advisor teacher"), width=12),
                Column(_("Awarded entries"), width=12),
                Column(_("Awards")),
                Column(_("Confirmed"), width=8),
            ],
            rows=[
                (
                    n,
                    people[pk],
                    sum(counts[pk].values()),
                    "、".join(
                        f"{level_label(level)} {counts[pk][level]}"
                        for level in AwardLevel.values
                        if level in counts[pk]
                    ),
                    _("yes") if pk in confirmed else _("no"),
                )
                for n, pk in enumerate(order, start=1)
            ],
        )

    def organization_sheet(self, classes: list[tuple], confirmed: set[int], labels: Labels) -> Sheet:
        """Classes that took part (the candidates of the organizers' page) and the confirmed ones, those first."""
        candidates = [c for c in classes if c[5] > 0 or c[1] in confirmed]
        candidates.sort(key=lambda c: (c[1] not in confirmed, -c[6], c[2], c[3]))
        return Sheet(
            name=str(SpecialAward.Kind.ORGANIZATION.label),
            title=_("%(festival)s organization award (优秀组织奖)") % {"festival": self.festival.name},
            columns=[
                Column(_("No."), width=6),
                Column(_("Class")),
                Column(_("Head teacher"), width=10),
                Column(_("Entries taken part"), width=12),
                Column(pgettext("class points", "Points"), width=8),
                Column(_("Confirmed"), width=8),
            ],
            rows=[
                (
                    n,
                    labels.school_class(grade, number),
                    head,
                    entries,
                    points,
                    _("yes") if class_id in confirmed else _("no"),
                )
                for n, (_s, class_id, grade, number, head, entries, points, *_rest) in enumerate(candidates, start=1)
            ],
        )
