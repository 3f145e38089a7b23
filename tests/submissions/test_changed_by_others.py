"""A head teacher (or an organizer) changing a pupil's draft says why; the change is audited and the pupil reads
who changed the work, when and why on the entry page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditLog
from submissions.models import Entry
from tests.factories.submissions import DETAILS, draft
from tests.html import form_errors, has, page, texts

pytestmark = pytest.mark.django_db


def _post(client, entry, **extra):
    data = {"title": "会自己浇水的花盆", "detail_design_idea": DETAILS["design_idea"], "version": entry.version}
    return client.post(reverse("entry_edit", args=[entry.pk]), {**data, **extra})


def test_the_head_teacher_changes_a_pupils_draft_only_with_a_reason(client, competition, student, head_teacher, frozen):
    entry = draft(competition, student)
    client.force_login(head_teacher)

    form = page(client.get(reverse("entry_edit", args=[entry.pk])))
    refused = _post(client, entry)
    saved = _post(client, entry, reason="题目有错别字，已按学生的意思改正")

    assert has(form, "#entry-form #id_reason")
    assert refused.status_code == 200
    assert form_errors(page(refused), "reason") == ["修改学生的作品请说明原因；原因会被记录，作者也会看到。"]
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "会自己浇水的花盆"
    record = AuditLog.objects.get(action="entry.update", object_id=str(entry.pk))
    assert (record.actor, record.reason) == (head_teacher, "题目有错别字，已按学生的意思改正")


def test_the_pupil_reads_who_changed_the_work_when_and_why(client, competition, student, head_teacher, frozen):
    entry = draft(competition, student)
    client.force_login(head_teacher)
    _post(client, entry, reason="题目有错别字")
    client.force_login(student)

    doc = page(client.get(reverse("entry_detail", args=[entry.pk])))

    (line,) = texts(doc, "#changed-by-others .changed-by-other")
    assert line.startswith(f"{head_teacher.real_name} 于 ")
    assert line.endswith("修改了这件作品：题目有错别字")


def test_the_pupils_own_changes_ask_no_reason_and_show_no_note(client, competition, student, frozen):
    entry = draft(competition, student)
    client.force_login(student)

    form = page(client.get(reverse("entry_edit", args=[entry.pk])))
    saved = _post(client, entry)
    doc = page(client.get(reverse("entry_detail", args=[entry.pk])))

    assert not has(form, "#id_reason")
    assert saved.status_code == 302
    assert Entry.objects.get(pk=entry.pk).title == "会自己浇水的花盆"
    assert not has(doc, "#changed-by-others")
