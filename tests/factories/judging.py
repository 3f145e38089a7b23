"""Factories of the judging app: panels, declared conflicts, assignments, scores and nudges, as rows.

``score_all`` saves scores the way judges do (``judging.services.score_save``), for tests that need the
points per criterion, the audit records and the locks the service checks.
"""

from __future__ import annotations

from decimal import Decimal

import factory

from judging import services
from judging.models import Assignment, ConflictDeclaration, Nudge, Panel, Score
from tests.factories.competitions import NOW, CompetitionFactory, open_judging
from tests.factories.schools import JudgeFactory, StudentFactory
from tests.factories.submissions import EntryFactory


class PanelFactory(factory.django.DjangoModelFactory):
    """A panel of ``judges=[…]`` (none by default); pass ``head_judge`` too to have one."""

    class Meta:
        model = Panel
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)

    @factory.post_generation
    def judges(self, create, extracted, **kwargs):
        if create and extracted:
            self.judges.set(extracted)


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    judge = factory.SubFactory(JudgeFactory)
    student = factory.SubFactory(StudentFactory)
    reason = "亲戚"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    entry = factory.SubFactory(EntryFactory, state="in_judging")
    judge = factory.SubFactory(JudgeFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    """A submitted total, without points per criterion."""

    class Meta:
        model = Score

    assignment = factory.SubFactory(AssignmentFactory)
    entry = factory.SelfAttribute("assignment.entry")
    judge = factory.SelfAttribute("assignment.judge")
    state = Score.State.SUBMITTED
    total = Decimal(80)


class NudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nudge

    judge = factory.SubFactory(JudgeFactory)
    competition = factory.SubFactory(CompetitionFactory)
    message = "请尽快"


def version_of(assignment: Assignment) -> int:
    """The version of the assignment's score that the judge's page shows: 0 before the first save."""
    return Score.objects.filter(assignment=assignment).values_list("version", flat=True).first() or 0


def score_all(competition, by_entry_totals: dict) -> None:
    """Every assigned judge submits points giving the totals wanted, ``{entry id: total}``: each criterion in
    turn gets its maximum until the total is reached."""
    open_judging(competition)
    criteria = list(competition.criteria.order_by("position"))
    for assignment in Assignment.objects.filter(entry__competition=competition).select_related("judge", "entry"):
        total = Decimal(by_entry_totals[assignment.entry_id])
        points, left = {}, total
        for criterion in criteria:
            give = min(Decimal(criterion.max_points), left)
            points[criterion.pk] = give
            left -= give
        services.score_save(
            assignment=assignment,
            by=assignment.judge,
            points=points,
            submit=True,
            version=version_of(assignment),
            now=NOW,
        )
