"""Printable entry labels: what each says, who may print which, and the QR code that opens the entry."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import shutil
import subprocess

import pytest
import qrcode
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from submissions import labels, services
from tests.factories.competitions import NOW, CompetitionFactory, FestivalFactory
from tests.factories.schools import JudgeFactory, OrganizerFactory, SchoolClassFactory, StudentFactory, TeacherFactory
from tests.factories.submissions import draft, submitted_entry
from tests.html import attrs, page, text, texts

LABELS_URL = reverse("entry_labels")


def qr_modules(svg: bytes) -> set[tuple[int, int]]:
    """The dark modules drawn by the SVG path: runs "Mx,yhNv1h-Nz" of N modules from (x, y)."""
    runs = re.findall(r"M(\d+),(\d+)h(\d+)v1h-\3z", svg.decode())
    return {(int(x) + i, int(y)) for x, y, n in runs for i in range(int(n))}


def expected_modules(payload: str) -> set[tuple[int, int]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(payload)
    code.make(fit=True)
    return {(x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark}


def label_texts(response) -> list[str]:
    return [label.entry.code for label in response.context["labels"]]


# --- The QR code -------------------------------------------------------------------------------------


def test_qr_payload_is_the_absolute_address_of_the_entry_page(settings, live, student):
    settings.ALLOWED_HOSTS = ["kejijie.example.cn"]
    entry = submitted_entry(live, student)
    request = RequestFactory().get("/labels/", HTTP_HOST="kejijie.example.cn", secure=True)

    assert labels.entry_url(request, entry) == f"https://kejijie.example.cn/entries/{entry.pk}/"


def test_qr_code_draws_exactly_the_modules_of_its_payload():
    url = "https://kejijie.example.cn/entries/42/"

    svg = labels.qr_svg(url)

    assert qr_modules(svg) == expected_modules(url)
    assert qr_modules(svg) != expected_modules("https://kejijie.example.cn/entries/43/")


@pytest.mark.skipif(
    shutil.which("zbarimg") is None and not os.environ.get("CI"), reason="needs zbarimg (apt-get install zbar-tools)"
)
def test_qr_code_scans_to_the_entry_address(tmp_path):
    url = "https://kejijie.example.cn/entries/42/"
    svg = labels.qr_svg(url)
    size = int(re.search(r'viewBox="0 0 (\d+)', svg.decode()).group(1))
    picture = Image.new("L", (size, size), 255)
    for x, y in qr_modules(svg):
        picture.putpixel((x, y), 0)
    picture.resize((size * 8, size * 8), Image.NEAREST).save(tmp_path / "qr.png")

    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "qr.png")], capture_output=True, text=True, timeout=30
    )

    assert scanned.stdout.strip() == url


def test_qr_data_uri_is_an_svg_image():
    uri = labels.qr_data_uri("https://kejijie.example.cn/entries/42/")

    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix) :]) == labels.qr_svg("https://kejijie.example.cn/entries/42/")


# --- What a label says -------------------------------------------------------------------------------


def test_label_shows_code_kind_title_class_name_age_advisor_and_qr(client, head_teacher, live, student, advisor):
    entry = submitted_entry(live, student, advisor=advisor)
    client.force_login(head_teacher)

    response = client.get(LABELS_URL)

    [label] = response.context["labels"]
    assert label.url == f"http://testserver/entries/{entry.pk}/"
    assert label.qr == labels.qr_data_uri(label.url)
    assert [(a.name, a.age) for a in label.authors] == [("王小明", 9)]
    doc = page(response)
    for shown in (entry.code, "自动浇花器", "三年级2班", "王小明（9 岁）", "赵辅导"):
        assert shown in text(doc), shown
    assert texts(doc, ".label-kind") == ["科技创新制作"]
    assert attrs(doc, "img.label-qr", "src") == [label.qr]


def test_age_is_counted_on_the_day_submission_closes(festival, school_class, student):
    # Born 2017-12-01, submission closes 2026-11-30: still 8 on the label, whenever it is printed.
    student.birth_date = dt.date(2017, 12, 1)
    student.save()
    before_birthday = CompetitionFactory(
        festival=festival,
        open_now=True,
        code="B1",
        submission_closes=timezone.make_aware(dt.datetime(2026, 11, 30, 17, 0)),
    )
    entry = submitted_entry(before_birthday, student)
    request = RequestFactory().get("/labels/")

    [label] = labels.build_labels(request, [entry])

    assert label.authors[0].age == 8


def test_labels_come_eight_to_a_sheet(client, organizer, live, school_class):
    for _ in range(9):
        submitted_entry(live, StudentFactory(school_class=school_class))
    client.force_login(organizer)

    response = client.get(LABELS_URL)

    assert [len(sheet) for sheet in response.context["sheets"]] == [8, 1]
    assert len(page(response).select(".label-sheet")) == 2


# --- Which labels ------------------------------------------------------------------------------------


def test_head_teacher_prints_only_their_classes_labels(client, festival, head_teacher, other_teacher, live, student):
    mine = submitted_entry(live, student)
    other_class = other_teacher.headed_classes.get()
    theirs = submitted_entry(live, StudentFactory(school_class=other_class))
    client.force_login(head_teacher)

    assert label_texts(client.get(LABELS_URL)) == [mine.code]
    # Asking for another class gives nothing: the choice is not offered.
    response = client.get(LABELS_URL, {"school_class": other_class.pk})
    assert label_texts(response) == [mine.code]
    assert "school_class" in response.context["form"].errors
    client.force_login(other_teacher)
    assert label_texts(client.get(LABELS_URL)) == [theirs.code]


def test_organizer_prints_any_class_and_filters(client, organizer, festival, live, student, other_teacher):
    other_class = other_teacher.headed_classes.get()
    mine = submitted_entry(live, student)
    theirs = submitted_entry(live, StudentFactory(school_class=other_class))
    client.force_login(organizer)

    assert label_texts(client.get(LABELS_URL)) == [mine.code, theirs.code]
    assert label_texts(client.get(LABELS_URL, {"school_class": other_class.pk})) == [theirs.code]
    assert label_texts(client.get(LABELS_URL, {"competition": live.pk, "school_class": student.school_class_id})) == [
        mine.code
    ]


def test_labels_open_on_the_current_festival_and_another_may_be_chosen(
    client, frozen, school, organizer, head_teacher, student
):
    last_year = FestivalFactory(school=school, year=2025, name="第一届科技节", slug="2025", phases=dt.date(2025, 4, 11))
    this_year = FestivalFactory(school=school, year=2026, name="第二届科技节", slug="2026", phases=dt.date(2026, 4, 11))
    last_years = CompetitionFactory(festival=last_year, open_now=True)
    this_years = CompetitionFactory(festival=this_year, open_now=True)
    old, new = submitted_entry(last_years, student), submitted_entry(this_years, student)
    client.force_login(organizer)

    response = client.get(LABELS_URL)

    assert (old.code, new.code) == ("2025-ZZ-0001", "2026-ZZ-0001")
    assert label_texts(response) == [new.code]
    assert texts(page(response), "#id_festival option[selected]") == ["第二届科技节（2026）"]
    assert list(response.context["form"].fields["competition"].queryset) == [this_years]
    response = client.get(LABELS_URL, {"festival": last_year.pk})
    assert label_texts(response) == [old.code]
    assert list(response.context["form"].fields["competition"].queryset) == [last_years]
    # A competition left chosen from the other festival is dropped, the festival chosen still holds.
    response = client.get(LABELS_URL, {"festival": last_year.pk, "competition": this_years.pk})
    assert label_texts(response) == [old.code]
    assert "competition" in response.context["form"].errors
    client.force_login(head_teacher)
    assert label_texts(client.get(LABELS_URL)) == [new.code]


def test_only_physical_works_by_default(client, organizer, festival, live, student, classmate):
    essay = CompetitionFactory(
        festival=festival, open_now=True, code="ZW", name="科幻作文", kind="essay", entry_fields=["genre"]
    )
    work = submitted_entry(live, student)
    text = services.entry_create(competition=essay, by=classmate, title="火星上的一天", details={"genre": "essay"})
    services.entry_declare_original(entry=text, by=classmate, declared=True)
    text.state = "submitted"  # an essay is a file; its upload is not what this test is about
    text.save()
    client.force_login(organizer)

    assert label_texts(client.get(LABELS_URL)) == [work.code]
    assert label_texts(client.get(LABELS_URL, {"all_kinds": "on"})) == [work.code, text.code]
    assert label_texts(client.get(LABELS_URL, {"competition": essay.pk})) == [text.code]


def test_drafts_get_no_label(client, head_teacher, live, student):
    draft(live, student)
    client.force_login(head_teacher)

    response = client.get(LABELS_URL)

    assert label_texts(response) == []
    assert "没有需要打印标签的作品" in text(page(response))


@pytest.mark.parametrize(("who", "status"), [("student", 403), ("judge", 403), ("other_organizer", 200)])
def test_who_may_open_the_labels(client, school, other_school, live, student, who, status):
    submitted_entry(live, student)
    user = {
        "student": student,
        "judge": JudgeFactory(school=school),
        "other_organizer": OrganizerFactory(school=other_school),
    }[who]
    client.force_login(user)

    response = client.get(LABELS_URL)

    assert response.status_code == status
    if status == 200:
        assert label_texts(response) == []


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LABELS_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_teacher_heading_no_class_prints_nothing(client, school, live, student):
    submitted_entry(live, student)
    client.force_login(TeacherFactory(school=school))

    assert label_texts(client.get(LABELS_URL)) == []


def test_class_entry_label_names_the_whole_class(client, organizer, festival, school_class, head_teacher):

    competition = CompetitionFactory(festival=festival, class_poster=True)
    entry = services.class_entry_create(
        competition=competition,
        school_class=school_class,
        by=head_teacher,
        title="我们的太空梦",
        details={"poster_topic": "航天"},
        now=NOW,
    )
    entry.state = "submitted"
    entry.save()
    SchoolClassFactory(grade=school_class.grade, number=9)
    client.force_login(organizer)

    response = client.get(LABELS_URL)

    assert label_texts(response) == [entry.code]
    assert "全班" in text(page(response))


# --- Queries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 9])
def test_the_label_page_queries_do_not_grow_with_the_labels(
    client, festival, head_teacher, live, school_class, advisor, count, django_assert_num_queries
):
    FestivalFactory(school=festival.school, year=2025, name="第一届科技节", slug="2025", phases=False)
    poster = CompetitionFactory(festival=festival, open_now=True, code="HB", name="科幻画")
    for i in range(count):
        submitted_entry(live if i % 2 else poster, StudentFactory(school_class=school_class), advisor=advisor)
    client.force_login(head_teacher)

    # The session, the user, their permissions (2), the festivals with their phases (2), the entries with their
    # authors (2), the competitions and the classes to choose from.
    with django_assert_num_queries(10):
        response = client.get(LABELS_URL)

    assert len(response.context["labels"]) == count
