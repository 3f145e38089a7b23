"""Judging in the demo, through the judging services: last year's festival end to end, and this year's class
posters (科普板报) half way, being judged on site today.

Panels with a head judge (the invited experts and the teachers who judge), assignments planned with the
conflict rules, every judge's points per criterion submitted inside the judging window, results computed and
locked, the class points (集体奖) computed, the festival published at the start of its summary phase, the
collective and a few special awards confirmed, and one objection answered during the public notice.
This year's posters, whose judging runs until tomorrow (``demo.competitions``): a panel of every judge led by
the demo's teacher who judges, the assignments, and the scores given on the poster day's afternoon, all of the
other judges' but only a third of the demo judges' (``judge``, ``t0801``), who have the rest to score.

Deterministic (fixed seeds; a judge's points come from the entry's code and the judge's own leniency) and
idempotent: a published festival is left as it is, and so is a competition whose panel is set.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from awards import services as award_services
from awards.models import CollectiveAward, Result
from awards.selectors import advisor_candidates
from competitions.kinds import Kind
from competitions.models import AwardLevel, Competition, Festival, Phase, ScoringMode
from demo.data import ADJUST_REASON, COMMENTS, CONFLICT_REASON, OBJECTION_ANSWER, OBJECTION_REASON
from demo.schools import DEMO_CLASS
from judging import services as judging_services
from judging.models import Assignment, Panel, Score
from schools.models import School, User
from submissions.models import Entry, EntryState

SEED = 20260916
# Who leads which panel (评委组长): the invited experts, and the demo's teacher who also judges.
HEAD_JUDGES = {"invention": "judge", "painting": "judge", "poster": "judge2", "essay": "t0801"}
PUBLISHED_AT = dt.time(9, 0)
# This year's posters: who leads their panel, and the demo judges who still have posters to score.
ON_SITE_HEAD_JUDGE = "t0801"
DEMO_JUDGES = ("judge", "t0801")


def seed(*, school: School, today: dt.date) -> None:
    """Called by ``manage.py seed_demo`` after the entries exist (``demo.submissions``)."""
    festival = Festival.objects.filter(school=school, year=today.year - 1).first()
    # Last year's, unless it is published already or nothing went into judging (nothing to judge or publish).
    if festival is not None and not festival.publications.exists() and _in_judging(festival).exists():
        judge_festival(festival=festival)
    this_year = Festival.objects.filter(school=school, year=today.year).first()
    if this_year is not None:
        judge_on_site(festival=this_year)


def _in_judging(festival: Festival):
    return Entry.objects.filter(festival=festival, state=EntryState.IN_JUDGING)


def _at(day: dt.date, time: dt.time, tz_name: str) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(tz_name))


@transaction.atomic
def judge_festival(*, festival: Festival) -> None:
    school = festival.school
    organizer = User.objects.filter(school=school, is_organizer=True).order_by("pk").first()
    # The invited experts first, then the teachers who judge.
    judges = list(User.objects.filter(school=school, is_judge=True).order_by("is_teacher", "username"))
    if organizer is None or not judges:
        return
    rng = random.Random(SEED)
    leniency = {j.pk: rng.gauss(0, 0.04) for j in judges}  # strict and lenient judges, as in real panels
    demo_student = (
        User.objects.filter(
            school=school,
            is_student=True,
            school_class__grade__number=DEMO_CLASS[0],
            school_class__number=DEMO_CLASS[1],
        )
        .order_by("student_number")
        .first()
    )
    _declared_conflict(festival=festival, judges=judges)
    competitions = (
        festival.competitions.filter(entries__state=EntryState.IN_JUDGING).distinct().order_by("position", "pk")
    )
    for competition in competitions:
        if competition.results_locked:
            continue
        if competition.scoring_mode != ScoringMode.RUBRIC:
            # Measurement contests (四驱车、手抛飞机) are not part of last year's demo festival.
            continue
        _judge_competition(
            competition=competition, judges=judges, organizer=organizer, leniency=leniency, star=demo_student
        )
    _publish_in_two(festival=festival, organizer=organizer)
    _answered_objection(festival=festival, organizer=organizer)
    # The collective and special awards once every competition is final.
    award_services.collective_compute(festival=festival, by=organizer)
    award_services.collective_confirm(festival=festival, by=organizer)
    _confirm_special_awards(festival=festival, organizer=organizer)


def _publish_in_two(*, festival: Festival, organizer: User) -> None:
    """Like a real season: the works judged first are published first, the rest a week later, each publication
    with its own five days of 公示."""
    locked = list(festival.competitions.filter(results_locked_at__isnull=False).order_by("judging_closes", "pk"))
    if not locked:
        return
    first = _publication_time(festival)
    half = (len(locked) + 1) // 2
    award_services.results_publish(competitions=locked[:half], by=organizer, now=first)
    if locked[half:]:
        award_services.results_publish(competitions=locked[half:], by=organizer, now=first + dt.timedelta(days=7))


def _declared_conflict(*, festival: Festival, judges: list[User]) -> None:
    """An invited expert has a child at the school: they declare it, and the assignments leave its entries out."""
    for judge in judges:
        if judge.is_teacher or not judge.real_name:
            continue
        child = (
            User.objects.filter(
                school=festival.school,
                is_student=True,
                real_name__startswith=judge.real_name[0],
                entries__festival=festival,
            )
            .order_by("student_number")
            .first()
        )
        if child is not None:
            judging_services.conflict_declare(judge=judge, student=child, by=judge, reason=CONFLICT_REASON)
            return


def _publication_time(festival: Festival) -> dt.datetime:
    """The first morning of the summary phase (or the day after judging closed)."""
    summary = festival.phases.filter(kind=Phase.Kind.SUMMARY).first()
    if summary is not None:
        return _at(summary.starts_on, PUBLISHED_AT, festival.school.timezone)
    last = max(c.judging_closes for c in festival.competitions.all())
    return last + dt.timedelta(days=1)


def _judge_competition(
    *, competition: Competition, judges: list[User], organizer: User, leniency: dict[int, float], star: User | None
) -> None:
    head = next((j for j in judges if j.username == HEAD_JUDGES.get(competition.kind)), judges[0])
    panel = Panel.objects.filter(competition=competition).first()
    if panel is None or not panel.judges.exists():
        members = judges if competition.kind != "essay" else [j for j in judges if j.username != "judge"] or judges
        panel = judging_services.panel_set(competition=competition, judges=members, head_judge=head, by=organizer)
    pace = _pace(competition)
    judging_services.assignments_plan(
        competition=competition, by=organizer, now=competition.judging_starts + dt.timedelta(minutes=30) * pace
    )
    _score(competition=competition, leniency=leniency, star=star)
    head = panel.head_judge or organizer
    closes = competition.judging_closes
    results = award_services.results_compute(
        competition=competition, by=head, now=closes - dt.timedelta(hours=3) * pace
    )
    _adjust_one(competition=competition, results=results, by=head)
    award_services.results_lock(competition=competition, by=head, now=closes - dt.timedelta(hours=2) * pace)


def _pace(competition: Competition) -> float:
    """How much of the usual hours between the judging steps the window holds: all of them in a window of days,
    half in the posters' afternoon judged on the spot (13:30–17:00), so the steps keep their order."""
    return min(1.0, (competition.judging_closes - competition.judging_starts) / dt.timedelta(hours=7))


