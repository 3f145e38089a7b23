"""The award scheme of a competition."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competitions.models import RUBRIC_TOTAL, AwardLevel, AwardTier, Competition
from competitions.services._common import _diff, _snapshot
from competitions.services.competitions import _check_awards_fit, _check_recommend_fits
from core.audit import audit_record
from schools.models import User


@transaction.atomic
def award_scheme_save(
    *,
    competition: Competition,
    grouping: str,
    basis: str,
    amounts: Mapping[str, int],
    min_score: Decimal | None,
    recommend_count: int,
    by: User,
) -> Competition:
    if any(level not in AwardLevel.values for level in amounts):
        raise ValidationError(_("Unknown award level."))
    if min_score is not None and competition.is_rubric and min_score > RUBRIC_TOTAL:
        raise ValidationError({"award_min_score": _("The minimum score cannot be above 100.")})
    grades = competition.grade_numbers
    _check_awards_fit(competition, grades, amounts, basis, grouping)
    before = _snapshot(competition, ("award_grouping", "award_basis", "award_min_score", "recommend_count"))
    competition.award_grouping, competition.award_basis = grouping, basis
    competition.award_min_score, competition.recommend_count = min_score, recommend_count
    _check_recommend_fits(competition, grades)
    after = _snapshot(competition, before)
    changes = _diff(before, after)
    tiers_before = {t.level: t.amount for t in competition.award_tiers.all()}
    tiers_after = {level: amount for level, amount in amounts.items() if amount}
    if changes:
        competition.save(update_fields=[*changes, "updated_at"])
    if tiers_before != tiers_after:
        competition.award_tiers.all().delete()
        AwardTier.objects.bulk_create(
            AwardTier(competition=competition, level=level, amount=amount)
            for level, amount in sorted(tiers_after.items(), key=lambda kv: AwardLevel.values.index(kv[0]))
        )
        changes["award_tiers"] = (tiers_before, tiers_after)
    if changes:
        audit_record(actor=by, action="competition.awards", obj=competition, changes=changes)
    return competition
