"""Blind judging through documents: the PDF and DOCX a judge downloads name nobody; the organizers and the
authors download what was uploaded; hostile documents are refused at the upload."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from submissions import services as entry_services
from submissions.models import Attachment, Entry
from tests import corpus, office
from tests.factories.competitions import NOW, CompetitionFactory, add_rubric
from tests.factories.judging import AssignmentFactory
from tests.factories.submissions import DETAILS

pytestmark = pytest.mark.django_db

PUPIL = {
    "creator": "贺妍 20240201",
    "modified_by": "李老师",
    "title": "三年级2班 贺妍",
    "company": "育才小学",
    "commenter": "李老师",
}
DOCUMENTS = {
    "贺妍的说明.docx": office.word_docx(**PUPIL),
    "贺妍的说明（WPS）.docx": office.word_docx(**PUPIL, wps=True),
    "贺妍的报告.pdf": office.exported_pdf(author="贺妍 20240201", title="三年级2班 贺妍"),
}


def names(data: bytes) -> list[str]:
    """Which of the pupil's and head teacher's names are in `data`: raw, as PDF strings, or in unzipped XML."""
    blobs = [data]
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            blobs += [archive.read(member) for member in archive.namelist()]
    found = []
    for name in ("贺妍", "20240201", "三年级2班", "李老师", "育才小学"):
        utf16 = name.encode("utf-16-be")
        forms = (name.encode(), utf16, utf16.hex().encode(), utf16.hex().upper().encode())
        if any(form in blob for blob in blobs for form in forms):
            found.append(name)
    return found


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def entry(festival, student, head_teacher, organizer, client, monkeypatch):
    """贺妍's entry with a Word report, a WPS report and a PDF, uploaded through the page, then taken to judging."""
    student.real_name, head_teacher.real_name = "贺妍", "李老师"
    student.save()
    head_teacher.save()
    competition = CompetitionFactory(
        festival=festival, invention=True, kind="invention", blind=True, file_types=["image", "pdf", "docx"]
    )
    add_rubric(competition)
    entry = entry_services.entry_create(
        competition=competition, by=student, title="自动浇花器", description="虹吸。", details=DETAILS, now=NOW
    )
    client.force_login(student)
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: NOW)  # the page's clock, inside the submission window
        for name, content in DOCUMENTS.items():
            response = client.post(
                reverse("attachment_upload", args=[entry.pk]),
                {"file": corpus.upload(name, content), "role": "result"},
                headers={"accept": "application/json"},
            )
            assert response.status_code == 201, response.json()
    client.logout()
    entry_services.entry_declare_original(entry=entry, by=student, declared=True, now=NOW)
    entry_services.entry_submit(entry=entry, by=student, now=NOW)
    entry_services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
    entry_services.entries_accept(entries=[entry], by=organizer)
    return Entry.objects.get(pk=entry.pk)


@pytest.fixture
def assignment(entry, judges):
    return AssignmentFactory(entry=entry, judge=judges[0])


def judge_downloads(client, assignment) -> dict[str, bytes]:
    client.force_login(assignment.judge)
    downloads = {}
    for attachment in assignment.entry.attachments.order_by("pk"):
        response = client.get(reverse("judge_attachment", args=[assignment.pk, attachment.pk]))
        assert response.status_code == 200
        downloads[attachment.original_name] = body(response)
    return downloads


def test_the_names_are_in_what_was_uploaded():
    assert {name: names(content) for name, content in DOCUMENTS.items()} == {
        name: ["贺妍", "20240201", "三年级2班", "李老师", "育才小学"]
        if name.endswith(".docx")
        else ["贺妍", "20240201", "三年级2班"]
        for name in DOCUMENTS
    }


def test_the_judge_downloads_documents_that_name_nobody(client, assignment):
    downloads = judge_downloads(client, assignment)

    assert {name: names(data) for name, data in downloads.items()} == {name: [] for name in DOCUMENTS}
    assert downloads["贺妍的报告.pdf"].startswith(b"%PDF-")
    assert all(zipfile.is_zipfile(io.BytesIO(downloads[name])) for name in DOCUMENTS if name.endswith(".docx"))


@pytest.mark.parametrize("who", ["organizer", "student"])
def test_organizers_and_the_author_download_the_original(client, assignment, who, request):
    client.force_login(request.getfixturevalue(who))

    downloads = {
        a.original_name: body(client.get(reverse("attachment_file", args=[a.pk])))
        for a in assignment.entry.attachments.all()
    }

    assert downloads == DOCUMENTS


def test_a_document_without_its_clean_copy_reaches_no_judge_until_the_command_makes_it(client, assignment):
    Attachment.objects.update(clean_file="")  # as uploaded before copies were made
    client.force_login(assignment.judge)
    pdf = assignment.entry.attachments.get(original_name="贺妍的报告.pdf")
    url = reverse("judge_attachment", args=[assignment.pk, pdf.pk])
    before = client.get(url).status_code
    out = io.StringIO()

    call_command("clean_attachments", stdout=out)

    assert (before, out.getvalue()) == (404, "已生成副本：3 个；拒绝：0 个。\n")
    assert names(judge_downloads(client, assignment)["贺妍的报告.pdf"]) == []


def test_an_old_upload_that_would_be_refused_today_reaches_no_judge(client, assignment):
    pdf = assignment.entry.attachments.get(original_name="贺妍的报告.pdf")
    with pdf.file.open("wb") as stored:
        stored.write(office.pdf_link_launching_cmd())  # stored before the check looked at links
    Attachment.objects.filter(pk=pdf.pk).update(clean_file="")
    out, err = io.StringIO(), io.StringIO()

    call_command("clean_attachments", stdout=out, stderr=err)

    code = assignment.entry.code
    assert err.getvalue() == f"作品 {code}：“贺妍的报告.pdf”按现行规则不能上传，不会发给评委；请让作者重新上传。\n"
    client.force_login(assignment.judge)
    assert client.get(reverse("judge_attachment", args=[assignment.pk, pdf.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "作品.pdf",
            office.pdf_goto_then_javascript(),
            "“作品.pdf”中含有脚本（JavaScript），不能上传；请另存为普通 PDF（例如用“打印为 PDF”）后再传。",
        ),
        (
            "作品.docx",
            office.docx_with_remote_template(),
            "“作品.docx”会从文档外部加载模板、图片或其他内容，不能上传；请去掉链接的模板或图片后重新保存。",
        ),
    ],
)
def test_hostile_document_is_refused_at_the_upload_page(client, festival, student, monkeypatch, name, content, message):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    competition = CompetitionFactory(festival=festival, invention=True, kind="invention", file_types=["pdf", "docx"])
    entry = entry_services.entry_create(
        competition=competition, by=student, title="自动浇花器", description="虹吸。", details=DETAILS, now=NOW
    )
    client.force_login(student)

    response = client.post(
        reverse("attachment_upload", args=[entry.pk]),
        {"file": corpus.upload(name, content), "role": "result"},
        headers={"accept": "application/json"},
    )

    assert (response.status_code, response.json()) == (400, {"ok": False, "error": message})
    assert Attachment.objects.count() == 0