def _seed(entry: Entry) -> str:
    """The entry's code without the year (HH-0001), so the demo's works are the same whatever year it is seeded."""
    return entry.code.partition("-")[2]


def _quality(entry: Entry, star: User | None) -> float:
    """How good the work is, the same on every run: from the entry's code; the demo student's work shines."""
    if star is not None and any(a.pk == star.pk for a in entry.authors.all()):
        return 0.95
    return min(0.97, max(0.4, random.Random(f"quality {_seed(entry)}").gauss(0.72, 0.1)))


def _unscored(competition: Competition):
    return (
        Assignment.objects.filter(entry__competition=competition)
        .exclude(score__state=Score.State.SUBMITTED)
        .select_related("judge", "entry")
        .prefetch_related("entry__authors")
        .order_by("judge__username", "entry__code")
    )


def _score(*, competition: Competition, leniency: dict[int, float], star: User | None) -> None:
    assignments = _unscored(competition)
    # Judges score once the classes have chosen and are done before the head judge computes the results.
    chosen = Entry.objects.filter(competition=competition).aggregate(last=Max("recommended_at"))["last"]
    # Inside the judging window, which opens once submission has closed.
    pace = _pace(competition)
    opens = competition.judging_starts + dt.timedelta(hours=1) * pace
    closes = competition.judging_closes - dt.timedelta(hours=4) * pace
    if chosen is not None and opens < chosen < closes:
        opens = chosen
    _submit_scores(
        competition=competition, assignments=assignments, leniency=leniency, star=star, opens=opens, closes=closes
    )


def _submit_scores(
    *,
    competition: Competition,
    assignments,
    leniency: dict[int, float],
    star: User | None,
    opens: dt.datetime,
    closes: dt.datetime,
) -> None:
    """Each judge's points per criterion and a comment, submitted at a moment between ``opens`` and ``closes``."""
    criteria = list(competition.criteria.order_by("position", "pk"))
    span = closes - opens
    # A draft left by an earlier run is saved over from the version it has, as the judge's page would.
    versions = dict(Score.objects.filter(assignment__in=assignments).values_list("assignment_id", "version"))
    for assignment in assignments:
        rng = random.Random(f"score {_seed(assignment.entry)} {assignment.judge.username}")
        quality = _quality(assignment.entry, star) + leniency[assignment.judge_id]
        points = {}
        for criterion in criteria:
            share = min(1.0, max(0.2, quality + rng.gauss(0, 0.06)))
            points[criterion.pk] = Decimal(round(share * criterion.max_points * 2)) / 2
        band = "high" if quality >= 0.82 else "middle" if quality >= 0.62 else "low"
        judging_services.score_save(
            assignment=assignment,
            by=assignment.judge,
            points=points,
            comment=rng.choice(COMMENTS[band]),
            submit=True,
            version=versions.get(assignment.pk, 0),
            now=opens + span * rng.random(),
        )


