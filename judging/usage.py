"""What judging has done with a competition, for the competition rules that judging makes final."""

from __future__ import annotations

from competitions.hooks import Usage
from competitions.models import Competition
from judging.models import Score


def scores_usage(competition: Competition) -> Usage:
    """Scores started or submitted: once there is one, the rubric and the way of scoring are fixed."""
    if competition.pk is None:
        return Usage()
    return Usage(scores=Score.objects.filter(entry__competition=competition).count())
