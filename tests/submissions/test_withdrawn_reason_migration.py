"""The migration that gives entries the organizers withdrew before it their time and reason, from the audit log."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import AuditLog
from submissions import services
from submissions.models import Entry
from tests.factories.competitions import NOW
from tests.factories.submissions import recommended_entry, submitted_entry

BEFORE = [("submissions", "0004_entry_version")]


def migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_entries_withdrawn_by_the_organizers_get_the_time_and_reason_of_their_audit_record(
    competition, student, classmate, head_teacher, organizer
):
    theirs = recommended_entry(competition, student, head_teacher)
    services.entry_withdraw_by_organizer(entry=theirs, by=organizer, reason="重复报名", now=NOW)
    recorded_at = AuditLog.objects.get(action="entry.withdraw_by_organizer").at
    own = submitted_entry(competition, classmate)
    services.entry_withdraw(entry=own, by=classmate, now=NOW)
    try:
        migrate(BEFORE)
        migrate(leaves())

        rows = dict(Entry.objects.values_list("pk", "withdrawn_reason"))
        times = dict(Entry.objects.values_list("pk", "withdrawn_at"))
    finally:
        migrate(leaves())

    assert (rows[theirs.pk], times[theirs.pk]) == ("重复报名", recorded_at)
    assert (rows[own.pk], times[own.pk]) == ("", None)
