"""Blind judging: nothing a judge receives — pages, file addresses, file names, picture metadata — names the
authors, their class, their advisor or the original file names; only the entry code."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader, PdfWriter

from submissions import services as entry_services
from submissions.models import AttachmentRole, Entry
from tests import corpus
from tests.factories.competitions import NOW, CompetitionFactory, add_rubric
from tests.factories.judging import AssignmentFactory, ConflictDeclarationFactory
from tests.factories.schools import TeacherFactory
from tests.factories.submissions import DETAILS
from tests.html import page, text

pytestmark = pytest.mark.django_db

FILES = [
    (
        "王小明的自动浇花器.jpg",
        corpus.jpeg(size=(120, 90), gps=True, xmp=True, comment="王小明 三年级2班".encode()),
        "result",
    ),
    ("三年级2班王小明作品说明.pdf", corpus.pdf(), "result"),
    ("王小明和爸爸王大明制作中.png", corpus.png(size=(80, 60)), "process"),
]


@pytest.fixture
def blind_entry(festival, student, head_teacher, organizer):
    """王小明 of 三年级2班, advised by 赵辅导, made with 王大明: every name on the entry and in its files."""
    competition = CompetitionFactory(festival=festival, invention=True, kind="invention", blind=True, class_quota=5)
    add_rubric(competition)
    advisor = TeacherFactory(school=festival.school, real_name="赵辅导")
    entry = entry_services.entry_create(
        competition=competition,
        by=student,
        title="自动浇花器",
        description="利用虹吸原理给花浇水。",
        details=DETAILS,
        advisor=advisor,
        parent_name="王大明",
        now=NOW,
    )
    for name, content, role in FILES:
        entry_services.attachment_add(entry=entry, by=student, file=corpus.upload(name, content), role=role, now=NOW)
    entry_services.entry_declare_original(entry=entry, by=student, declared=True, now=NOW)
    entry_services.entry_submit(entry=entry, by=student, now=NOW)
    entry_services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
    entry_services.entries_accept(entries=[entry], by=organizer)
    return Entry.objects.get(pk=entry.pk)


@pytest.fixture
def judge_assignment(blind_entry, judges):
    return AssignmentFactory(entry=blind_entry, judge=judges[0])


def secrets(entry: Entry) -> list[str]:
    """Everything that would tell a judge whose entry this is."""
    names = [a.real_name for a in entry.authors.all()]
    names += [entry.school_class.name, entry.advisor.real_name, entry.parent_name]
    names += [a.student_number for a in entry.authors.all()]
    names += [a.original_name for a in entry.attachments.all()]
    names += [a.original_name.rsplit(".", 1)[0] for a in entry.attachments.all()]
    return names


def assert_nothing_names_the_authors(response, entry: Entry) -> None:
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # The conflicts form's class select lists every class of the school, which says nothing about an entry.
    body = re.sub(rb'<select name="school_class".*?</select>', b"", body, flags=re.S)
    for secret in secrets(entry):
        for form in {secret, quote(secret)}:
            assert form.encode() not in body, f"{secret!r} in the body of {response.request['PATH_INFO']}"
            assert form not in headers, f"{secret!r} in the headers of {response.request['PATH_INFO']}"


def test_the_secrets_are_real(blind_entry):
    assert secrets(blind_entry)[:4] == ["王小明", "三年级2班", "赵辅导", "王大明"]
    assert sorted(a.original_name for a in blind_entry.attachments.all()) == sorted(f[0] for f in FILES)


def test_no_page_of_the_judge_names_the_authors(client, judge_assignment, blind_entry):
    client.force_login(judge_assignment.judge)
    score_url = reverse("judge_score", args=[judge_assignment.pk])
    criteria = list(blind_entry.competition.criteria.order_by("position"))

    responses = [
        client.get(reverse("home")),
        client.get(reverse("judge_queue")),
        client.get(score_url),
        client.post(score_url, {f"points_{criteria[0].pk}": "99", "action": "draft", "version": 0}),
        client.post(score_url, {f"points_{criteria[0].pk}": "20", "action": "draft", "version": 0}, follow=True),
        client.get(reverse("judge_conflicts")),
    ]

    assert [r.status_code for r in responses] == [200, 200, 200, 400, 200, 200]
    for response in responses:
        assert_nothing_names_the_authors(response, blind_entry)
    assert "2026-ZZ-0001" in text(page(responses[2]))


def test_files_are_named_after_the_entry_code_and_carry_no_names(client, judge_assignment, blind_entry):
    client.force_login(judge_assignment.judge)
    shown = text(page(client.get(reverse("judge_score", args=[judge_assignment.pk]))))
    # The work first, then the making-of photos, in the order they were added.
    attachments = sorted(blind_entry.attachments.all(), key=lambda a: (a.role != AttachmentRole.RESULT, a.pk))

    responses = []
    for attachment in attachments:
        args = [judge_assignment.pk, attachment.pk]
        responses.append(client.get(reverse("judge_attachment", args=args)))
        if attachment.thumbnail:
            responses.append(client.get(reverse("judge_attachment_thumbnail", args=args)))

    assert [r.status_code for r in responses] == [200] * len(responses)
    assert [r["Content-Disposition"] for r in responses] == [
        'inline; filename="2026-ZZ-0001-1.jpg"',
        'inline; filename="2026-ZZ-0001-1.jpg"',
        'attachment; filename="2026-ZZ-0001-2.pdf"',
        'inline; filename="2026-ZZ-0001-3.png"',
        'inline; filename="2026-ZZ-0001-3.jpg"',
    ]
    for response in responses:
        assert_nothing_names_the_authors(response, blind_entry)
        assert response["Content-Security-Policy"] == "sandbox"
    for name in ["2026-ZZ-0001-1.jpg", "2026-ZZ-0001-2.pdf", "2026-ZZ-0001-3.png"]:
        assert name in shown


def test_pictures_reach_the_judge_without_any_metadata(client, judge_assignment, blind_entry):
    client.force_login(judge_assignment.judge)

    pictures = []
    for attachment in blind_entry.attachments.filter(kind="image"):
        args = [judge_assignment.pk, attachment.pk]
        for route in ("judge_attachment", "judge_attachment_thumbnail"):
            response = client.get(reverse(route, args=args))
            pictures.append(b"".join(response.streaming_content))

    assert len(pictures) == 4
    for data in pictures:
        image = Image.open(io.BytesIO(data))
        assert dict(image.getexif()) == {}
        assert not {"exif", "xmp", "comment", "Author", "XML:com.adobe.xmp"} & set(image.info)
        for marker in (b"PhoneMaker", b"Phone 15", b"GPS", b"xmpmeta"):
            assert marker not in data


def test_the_file_addresses_carry_only_numbers(client, judge_assignment, blind_entry):
    client.force_login(judge_assignment.judge)

    doc = page(client.get(reverse("judge_score", args=[judge_assignment.pk])))

    addresses = [
        value
        for element in doc.select("*")
        for value in element.attrs.values()
        if isinstance(value, str) and value.startswith("/judging/files/")
    ]
    assert len(addresses) == 3 + 3 + 2  # thumbnail, picture and name link of the pictures; icon and name of the PDF
    assert all(re.fullmatch(r"/judging/files/\d+/\d+/(thumbnail/)?", a) for a in addresses)


def test_a_named_competition_shows_the_authors_to_its_judges(client, judge_assignment, blind_entry):
    blind_entry.competition.blind = False
    blind_entry.competition.save()
    client.force_login(judge_assignment.judge)

    shown = text(page(client.get(reverse("judge_score", args=[judge_assignment.pk]))))

    assert "王小明" in shown and "三年级2班" in shown and "赵辅导" in shown


def test_the_judges_own_declared_conflicts_do_not_leak_into_blind_pages(client, judge_assignment, blind_entry):
    """The conflicts page lists the judge's own declarations; an unrelated one does not reveal the author."""
    other = TeacherFactory(school=blind_entry.festival.school)
    ConflictDeclarationFactory(judge=other, student=blind_entry.authors.get(), reason="亲戚")
    client.force_login(judge_assignment.judge)

    response = client.get(reverse("judge_conflicts"))

    assert_nothing_names_the_authors(response, blind_entry)


def test_document_metadata_does_not_name_the_author(client, judge_assignment, blind_entry, student):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": "王小明"})
    buffer = io.BytesIO()
    writer.write(buffer)
    Entry.objects.filter(pk=blind_entry.pk).update(state="draft")
    entry = Entry.objects.get(pk=blind_entry.pk)
    attachment = entry_services.attachment_add(
        entry=entry, by=student, file=corpus.upload("说明.pdf", buffer.getvalue()), now=NOW
    )
    Entry.objects.filter(pk=entry.pk).update(state="in_judging")
    client.force_login(judge_assignment.judge)

    response = client.get(reverse("judge_attachment", args=[judge_assignment.pk, attachment.pk]))

    body = b"".join(response.streaming_content)
    metadata = PdfReader(io.BytesIO(body)).metadata or {}
    assert "王小明" not in " ".join(str(v) for v in metadata.values())
