"""The rubric of a competition: criteria with their maximum points, 100 in all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competitions.hooks import competition_usage
from competitions.models import RUBRIC_TOTAL, Competition, Criterion, ScoringMode
from core.audit import audit_record
from schools.models import User


@dataclass(frozen=True)
class CriterionData:
    name: str
    description: str
    max_points: int


def _criteria_replace(competition: Competition, criteria: Sequence[CriterionData]) -> None:
    competition.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(
            competition=competition,
            position=i,
            name=c.name.strip(),
            description=c.description.strip(),
            max_points=c.max_points,
        )
        for i, c in enumerate(criteria)
    )


def rubric_check(criteria: Sequence[CriterionData]) -> None:
    if not criteria:
        raise ValidationError(_("A rubric needs at least one criterion."))
    names = [c.name.strip() for c in criteria]
    if any(not n for n in names):
        raise ValidationError(_("Every criterion needs a name."))
    if len(set(names)) != len(names):
        raise ValidationError(_("Two criteria have the same name."))
    if any(c.max_points < 1 for c in criteria):
        raise ValidationError(_("Every criterion carries at least 1 point."))
    total = sum(c.max_points for c in criteria)
    if total != RUBRIC_TOTAL:
        raise ValidationError(
            _("The criteria add up to %(total)s points; they must add up to %(full)s.")
            % {"total": total, "full": RUBRIC_TOTAL}
        )


@transaction.atomic
def rubric_save(*, competition: Competition, criteria: Sequence[CriterionData], by: User) -> list[Criterion]:
    """Replace the rubric, in the order given. Refused once judges have started scoring."""
    if competition.scoring_mode != ScoringMode.RUBRIC:
        raise ValidationError(_("This competition is scored by measurement, not by a rubric."))
    rubric_check(criteria)
    if competition_usage(competition).scores:
        raise ValidationError(_("Judges have started scoring: the rubric can no longer change."))
    before = [f"{c.name} {c.max_points}" for c in competition.criteria.all()]
    _criteria_replace(competition, criteria)
    after = [f"{c.name.strip()} {c.max_points}" for c in criteria]
    if before != after:
        audit_record(actor=by, action="competition.rubric", obj=competition, changes={"criteria": (before, after)})
    return list(competition.criteria.all())
