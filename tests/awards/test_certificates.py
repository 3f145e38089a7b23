"""奖状: the certificates PDF built from real judging results through the export service."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from awards import services as award_services
from awards.exporters.certificates import chinese_date, wrap
from competitions.models import EntryMode
from core.exporters import EXPORTERS
from exports import services as export_services
from exports.models import Export
from judging import services as judging_services
from judging.models import Assignment
from submissions import services as entry_services
from tests.factories.awards import publish_locked
from tests.factories.competitions import NOW, AwardTierFactory, CompetitionFactory, add_rubric, open_judging
from tests.factories.schools import StudentFactory, TeacherFactory
from tests.factories.submissions import submitted_entry
from tests.html import attrs, page

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None and not os.environ.get("CI"), reason="needs pdftoppm (poppler-utils)"
)

LONG_TITLE = (
    "利用废旧塑料瓶和太阳能电池板制作的自动浇花器与智能温室监测系统以及配套的手机应用程序设计方案说明书"
    "和实物模型展示，附加对校园植物角的长期观察记录与改进建议，以及全班同学共同完成的实验报告"
)


def _judged(festival, *, name, code, position, entries, judge, organizer, head_teacher, team=False, lock=True):
    """A competition whose entries ([(leader, title, team, total, advisor)]) are scored by one judge, computed
    and (unless told otherwise) locked: one 一等奖, one 二等奖, one 三等奖."""
    competition = CompetitionFactory(
        festival=festival,
        invention=True,
        code=code,
        name=name,
        position=position,
        class_quota=max(10, len(entries)),
        entries_per_student=1,
        judges_per_entry=1,
        entry_mode=EntryMode.TEAM if team else EntryMode.INDIVIDUAL,
        team_max_size=3 if team else None,
    )
    add_rubric(competition, [("创新性", 100)])
    for level in ("first", "second", "third"):
        AwardTierFactory(competition=competition, level=level, amount=1)
    made = []
    for leader, title, members, _total, advisor in entries:
        entry = submitted_entry(competition, leader, title=title, team=members, advisor=advisor)
        entry_services.shortlist_add(entry=entry, by=head_teacher, now=NOW)
        made.append(entry)
    entry_services.entries_accept(entries=made, by=organizer)
    open_judging(competition)
    judging_services.panel_set(competition=competition, judges=[judge], head_judge=judge, by=organizer)
    judging_services.assignments_plan(competition=competition, by=organizer)
    criterion = competition.criteria.get()
    totals = {e.pk: spec[3] for e, spec in zip(made, entries, strict=True)}
    for assignment in Assignment.objects.filter(entry__competition=competition):
        judging_services.score_save(
            assignment=assignment,
            by=judge,
            points={criterion.pk: D(totals[assignment.entry_id])},
            submit=True,
            version=0,
            now=NOW,
        )
    award_services.results_compute(competition=competition, by=organizer)
    if lock:
        award_services.results_lock(competition=competition, by=organizer, now=NOW)
    return competition


@pytest.fixture
def awarded(festival, school_class, student, judges, organizer, head_teacher):
    """Two locked competitions (one with a team), one computed but not locked, the class's collective award,
    an advisor's 科技辅导员奖 and the class's 优秀组织奖; published on 21 November in Shanghai (17:30 on the 20th
    in UTC)."""
    advisor = TeacherFactory(school=festival.school, real_name="赵辅导")
    rare = StudentFactory(school_class=school_class, real_name="欧阳喆堃")
    third = StudentFactory(school_class=school_class, real_name="李雨萱")
    leader = StudentFactory(school_class=school_class, real_name="张浩宇")
    partner = StudentFactory(school_class=school_class, real_name="司马玥")
    late = StudentFactory(school_class=school_class, real_name="未锁定")
    common = {"judge": judges[0], "organizer": organizer, "head_teacher": head_teacher}
    _judged(
        festival,
        name="科技创新绘画",
        code="HH",
        position=0,
        entries=[
            (student, "《未来的城市》", (), 90, advisor),
            (rare, "海底学校", (), 80, None),
            (third, LONG_TITLE, (), 70, None),
        ],
        **common,
    )
    _judged(
        festival,
        name="科技创新制作",
        code="ZZ",
        position=1,
        team=True,
        entries=[(leader, "自动浇花器", (partner,), 95, advisor)],
        **common,
    )
    publish_locked(festival=festival, by=organizer, now=dt.datetime(2026, 11, 20, 17, 30, tzinfo=dt.UTC))
    # The 公示 is over: the collective and special awards are decided.
    award_services.collective_compute(festival=festival, by=organizer)
    award_services.collective_confirm(festival=festival, by=organizer)
    award_services.special_award_confirm(festival=festival, kind="advisor", teacher=advisor, by=organizer)
    award_services.special_award_confirm(
        festival=festival, kind="organization", school_class=school_class, by=organizer
    )
    # Judged after the publication and not locked yet: no certificate.
    _judged(
        festival,
        name="科技小论文",
        code="LW",
        position=2,
        lock=False,
        entries=[(late, "蚂蚁观察日记", (), 99, None)],
        **common,
    )
    return festival


def _build(festival, organizer, language="zh-hans") -> tuple[Export, bytes]:
    with translation.override(language):
        export = export_services.export_request(kind="certificates", by=organizer, festival=festival)
    export_services.export_build(export_id=export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as fh:
        return export, fh.read()


def _texts(data: bytes) -> list[str]:
    """Each page's text without white space (a wrapped line breaks a phrase anywhere)."""
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.django_db
def test_one_numbered_certificate_per_award_in_a_stable_order(awarded, organizer):
    export, data = _build(awarded, organizer)

    texts = _texts(data)
    assert (export.state, export.progress, export.file_name[:3]) == ("done", 100, "奖状_")
    assert export.file_name.endswith(".pdf")
    assert [re.search(r"KJJ-\d{4}-\d{4}", t).group() for t in texts] == [f"KJJ-2026-{n:04d}" for n in range(1, 9)]
    assert [re.search(r"(.*?)：在", t.split("荣誉证书", 1)[1]).group(1) for t in texts] == [
        "三年级2班王小明同学",
        "三年级2班欧阳喆堃同学",
        "三年级2班李雨萱同学",
        "三年级2班张浩宇同学",
        "三年级2班司马玥同学",
        "三年级2班",
        "赵辅导老师",
        "三年级2班",
    ]
    assert (
        "在星河实验学校第二届科技节「科技创新绘画」比赛中，作品《未来的城市》荣获一等奖特发此状，以资鼓励。" in texts[0]
    )
    assert "指导教师：赵辅导" in texts[0]
    assert "二等奖" in texts[1] and "三等奖" in texts[2]
    assert "与司马玥合作的作品《自动浇花器》荣获一等奖" in texts[3]
    assert "与张浩宇合作的作品《自动浇花器》荣获一等奖" in texts[4]
    assert "你班在小学组评比中荣获集体一等奖" in texts[5]
    assert "您悉心指导学生开展科技创新活动，成绩突出，荣获科技辅导员奖" in texts[6]
    assert "你班组织有力、人人参与，荣获优秀组织奖" in texts[7]
    assert not any("未锁定" in t for t in texts)  # the essay competition is not locked
    assert all("二〇二六年十一月二十一日" in t for t in texts)  # published on the 21st, Shanghai time


