"""The world of the permission matrix: two schools, each with its festival, competition in judging and panel; in
the own school two classes of 三年级, each with a pupil whose entry is in judging (a picture, a judge assigned, a
result row and the pupil's objection to it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from awards.models import Publication
from competitions.models import Competition
from schools.models import RosterImport, SchoolClass, User
from schools.roster.rows import COUNT_LABELS
from submissions.models import Entry, EntryState
from tests.factories.awards import ObjectionFactory, ResultFactory
from tests.factories.competitions import ClassExtensionFactory, CompetitionFactory, FestivalFactory, open_judging
from tests.factories.exports import ExportFactory
from tests.factories.judging import AssignmentFactory, PanelFactory
from tests.factories.schools import (
    JudgeFactory,
    OrganizerFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
)
from tests.factories.submissions import accept_entries


@dataclass
class Side:
    """The objects a URL's kwargs are filled with: one pupil's, their class's, their school's."""

    user: User
    school_class: SchoolClass
    objects: dict[str, object] = field(default_factory=dict)


def _pupil(school, competition, *, number: int, name: str, head: User, organizer: User, judge: User) -> Side:
    school_class = SchoolClassFactory(grade__school=school, grade__number=3, number=number, head_teacher=head)
    pupil = StudentFactory(school_class=school_class, real_name=name)
    (entry,) = accept_entries(competition, [pupil], head_teacher=head, organizer=organizer)
    return Side(pupil, school_class, {"entry": entry, "judge": judge})


def _school(slug: str, name: str) -> dict:
    school = SchoolFactory(slug=slug, name=name)
    organizer = OrganizerFactory(school=school)
    festival = FestivalFactory(school=school, slug=f"{slug}-2026", phases=False)
    competition = CompetitionFactory(festival=festival, invention=True, grades=[3], class_quota=5)
    return {"school": school, "organizer": organizer, "festival": festival, "competition": competition}


def _finish(side: Side, shared: dict) -> Side:
    """The pupil's entry's picture, assignment, result and objection, and the school's rows, by kwarg."""
    entry = side.objects["entry"]
    assignment = AssignmentFactory(entry=entry, judge=side.objects.pop("judge"))
    result = ResultFactory(entry=entry, competition=shared["competition"])
    now = timezone.now()
    side.objects.update(
        user=side.user,
        school_class=side.school_class,
        festival=shared["festival"],
        competition=shared["competition"],
        assignment=assignment,
        attachment=entry.attachments.first(),
        result=result,
        objection=ObjectionFactory(result=result, raised_by=side.user),
        publication=shared["publication"],
        export=shared["export"],
        roster_import=shared["roster_import"],
        extension=ClassExtensionFactory(
            competition=shared["competition"], school_class=side.school_class, closes_at=now + dt.timedelta(days=40)
        ),
    )
    return side


def _publish(shared: dict) -> None:
    """The results locked and published, in their 公示 (rows only): the entries awarded, so their pictures are
    on the honour roll and their results open to objections."""
    competition, publication = shared["competition"], shared["publication"]
    publication.competitions.add(competition)
    Competition.objects.filter(pk=competition.pk).update(
        results_locked_at=publication.published_at,
        published_at=publication.published_at,
        notice_ends_at=publication.notice_ends_at,
    )
    Entry.objects.filter(competition=competition).update(state=EntryState.AWARDED)


def build_world() -> dict:
    """Personas by name and the sides ``own`` (the student's), ``other`` (a pupil of another class of the school)
    and ``foreign`` (a pupil of another school)."""
    here, there = _school("xinghe", "星河实验学校"), _school("qingshan", "青山中学")
    people = {
        "student": None,
        "other_student": None,
        "head_teacher": TeacherFactory(school=here["school"], real_name="周老师"),
        "other_teacher": TeacherFactory(school=here["school"], real_name="李老师"),
        "judge": JudgeFactory(school=here["school"], real_name="评委甲"),
        "judge_unassigned": JudgeFactory(school=here["school"], real_name="评委乙"),
        "organizer": here["organizer"],
        "organizer_x": there["organizer"],
    }
    head_judge = JudgeFactory(school=here["school"], real_name="组长")
    there_head, there_judge = TeacherFactory(school=there["school"]), JudgeFactory(school=there["school"])
    own = _pupil(
        here["school"],
        here["competition"],
        number=2,
        name="王小明",
        head=people["head_teacher"],
        organizer=here["organizer"],
        judge=people["judge"],
    )
    other = _pupil(
        here["school"],
        here["competition"],
        number=5,
        name="李雨萱",
        head=people["other_teacher"],
        organizer=here["organizer"],
        judge=head_judge,
    )
    foreign = _pupil(
        there["school"],
        there["competition"],
        number=1,
        name="外校生",
        head=there_head,
        organizer=there["organizer"],
        judge=there_judge,
    )
    people["student"], people["other_student"] = own.user, other.user
    open_judging(here["competition"], there["competition"])
    PanelFactory(
        competition=here["competition"],
        judges=[people["judge"], people["judge_unassigned"], head_judge],
        head_judge=head_judge,
    )
    PanelFactory(competition=there["competition"], judges=[there_judge], head_judge=there_judge)
    for shared in (here, there):
        now = timezone.now()
        shared["publication"] = Publication.objects.create(
            festival=shared["festival"],
            published_at=now,
            notice_ends_at=now + dt.timedelta(days=5),
            published_by=shared["organizer"],
        )
        shared["export"] = ExportFactory(school=shared["school"], requested_by=shared["organizer"])
        shared["roster_import"] = RosterImport.objects.create(
            school=shared["school"],
            uploaded_by=shared["organizer"],
            file_name="花名册.xlsx",
            state=RosterImport.State.DONE,
            progress=100,
            counts=dict.fromkeys((key for key, _label in COUNT_LABELS), 1),
        )
    sides = {"own": _finish(own, here), "other": _finish(other, here), "foreign": _finish(foreign, there)}
    for shared in (here, there):
        _publish(shared)
    return {"people": people, "sides": sides}