def _adjust_one(*, competition: Competition, results: list[Result], by: User) -> None:
    """The head judge gives the best painting left without an award an honourable mention, with the reason."""
    if competition.kind != "painting":
        return
    unawarded = sorted((r for r in results if not r.level and r.rank), key=lambda r: (r.rank, r.entry.code))
    if unawarded:
        award_services.result_adjust(
            result=unawarded[0],
            level=AwardLevel.MERIT,
            reason=ADJUST_REASON,
            by=by,
        )


def _confirm_special_awards(*, festival: Festival, organizer: User) -> None:
    """科技辅导员奖 for the advisors with the most awarded entries, 优秀组织奖 for the best class per section."""
    advisors = sorted(advisor_candidates(festival), key=lambda c: (-c["awards"], c["teacher"].username))
    for candidate in advisors[:3]:
        award_services.special_award_confirm(
            festival=festival, kind="advisor", by=organizer, teacher=candidate["teacher"]
        )
    best = (
        CollectiveAward.objects.filter(festival=festival, entries__gt=0, rank=1)
        .select_related("school_class")
        .order_by("section", "school_class__grade__number", "school_class__number")
    )
    done = set()
    for award in best:
        if award.section not in done:
            done.add(award.section)
            award_services.special_award_confirm(
                festival=festival, kind="organization", by=organizer, school_class=award.school_class
            )


def _answered_objection(*, festival: Festival, organizer: User) -> None:
    """A student of the demo class objects to a painting left without an award; the organizers answer."""
    candidates = list(
        Result.objects.filter(competition__festival=festival, level="", entry__is_class_entry=False)
        .select_related("entry__school_class__grade", "competition")
        .order_by("competition__position", "-score", "entry__code")
    )
    candidates.sort(
        key=lambda r: (
            (r.entry.school_class.grade.number, r.entry.school_class.number) != DEMO_CLASS,
            r.competition.kind != "painting",
        )
    )
    result = candidates[0] if candidates else None
    if result is None:
        return
    author = result.entry.authors.order_by("student_number").first()
    if author is None:
        return
    published = result.competition.published_at
    objection = award_services.objection_raise(
        result=result,
        by=author,
        reason=OBJECTION_REASON.format(title=result.entry.title),
        now=published + dt.timedelta(days=1, hours=2),
    )
    award_services.objection_answer(
        objection=objection,
        by=organizer,
        upheld=False,
        answer=OBJECTION_ANSWER,
        now=published + dt.timedelta(days=2, hours=4),
    )


@transaction.atomic
def judge_on_site(*, festival: Festival, now: dt.datetime | None = None) -> None:
    """This year's class posters, judged in the classrooms since the poster day's afternoon: the panel, the
    assignments and the scores so far, leaving the demo judges posters to score now."""
    now = now or timezone.now()
    organizer = User.objects.filter(school=festival.school, is_organizer=True).order_by("pk").first()
    judges = list(User.objects.filter(school=festival.school, is_judge=True).order_by("is_teacher", "username"))
    if organizer is None or not judges:
        return
    head = next((j for j in judges if j.username == ON_SITE_HEAD_JUDGE), judges[0])
    posters = festival.competitions.filter(kind=Kind.POSTER, panel__isnull=True).order_by("position", "pk")
    for competition in posters:
        if (
            competition.judging_state(now) != "open"
            or not _in_judging(festival).filter(competition=competition).exists()
        ):
            continue
        judging_services.panel_set(competition=competition, judges=judges, head_judge=head, by=organizer)
        starts = competition.judging_starts
        judging_services.assignments_plan(competition=competition, by=organizer, now=starts + dt.timedelta(minutes=15))
        rng = random.Random(SEED + 1)
        leniency = {j.pk: rng.gauss(0, 0.04) for j in judges}
        unscored = list(_unscored(competition))
        done = []
        for judge in judges:
            mine = [a for a in unscored if a.judge_id == judge.pk]
            done += mine[: len(mine) // 3] if judge.username in DEMO_JUDGES else mine
        _submit_scores(
            competition=competition,
            assignments=done,
            leniency=leniency,
            star=None,
            opens=starts + dt.timedelta(minutes=30),
            closes=min(now, starts + dt.timedelta(hours=3)),
        )