@pytest.mark.django_db
def test_pdf_is_a4_landscape_with_a_subset_of_the_chinese_font_embedded(awarded, organizer):
    _export, data = _build(awarded, organizer)

    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    descendant = fonts[0]["/DescendantFonts"][0].get_object()
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    assert len(fonts) == 1
    assert re.fullmatch(r"[A-Z]{6}\+NotoSerifSC-?Medium", fonts[0]["/BaseFont"].lstrip("/"))
    assert "/FontFile2" in descendant["/FontDescriptor"]
    assert len(data) < 200_000  # eight pages, with the glyphs they use only (the font file is 14 MB)


@pytest.mark.django_db
def test_english_export_reads_in_english(awarded, organizer):
    _export, data = _build(awarded, organizer, language="en")

    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Certificate of Honour" in first
    assert "First prize" in first
    assert "21 November 2026" in first
    assert "No. KJJ-2026-0001" in first


@needs_pdftoppm
@pytest.mark.django_db
def test_pages_render_with_chinese_glyphs_and_long_titles_stay_inside(awarded, organizer, tmp_path):
    _export, data = _build(awarded, organizer)
    (tmp_path / "certificates.pdf").write_bytes(data)

    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "3", str(tmp_path / "certificates.pdf"), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    pages = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("p-*.png"))]

    def box(image, left, top, right, bottom):  # in millimetres of the A4 landscape page
        scale = image.width / 297
        return image.crop((round(left * scale), round(top * scale), round(right * scale), round(bottom * scale)))

    def share(image, test) -> float:
        pixels = list(image.get_flattened_data())
        return sum(1 for p in pixels if test(p)) / len(pixels)

    def red(p):
        return p[0] > 120 and p[1] < 100 and p[2] < 100

    def dark(p):
        return sum(p) < 3 * 160

    assert len(pages) == 3
    assert pages[0].size == (585, 414)  # 297 × 210 mm at 50 dpi, rounded up
    # The red heading 荣誉证书 fills its box; black text fills the wording's; the page is otherwise white.
    assert share(box(pages[0], 105, 30, 192, 50), red) > 0.08
    assert share(box(pages[0], 40, 75, 257, 140), dark) > 0.02
    assert share(pages[0], lambda p: p == (255, 255, 255)) > 0.7
    # The third prize's long title wraps (shrinking if need be) and leaves the margins clear.
    long_page = pages[2]
    assert share(box(long_page, 40, 75, 257, 150), dark) > 0.04
    assert share(box(long_page, 268, 62, 279, 160), dark) == 0
    assert share(box(long_page, 20, 62, 37, 160), dark) == 0


