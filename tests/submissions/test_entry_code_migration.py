"""The migration that puts the year in front of the codes written before codes were unique per school."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from submissions.models import Entry
from tests.factories.competitions import CompetitionFactory, FestivalFactory
from tests.factories.submissions import EntryFactory

BEFORE = [("submissions", "0001_initial")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_old_codes_get_the_year_and_a_second_festival_of_the_year_counts_on(school, other_school):
    spring = CompetitionFactory(festival=FestivalFactory(school=school, year=2026, slug="spring"), code="ZZ")
    autumn = CompetitionFactory(festival=FestivalFactory(school=school, year=2026, slug="autumn"), code="ZZ")
    last_year = CompetitionFactory(festival=FestivalFactory(school=school, year=2025, slug="2025"), code="ZZ")
    elsewhere = CompetitionFactory(festival=FestivalFactory(school=other_school, year=2026, slug="2026"), code="ZZ")
    entries = {
        (competition.pk, n): EntryFactory(competition=competition).pk
        for competition in (spring, autumn, last_year, elsewhere)
        for n in (1, 2)
    }
    try:
        migrate(BEFORE)
        # As the old numbering left them: every competition counted from 1 on its own.
        for (_competition, n), pk in entries.items():
            Entry.objects.filter(pk=pk).update(number=n, code=f"ZZ-{n:04d}")  # the columns 0001 knows
        migrate(leaves())

        codes = {
            key: Entry.objects.values_list("code", "number", "school_id").get(pk=pk) for key, pk in entries.items()
        }
    finally:
        migrate(leaves())

    assert [codes[(spring.pk, n)] for n in (1, 2)] == [("2026-ZZ-0001", 1, school.pk), ("2026-ZZ-0002", 2, school.pk)]
    assert [codes[(autumn.pk, n)] for n in (1, 2)] == [("2026-ZZ-0003", 3, school.pk), ("2026-ZZ-0004", 4, school.pk)]
    assert [codes[(last_year.pk, n)][0] for n in (1, 2)] == ["2025-ZZ-0001", "2025-ZZ-0002"]
    assert [codes[(elsewhere.pk, n)][:2] for n in (1, 2)] == [("2026-ZZ-0001", 1), ("2026-ZZ-0002", 2)]
