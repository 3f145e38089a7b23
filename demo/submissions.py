"""Demo entries: this year's festival in every state, last year's entries as they went into judging.

What the children make comes from ``demo.data``, its pictures from ``demo.pictures``. Everything goes through
the entry services (create, attach, declare, submit, shortlist, receive, accept), so the pictures are
checked, re-encoded and thumbnailed like any upload and every change is in the audit log.
Every service gets the ``now`` of the moment it happened: last year's inside last year's windows, this year's
inside this year's windows and before the real time (a competition not open yet gets nothing).

Deterministic (fixed seeds) and idempotent: a festival that has entries is left as it is. The number of
entries per class is bounded, so ``--scale`` multiplies them with the classes only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from competitions.kinds import PHYSICAL_KINDS, Kind
from competitions.models import Competition, Festival
from demo.data import ESSAYS, INVENTIONS, MAKING_OF, PAINTINGS, PARENTS, POSTERS
from demo.pictures import essay_picture, invention_picture, painting_picture, poster_picture
from demo.schools import DEMO_CLASS
from schools.models import School, SchoolClass, User
from submissions import services
from submissions.models import AttachmentRole, Entry

SEED = 20260915


@dataclass
class Work:
    """One entry to make, and how far it gets: draft, reopened, withdrawn, submitted, recommended, received."""

    competition: Competition
    school_class: SchoolClass
    authors: list[User]  # the first one creates the entry; none for a class entry
    title: str
    description: str
    details: dict
    picture: bytes
    goal: str
    advisor: User | None = None
    parent_name: str = ""
    process_picture: bytes | None = None


def seed(*, school: School, today: dt.date) -> None:
    """Called by ``manage.py seed_demo`` after the festivals exist (``demo.competitions``)."""
    festivals = {f.year: f for f in Festival.objects.filter(school=school, year__in=(today.year - 1, today.year))}
    organizer = User.objects.filter(school=school, is_organizer=True).order_by("pk").first()
    if organizer is None:
        return
    if today.year - 1 in festivals and not Entry.objects.filter(festival=festivals[today.year - 1]).exists():
        seed_last_year(festival=festivals[today.year - 1], organizer=organizer)
    if today.year in festivals and not Entry.objects.filter(festival=festivals[today.year]).exists():
        seed_this_year(festival=festivals[today.year], organizer=organizer)


def _classes(school: School) -> list[tuple[SchoolClass, list[User]]]:
    classes = list(
        SchoolClass.objects.filter(grade__school=school, head_teacher__isnull=False)
        .select_related("grade", "head_teacher")
        .order_by("grade__number", "number")
    )
    students = defaultdict(list)
    for student in (
        User.objects.filter(school_class__in=classes, is_student=True)
        .select_related("school_class__grade")
        .order_by("student_number", "pk")
    ):
        students[student.school_class_id].append(student)
    return [(c, students[c.pk]) for c in classes if students[c.pk]]


def _is_demo_class(school_class: SchoolClass) -> bool:
    return (school_class.grade.number, school_class.number) == DEMO_CLASS


class Planner:
    """Chooses what each class makes; every choice comes from one seeded random generator."""

    def __init__(self, festival: Festival, seed: int) -> None:
        self.rng = random.Random(seed)
        competitions = festival.competitions.prefetch_related("eligible_grades", "extensions")
        self.competitions = {c.kind: c for c in competitions}
        self.head_teachers: dict[int, list[User]] = defaultdict(list)

    def advisor(self, school_class: SchoolClass) -> User:
        """Mostly the head teacher; sometimes the head teacher of a parallel class who teaches science."""
        others = [t for t in self.head_teachers[school_class.grade_id] if t.pk != school_class.head_teacher_id]
        return self.rng.choice(others) if others and self.rng.random() < 0.25 else school_class.head_teacher

    def work(self, kind: str, school_class: SchoolClass, authors: list[User], goal: str) -> Work | None:
        competition = self.competitions.get(kind)
        if competition is None or school_class.grade.number not in competition.grade_numbers:
            return None
        rng = self.rng
        section = school_class.grade.section
        picture_rng = random.Random(rng.random())
        work = Work(competition, school_class, authors, "", "", {}, b"", goal)
        if kind == Kind.PAINTING:
            work.title, scene, medium, work.description = rng.choice(PAINTINGS)
            work.details = {"medium": medium}
            work.picture = painting_picture(work.title, scene, picture_rng)
        elif kind == Kind.INVENTION:
            work.title, thing, subtype, idea, materials, work.description = rng.choice(INVENTIONS)
            with_parent = section == "primary" and rng.random() < 0.4
            work.details = {"subtype": subtype, "made_with_parent": with_parent, "design_idea": idea}
            if subtype != "design":
                work.details["materials"] = materials
            if with_parent:
                work.parent_name = authors[0].real_name[0] + rng.choice(PARENTS)
            work.picture = invention_picture(work.title, thing, picture_rng)
            if subtype != "design" and rng.random() < 0.3:
                work.process_picture = invention_picture(work.title, thing, picture_rng, making_of=True)
        elif kind == Kind.ESSAY:
            work.title, genre, work.description = rng.choice(ESSAYS[section])
            work.details = {"genre": genre}
            work.picture = essay_picture(work.title, genre, work.description, picture_rng)
        elif kind == Kind.POSTER:
            work.title, work.description = rng.choice(POSTERS)
            work.details = {"poster_topic": work.title}
            work.picture = poster_picture(work.title, school_class.name, picture_rng)
            return work  # the class entry's advisor is the head teacher who submits it
        else:
            return None
        work.advisor = self.advisor(school_class)
        return work


def _make(work: Work, *, organizer: User, now: dt.datetime, later: dt.datetime) -> Entry:
    """Take the work as far as its goal through the services; ``later`` is when the class chooses."""
    head = work.school_class.head_teacher
    if work.authors:
        by = work.authors[0]
        entry = services.entry_create(
            competition=work.competition,
            by=by,
            title=work.title,
            description=work.description,
            details=work.details,
            advisor=work.advisor,
            parent_name=work.parent_name,
            team=work.authors[1:],
            now=now,
        )
    else:
        by = head
        entry = services.class_entry_create(
            competition=work.competition,
            school_class=work.school_class,
            by=head,
            title=work.title,
            description=work.description,
            details=work.details,
            now=now,
        )
    pictures = [(work.picture, AttachmentRole.RESULT, work.title)]
    if work.process_picture:
        pictures.append((work.process_picture, AttachmentRole.PROCESS, f"{work.title}-{MAKING_OF}"))
    for data, role, name in pictures:
        upload = SimpleUploadedFile(f"{name}.jpg", data, content_type="image/jpeg")
        services.attachment_add(entry=entry, by=by, file=upload, role=role, now=now)
    if work.goal == "draft":
        return entry
    if work.authors:
        services.entry_declare_original(entry=entry, by=by, declared=True, now=now)
    entry = services.entry_submit(entry=entry, by=by, now=now)
    if work.goal == "reopened":
        return services.entry_reopen(entry=entry, by=by, now=now)
    if work.goal == "withdrawn":
        return services.entry_withdraw(entry=entry, by=by, now=now)
    if work.goal == "submitted":
        return entry
    entry = services.shortlist_add(entry=entry, by=head, now=later)
    if work.goal == "received" and work.competition.kind in PHYSICAL_KINDS:
        entry = services.entry_mark_received(entry=entry, by=organizer, now=later)
    return entry


def _planner(festival: Festival, seed: int, classes) -> Planner:
    planner = Planner(festival, seed)
    for school_class, _students in classes:
        planner.head_teachers[school_class.grade_id].append(school_class.head_teacher)
    return planner


@transaction.atomic
def seed_last_year(*, festival: Festival, organizer: User) -> int:
    """The entries the classes recommended and the organizers took into judging; returns how many."""
    classes = _classes(festival.school)
    planner = _planner(festival, SEED, classes)
    rng = planner.rng
    works: list[Work] = []
    for school_class, students in classes:
        pupils = list(students)
        if not _is_demo_class(school_class):  # the demo student (the first by number) always paints
            rng.shuffle(pupils)
        pick = iter(pupils)
        plan = [(Kind.PAINTING, 1)] * (3 if _is_demo_class(school_class) else rng.choice((2, 3, 3)))
        plan += [(Kind.INVENTION, 2 if rng.random() < 0.3 else 1)] * rng.choice((1, 1, 2))
        if _is_demo_class(school_class) or rng.random() < 0.6:
            plan.append((Kind.ESSAY, 1))
        for kind, size in plan:
            authors = [a for a in (next(pick, None) for _ in range(size)) if a is not None]
            if authors and (work := planner.work(kind, school_class, authors, "received")):
                works.append(work)
        if work := planner.work(Kind.POSTER, school_class, [], "received"):
            works.append(work)
    entries = []
    for work in works:
        competition = work.competition
        span = competition.submission_closes - competition.submission_opens
        created = competition.submission_opens + span * rng.uniform(0.05, 0.6)
        # The head teacher chooses after the entry was submitted (a class poster made the same morning too).
        chosen = max(
            competition.submission_closes - dt.timedelta(hours=rng.randint(6, 20)), created + dt.timedelta(minutes=30)
        )
        entries.append(_make(work, organizer=organizer, now=created, later=chosen))
    # The organizers take each competition's recommended entries into judging once its submission has closed.
    accepted = 0
    for competition in {e.competition for e in entries}:
        mine = [e for e in entries if e.competition_id == competition.pk]
        accepted += services.entries_accept(entries=mine, by=organizer, now=competition.submission_closes)
    return accepted


def _this_year_goals(school_class: SchoolClass, rng: random.Random) -> dict[str, list[str]]:
    """Goals per competition kind for one class, as far as each competition has come (``demo.competitions``):
    every class drew its poster on the poster day and sent it in; the inventions are closed with the class's
    shortlist; the paintings and essays are still coming in. The demo class shows every state, the others a mix."""
    if _is_demo_class(school_class):
        return {
            Kind.PAINTING: ["submitted", "received", "draft"],
            Kind.INVENTION: ["received", "recommended", "withdrawn"],
            Kind.ESSAY: ["reopened"],
            Kind.POSTER: ["received"],
        }
    goals = {Kind.POSTER: ["received"]}  # made on site on its day, by every class
    progress = rng.choice(("not started", "early", "middle", "middle", "ahead"))
    if progress == "not started":  # the participation charts show who has sent nothing else (班班启动)
        return goals
    if progress == "early":  # an invention left a draft at the deadline
        return goals | {
            Kind.PAINTING: ["draft", rng.choice(("draft", "submitted"))],
            Kind.INVENTION: ["recommended", rng.choice(("draft", "submitted"))],
        }
    if progress == "middle":
        return goals | {
            Kind.PAINTING: ["submitted", rng.choice(("submitted", "draft"))],
            Kind.INVENTION: ["recommended", rng.choice(("submitted", "withdrawn", "recommended"))],
            Kind.ESSAY: [rng.choice(("submitted", "reopened"))],
        }
    return goals | {
        Kind.PAINTING: ["received", "submitted"],
        Kind.INVENTION: ["received", "recommended", rng.choice(("submitted", "reopened"))],
        Kind.ESSAY: ["recommended"],
    }


def _times(competition: Competition, school_class: SchoolClass, now: dt.datetime, rng: random.Random):
    """When a work was made and when its class chose it: inside the class's window and before now; the choice
    in the first third of the time between the close and the judges' start (the organizers take the lists in
    the second third). None for a competition not open yet."""
    opened, closes = competition.submission_opens, competition.closes_for(school_class)
    if now <= opened:
        return None
    made_at = opened + (min(now, closes) - opened) * rng.uniform(0.1, 0.9)
    choose_by = min(now, closes + (competition.judging_starts - closes) / 3)
    return made_at, made_at + (choose_by - made_at) * rng.uniform(0.3, 0.9)


@transaction.atomic
def seed_this_year(*, festival: Festival, organizer: User, now: dt.datetime | None = None) -> int:
    """Entries in every state, made in their competitions' windows up to now; the organizers have taken the
    recommended ones of a competition whose judging has begun (the posters) into judging. Returns how many."""
    now = now or timezone.now()
    classes = _classes(festival.school)
    planner = _planner(festival, SEED + 1, classes)
    rng = planner.rng
    made: list[Entry] = []
    for school_class, students in classes:
        pupils = list(students)
        if not _is_demo_class(school_class):
            rng.shuffle(pupils)
        pick = iter(pupils)
        for kind, goals in _this_year_goals(school_class, rng).items():
            for n, goal in enumerate(goals):
                team = 2 if kind == Kind.INVENTION and _is_demo_class(school_class) and n == 0 else 1
                authors = [] if kind == Kind.POSTER else [a for a in (next(pick, None) for _ in range(team)) if a]
                if kind != Kind.POSTER and not authors:
                    continue
                work = planner.work(kind, school_class, authors, goal)
                times = _times(work.competition, school_class, now, rng) if work else None
                if not times:
                    continue
                made.append(_make(work, organizer=organizer, now=times[0], later=times[1]))
    for competition in planner.competitions.values():
        if competition.judging_starts <= now:
            closes = competition.submission_closes
            services.entries_accept(
                entries=[e for e in made if e.competition_id == competition.pk],
                by=organizer,
                now=min(now, closes + (competition.judging_starts - closes) * 2 / 3),
            )
    return len(made)