@pytest.mark.django_db
def test_only_organizers_may_ask_for_certificates(awarded, head_teacher, student):
    for person in (head_teacher, student):
        with pytest.raises(ValidationError) as excinfo:
            export_services.export_request(kind="certificates", by=person, festival=awarded)
        assert excinfo.value.messages == ["你无权进行这项导出。"]
    assert not Export.objects.exists()


@pytest.mark.django_db
def test_organizers_see_the_pdf_export_on_the_exports_page_and_teachers_do_not(
    client, festival, organizer, head_teacher
):
    client.force_login(organizer)
    organizer_page = page(client.get("/exports/"))
    client.force_login(head_teacher)
    teacher_page = page(client.get("/exports/"))

    assert "certificates" in attrs(organizer_page, "button", "value")
    assert organizer_page.select(".bi-file-earmark-pdf")
    assert "certificates" not in attrs(teacher_page, "[value]", "value")


@pytest.mark.django_db
def test_a_festival_without_awards_gives_one_page_saying_so(festival, organizer):
    export, data = _build(festival, organizer)

    texts = _texts(data)
    assert export.state == "done"
    assert len(texts) == 1
    assert "第二届科技节还没有可以颁发奖状的奖项。" in texts[0]
    assert "KJJ" not in texts[0]


@pytest.mark.parametrize("awards", [1, 3])
@pytest.mark.django_db
def test_certificates_need_the_same_queries_whatever_the_number_of_awards(
    festival, school_class, judges, organizer, head_teacher, awards
):
    students = [StudentFactory(school_class=school_class) for _ in range(awards)]
    entries = [
        (s, f"作品{i}", (StudentFactory(school_class=school_class),), 90 - i, None) for i, s in enumerate(students)
    ]
    _judged(
        festival,
        name="科技创新制作",
        code="ZZ",
        position=0,
        team=True,
        entries=entries,
        judge=judges[0],
        organizer=organizer,
        head_teacher=head_teacher,
    )
    publish_locked(festival=festival, by=organizer, now=NOW)
    exporter = EXPORTERS["certificates"](school=festival.school, festival=festival, user=organizer)

    with CaptureQueriesContext(connection) as queries:
        exporter.write(io.BytesIO(), lambda percent: None)

    # results, their authors, collective awards, special awards, the latest publication
    assert len(queries) == 5
    assert len(exporter.certificates()) == 2 * awards  # every member of each team


def test_dates_are_written_the_chinese_way():
    assert chinese_date(dt.date(2026, 12, 1)) == "二〇二六年十二月一日"
    assert chinese_date(dt.date(2030, 10, 31)) == "二〇三〇年十月三十一日"
    assert chinese_date(dt.date(2027, 2, 20)) == "二〇二七年二月二十日"


def test_wrapping_keeps_lines_within_the_width_and_punctuation_off_line_starts():
    lines = wrap("在星河实验学校第二届科技节「科技创新绘画」比赛中，作品《未来的城市》荣获", 10, len, indent=2)

    # 8 characters after the indent, then 10; 《 never ends a line, 」 and ， never start one.
    assert lines == ["在星河实验学校第", "二届科技节「科技创新", "绘画」比赛中，作品", "《未来的城市》荣获"]
    assert wrap("一二三四五六七八九十，好", 10, len) == ["一二三四五六七八九十，", "好"]  # the comma hangs
    assert wrap("一二三四五六七八九「十」", 10, len) == ["一二三四五六七八九", "「十」"]  # the bracket moves down
    assert wrap("the quick brown fox", 10, len) == ["the quick", "brown fox"]
    assert wrap("Supercalifragilistic", 10, len) == ["Supercalif", "ragilistic"]


def test_font_is_vendored_with_its_licence():
    folder = Path(__file__).resolve().parents[2] / "static" / "vendored" / "fonts" / "noto-serif-sc"

    assert (folder / "NotoSerifSC-Medium.ttf").stat().st_size > 10_000_000
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text()
