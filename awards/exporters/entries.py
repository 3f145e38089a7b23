"""The entry-by-entry spreadsheets of one festival (SPEC §5): 评分明细 (every judge's points, for audits and
objections) and 参赛作品汇总 (the entries of each class with their hand-in).

Like the award lists, each reads its rows in one ordered query streamed with ``iterator()``, whatever the size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.exporters.awards import (
    CHUNK,
    SCORE_FORMAT,
    FestivalExporter,
    Labels,
    RowStream,
    author_names,
    authors_of,
    sheet_order,
)
from awards.visibility import RESULT_STATES
from competitions.kinds import PHYSICAL_KINDS
from competitions.models import Competition, Criterion, ScoringMode
from core.exporters import Column, Sheet
from judging.models import Score
from schools.selectors import classes_visible_to
from submissions.models import Entry, EntryState
from submissions.selectors import NOT_ENTERED_STATES

# --- 评分明细 ---------------------------------------------------------------------------------------


class ScoreDetailsExporter(FestivalExporter):
    """One sheet per competition, a row per judge's score: the points per criterion (or the measured attempts),
    the total, draft or submitted, the comment, and the entry's score as aggregated from them."""

    identifier = "score_details"
    verbose_name = gettext_lazy("Score details")
    description = gettext_lazy("Every judge's points per criterion for every entry, for audits and objections.")
    permission = "awards.export_festival_results"

    def scores(self) -> QuerySet[Score]:
        return Score.objects.filter(entry__festival=self.festival)

    def total_rows(self) -> int:
        return self.scores().count()

    def sheets(self) -> Iterator[Sheet]:
        competitions = self.competitions()
        if not competitions:
            return
        criteria: dict[int, list[Criterion]] = {c.pk: [] for c in competitions}
        for criterion in Criterion.objects.filter(competition__festival=self.festival).order_by("position", "id"):
            criteria[criterion.competition_id].append(criterion)
        # A row per score and criterion (LEFT JOIN: a score without points still comes once), grouped per score.
        rows = (
            self.scores()
            .filter(entry__competition_id__in=criteria.keys())
            .annotate(sheet=sheet_order([c.pk for c in competitions], "entry__competition_id"))
            .order_by("sheet", "entry__code", "judge__real_name", "judge_id", "pk")
            .values_list(
                "entry__competition_id",
                "pk",
                "entry__code",
                "entry__title",
                "judge__real_name",
                "total",
                "state",
                "comment",
                "attempts",
                "entry__result__score",
                "items__criterion_id",
                "items__points",
            )
        )
        stream = RowStream(rows.iterator(chunk_size=CHUNK))
        for competition in competitions:
            yield Sheet(
                name=competition.name,
                title=_("%(festival)s %(competition)s score details")
                % {"festival": self.festival.name, "competition": competition.name},
                columns=self.columns(competition, criteria[competition.pk]),
                rows=self.rows(competition, criteria[competition.pk], stream.take(competition.pk)),
                landscape=True,
            )

    @staticmethod
    def columns(competition: Competition, criteria: list[Criterion]) -> list[Column]:
        if competition.scoring_mode == ScoringMode.MEASUREMENT:
            unit = competition.unit

            def with_unit(name: str) -> str:
                return _("%(name)s (%(unit)s)") % {"name": name, "unit": unit} if unit else name

            marks = [
                Column(with_unit(_("Attempt %(n)d") % {"n": n}), width=10) for n in range(1, competition.attempts + 1)
            ]
            total = Column(with_unit(_("Best")), width=12, number_format=SCORE_FORMAT)
        else:
            # The header names the criterion and its maximum, 科技含量(30), so a sheet checks itself.
            marks = [Column(f"{c.name}({c.max_points})", number_format="0.0") for c in criteria]
            total = Column(_("Total score"), width=8, number_format=SCORE_FORMAT)
        return [
            Column(_("Entry code"), width=11),
            Column(_("Entry title")),
            Column(_("Judge"), width=10),
            *marks,
            total,
            Column(_("State"), width=8),
            Column(_("Comment"), width=40),
            Column(_("Entry score"), width=10, number_format=SCORE_FORMAT),
        ]

    @staticmethod
    def rows(competition: Competition, criteria: list[Criterion], rows: Iterable[Sequence[Any]]) -> Iterator[tuple]:
        measured = competition.scoring_mode == ScoringMode.MEASUREMENT
        states = {value: str(label) for value, label in Score.State.choices}
        for _pk, items in groupby(rows, key=itemgetter(1)):
            items = list(items)  # one score's criteria: a handful of rows
            _cid, _pk, code, title, judge, total, state, comment, attempts, entry_score, _crit, _pts = items[0]
            if measured:
                marks = [_number(a) for a in (attempts or [])][: competition.attempts]
                marks += [None] * (competition.attempts - len(marks))
            else:
                points = {criterion_id: value for *_row, criterion_id, value in items if criterion_id is not None}
                marks = [points.get(c.pk) for c in criteria]
            yield (code, title, judge, *marks, total, states.get(state, state), comment, entry_score)


