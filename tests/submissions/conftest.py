"""Festival, competition and entry fixtures for the entry tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from competitions.models import Competition, EntryMode, Festival
from schools.models import Grade
from submissions import services
from submissions.models import AttachmentRole
from tests.factories import StudentFactory, TeacherFactory
from tests.submissions import corpus

NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))


def make_competition(festival: Festival, *, code: str = "ZZ", grades=(3,), **fields) -> Competition:
    values = {
        "name": "科技创新制作",
        "kind": "invention",
        "entry_fields": ["subtype", "design_idea"],
        "entry_mode": EntryMode.INDIVIDUAL,
        "entries_per_student": 2,
        "class_quota": 2,
        "submission_opens": NOW - dt.timedelta(days=10),
        "submission_closes": NOW + dt.timedelta(days=10),
        "judging_opens": NOW + dt.timedelta(days=11),
        "judging_closes": NOW + dt.timedelta(days=20),
        "file_types": ["image", "pdf"],
        "min_image_px": 0,
        **fields,
    }
    competition = Competition.objects.create(festival=festival, code=code, **values)
    competition.eligible_grades.set([Grade.objects.get_or_create(school=festival.school, number=n)[0] for n in grades])
    return competition


@pytest.fixture
def festival(school):
    return Festival.objects.create(school=school, year=2026, name="第二届科技节", slug="2026", status="published")


@pytest.fixture
def competition(festival, school_class):
    return make_competition(festival)


@pytest.fixture
def classmate(school_class):
    return StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202")


@pytest.fixture
def advisor(school):
    return TeacherFactory(school=school, real_name="赵辅导")


DETAILS = {"subtype": "invention", "design_idea": "用废旧塑料瓶做自动浇花器，利用虹吸原理。"}


def draft(competition, student, **kw):
    return services.entry_create(
        competition=competition, by=student, title=kw.pop("title", "自动浇花器"), details=DETAILS, now=NOW, **kw
    )


def ready_entry(competition, student, **kw):
    """A draft with everything needed to submit it."""
    entry = draft(competition, student, **kw)
    services.attachment_add(
        entry=entry, by=student, file=corpus.upload("作品.jpg", corpus.jpeg(size=(64, 48))), now=NOW
    )
    services.entry_declare_original(entry=entry, by=student, declared=True, now=NOW)
    return entry


def submitted_entry(competition, student, **kw):
    entry = ready_entry(competition, student, **kw)
    return services.entry_submit(entry=entry, by=student, now=NOW)


__all__ = ["NOW", "AttachmentRole", "draft", "make_competition", "ready_entry", "submitted_entry"]
