"""Factories for festivals and competitions."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import factory

from competitions.kinds import Kind
from competitions.models import Competition, Criterion, Festival, Phase
from tests.factories import SchoolFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


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