def _number(value: Any) -> Decimal | None:
    """An attempt as the judge recorded it ("12.5"; None when not made)."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


# --- 参赛作品汇总 -----------------------------------------------------------------------------------


class EntryRosterExporter(FestivalExporter):
    """One sheet per class: its entries taking part in every competition, with their state and whether the
    physical work was handed in (who took it, when). Per class because that is how the list is used: each head
    teacher checks and signs their class's page, and a teacher gets exactly the classes they head."""

    identifier = "entry_roster"
    verbose_name = gettext_lazy("Entries by class")
    description = gettext_lazy("The entries of every class and competition, with their state and the hand-in.")
    permission = "awards.export_entry_roster"

    def classes(self) -> list:
        if not hasattr(self, "_classes"):
            self._classes = list(
                classes_visible_to(self.user)
                .filter(grade__school_id=self.festival.school_id)
                .order_by("grade__number", "number")
            )
        return self._classes

    def entries(self) -> QuerySet[Entry]:
        return Entry.objects.filter(festival=self.festival, school_class_id__in=[c.pk for c in self.classes()]).exclude(
            state__in=NOT_ENTERED_STATES
        )

    def total_rows(self) -> int:
        return self.entries().count()

    def sheets(self) -> Iterator[Sheet]:
        classes = self.classes()
        if not classes:
            return
        authors = author_names(self.entries())
        rows = (
            self.entries()
            .order_by(
                "school_class__grade__number", "school_class__number", "competition__position", "competition_id", "code"
            )
            .values_list(
                "school_class_id",
                "pk",
                "code",
                "title",
                "competition__name",
                "competition__kind",
                "is_class_entry",
                "advisor__real_name",
                "state",
                "received_at",
                "received_by__real_name",
                "competition__published_at",
            )
        )
        stream, labels = RowStream(rows.iterator(chunk_size=CHUNK)), Labels()
        states = self.state_labels()
        columns = [
            Column(_("No."), width=6),
            Column(_("Entry code"), width=11),
            Column(_("Entry title")),
            Column(_("Competition")),
            Column(_("Authors")),
            Column(_("Class")),
            Column(_("Advisor teacher"), width=10),
            Column(_("State"), width=12),
            Column(_("Work handed in"), width=10),
            Column(_("Received by"), width=10),
            Column(_("Received at"), width=17, number_format="yyyy-mm-dd hh:mm"),
        ]
        for school_class in classes:
            name = labels.school_class(school_class.grade.number, school_class.number)
            yield Sheet(
                name=name,
                title=_("%(festival)s %(class)s entries") % {"festival": self.festival.name, "class": name},
                columns=columns,
                rows=self.rows(stream.take(school_class.pk), name, authors, states),
                landscape=True,
            )

    def state_labels(self) -> dict[str, str]:
        """Entry states by value, and under ``"hidden"`` what a result state reads while its competition is not
        published: awarded or not is part of the result, which teachers see once the competition is published (as
        on the entry pages, ``awards.visibility``), organizers always."""
        states = {value: str(label) for value, label in EntryState.choices}
        early = bool(self.user and self.user.has_perm("awards.manage_awards", self.festival))
        states["hidden"] = "" if early else states[EntryState.IN_JUDGING]
        return states

    @staticmethod
    def rows(
        rows: Iterable[Sequence[Any]], class_label: str, authors: dict[int, str], states: dict[str, str]
    ) -> Iterator[tuple]:
        yes, no = _("yes"), _("no")
        for n, row in enumerate(rows, start=1):
            _cid, entry_id, code, title, competition, kind, is_class, advisor, state, received_at, received_by = row[
                :11
            ]
            if states["hidden"] and state in RESULT_STATES and row[11] is None:
                state = states["hidden"]
            # Only physical works are handed in; for an essay the column stays empty rather than saying 否.
            handed_in = yes if received_at else (no if kind in PHYSICAL_KINDS else "")
            yield (
                n,
                code,
                title,
                competition,
                authors_of(entry_id, is_class, class_label, authors),
                class_label,
                advisor,
                states.get(state, state),
                handed_in,
                received_by,
                received_at,
            )
