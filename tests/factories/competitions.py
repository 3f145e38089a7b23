"""Factories of the competitions app: festivals, competitions, their rubrics, award tiers and class extensions.

``CompetitionFactory`` is the one way the tests build a competition. By default it is 科技创新绘画 of a festival in
April 2026; its traits give the competitions the entry, judging and award tests use:

- ``invention=True``: 科技创新制作 (ZZ), individual, 2 entries a student, 2 a class, pictures and PDFs, taking
  entries around the tests' clock ``NOW`` (10 days either side);
- ``open_now=True``: the same, but open both at ``NOW`` (for the services, given ``now=NOW``) and at the real time
  now (for the views, which read the clock);
- ``class_poster=True``: ``open_now`` as 科普板报 (BB), one poster a class made by the class.

Any field given to the factory wins over its trait.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import factory
from django.utils import timezone

from competitions import services
from competitions.kinds import Kind
from competitions.models import AwardTier, ClassExtension, Competition, Criterion, EntryMode, Festival, Phase
from tests.factories.schools import SchoolClassFactory, SchoolFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

# The clock of the entry, judging and award tests: services are given ``now=NOW``, views see it through the
# ``frozen`` fixture of the entry tests.
NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))

# The rubric of 科技创新制作 the judging and award tests score with (100 points).
RUBRIC = [("科技含量", 30), ("创新性", 30), ("实用性", 20), ("美观性", 20)]


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def _open_from(_competition) -> dt.datetime:
    return min(NOW, timezone.now()) - dt.timedelta(days=30)


def _open_until(_competition) -> dt.datetime:
    return max(NOW, timezone.now()) + dt.timedelta(days=30)


def open_judging(*competitions: Competition) -> None:
    """Entries are in: submission closed and judging open both at ``NOW`` (for the services, given ``now=NOW``)
    and at the real time now (for the views), as the judging tests need (rows only, no audit)."""
    closed = min(NOW, timezone.now()) - dt.timedelta(hours=1)
    for competition in competitions:
        competition.submission_closes = competition.judging_opens = max(
            closed, competition.submission_opens + dt.timedelta(hours=1)
        )
        competition.judging_closes = max(NOW, timezone.now()) + dt.timedelta(days=30)
        Competition.objects.filter(pk=competition.pk).update(
            submission_closes=competition.submission_closes,
            judging_opens=competition.judging_opens,
            judging_closes=competition.judging_closes,
        )


def close_judging(*competitions: Competition) -> None:
    """Judging closed a minute ago (at the real time now): results may be computed with scores missing."""
    closed = timezone.now() - dt.timedelta(minutes=1)
    for competition in competitions:
        competition.judging_closes = closed
        competition.submission_closes = min(competition.submission_closes, closed - dt.timedelta(hours=2))
        competition.judging_opens = min(competition.judging_opens, closed - dt.timedelta(hours=1))
        Competition.objects.filter(pk=competition.pk).update(
            submission_closes=competition.submission_closes,
            judging_opens=competition.judging_opens,
            judging_closes=competition.judging_closes,
        )


class FestivalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Festival
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    year = 2026
    name = factory.Sequence(lambda n: f"第{n + 1}届科技节")
    slug = factory.Sequence(lambda n: f"kjj-{n + 1}")
    theme = "体验生活，健康成长"
    status = Festival.Status.PUBLISHED

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        """Phases of the school plan from 2026-04-11 unless ``phases=False``."""
        if not create or extracted is False:
            return
        start = extracted or dt.date(2026, 4, 11)
        from competitions.plans import phase_dates

        for kind, (starts_on, ends_on) in phase_dates(start).items():
            Phase.objects.create(
                festival=self, kind=kind, position=Phase.position_of(kind), starts_on=starts_on, ends_on=ends_on
            )


class CompetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competition
        skip_postgeneration_save = True

    festival = factory.SubFactory(FestivalFactory)
    name = "科技创新绘画"
    code = factory.Sequence(lambda n: "ABCDEFGHJKLMNPQRSTUVWXYZ"[n % 24] * 2 + ("" if n < 24 else str(n // 24)))
    kind = Kind.PAINTING
    entry_fields = factory.LazyFunction(lambda: ["medium"])
    class_quota = 3
    submission_opens = shanghai(2026, 4, 15, 8)
    submission_closes = shanghai(2026, 5, 7, 17)
    judging_opens = shanghai(2026, 5, 8, 8)
    judging_closes = shanghai(2026, 5, 11, 17)

    class Params:
        invention = factory.Trait(
            name="科技创新制作",
            code="ZZ",
            kind=Kind.INVENTION,
            entry_fields=factory.LazyFunction(lambda: ["subtype", "design_idea"]),
            entry_mode=EntryMode.INDIVIDUAL,
            entries_per_student=2,
            class_quota=2,
            submission_opens=NOW - dt.timedelta(days=10),
            submission_closes=NOW + dt.timedelta(days=10),
            judging_opens=NOW + dt.timedelta(days=11),
            judging_closes=NOW + dt.timedelta(days=20),
            file_types=factory.LazyFunction(lambda: ["image", "pdf"]),
            min_image_px=0,
        )
        open_now = factory.Trait(
            invention=True,
            submission_opens=factory.LazyAttribute(_open_from),
            submission_closes=factory.LazyAttribute(_open_until),
            judging_opens=factory.LazyAttribute(lambda o: o.submission_closes + dt.timedelta(days=1)),
            judging_closes=factory.LazyAttribute(lambda o: o.submission_closes + dt.timedelta(days=10)),
        )
        class_poster = factory.Trait(
            open_now=True,
            code="BB",
            name="科普板报",
            kind=Kind.POSTER,
            entry_fields=factory.LazyFunction(lambda: ["poster_topic"]),
            entry_mode=EntryMode.CLASS,
            class_quota=1,
        )

    @factory.post_generation
    def grades(self, create, extracted, **kwargs):
        """Eligible grade numbers, 3 by default; the grade rows are the festival school's."""
        if not create:
            return
        from schools.models import Grade

        numbers = extracted if extracted is not None else [3]
        self.eligible_grades.set(
            [Grade.objects.get_or_create(school=self.festival.school, number=n)[0] for n in numbers]
        )


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"标准{n}")
    max_points = 25
    position = factory.Sequence(lambda n: n)


class AwardTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardTier

    competition = factory.SubFactory(CompetitionFactory)
    level = "first"
    amount = 1


class ClassExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassExtension

    competition = factory.SubFactory(CompetitionFactory)
    school_class = factory.SubFactory(
        SchoolClassFactory, grade__school=factory.SelfAttribute("...competition.festival.school")
    )
    closes_at = factory.LazyAttribute(lambda o: o.competition.submission_closes + dt.timedelta(days=2))
    reason = "研学旅行"


def add_rubric(competition: Competition, rubric=RUBRIC) -> list[Criterion]:
    """The criteria ``[(name, max points)]`` of the competition, in this order."""
    return [
        CriterionFactory(competition=competition, position=i, name=name, max_points=points)
        for i, (name, points) in enumerate(rubric)
    ]


def competition_values(competition: Competition, **changes) -> dict:
    """The competition's fields as ``competition_update`` takes them, with ``changes``."""
    values = {f: getattr(competition, f) for f in services.COMPETITION_FIELDS}
    values.update(changes)
    return values


def at_stage(stage: str, now: dt.datetime | None = None) -> dict:
    """Fields for ``CompetitionFactory`` that put the competition at ``stage`` (a ``competitions.stages.Stage``
    value) at ``now``, the real time by default: entries close in 12 days when open, judging ends in 5 days while
    judging; locked an hour ago; published a day ago with 2 days of public notice left (final: published 10 days
    ago, the notice over 5 days ago)."""
    now = now or timezone.now()
    day = dt.timedelta(days=1)
    hour = dt.timedelta(hours=1)
    closes = {"upcoming": 12 * day, "open": 12 * day, "closed": -day, "judging": -3 * day, "final": -20 * day}
    closes_at = now + closes.get(stage, -6 * day)
    fields = {
        "submission_opens": now + 3 * day if stage == "upcoming" else closes_at - 20 * day,
        "submission_closes": closes_at,
        "judging_opens": closes_at + (day if stage == "judging" else 2 * day),
        "judging_closes": now + 5 * day if stage == "judging" else closes_at + 4 * day,
    }
    published = {"notice": now - day, "final": now - 10 * day}.get(stage)
    if stage in ("locked", "notice", "final"):
        fields["results_computed_at"] = fields["results_locked_at"] = (published or now) - hour
    if published:
        fields["published_at"] = published
        fields["notice_ends_at"] = now + 2 * day if stage == "notice" else now - 5 * day
    return fields
