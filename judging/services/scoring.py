"""A judge's score of an entry: saved as a draft or submitted, never silently overwritten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import ScoringMode
from core.audit import audit_record
from judging.models import Assignment, Nudge, Score, ScoreItem
from judging.services.panels import check_judging_open, check_not_locked
from schools.models import User

# Score.total has seven digits, two after the point: a measured value at or above this cannot be stored.
MAX_MEASUREMENT = Decimal(100_000)


def _number(value, *, invalid: Callable[[object], str]) -> Decimal | None:
    """The typed value as a Decimal (the forms parse what people type; callers in code pass numbers).

    NaN and infinities are no numbers to score with (a comparison with NaN raises): refused with ``invalid``.
    """
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValidationError(invalid(value))
    return number


def _points_of(score: Score) -> dict[str, str] | list:
    if score.pk is None:
        return {}
    if score.attempts:
        return list(score.attempts)
    return {item.criterion.name: str(item.points) for item in score.items.select_related("criterion")}


@transaction.atomic
def score_save(
    *,
    assignment: Assignment,
    by: User,
    points: dict[int, Decimal | int | None] | None = None,
    attempts: list[Decimal | int | None] | None = None,
    comment: str = "",
    submit: bool = False,
    version: int | None,
    now: dt.datetime | None = None,
) -> Score:
    """Save the judge's points (``points`` per criterion id, or the measured ``attempts``, as numbers: the
    form parsed what the judge typed); ``version`` is the one the judge's page was showing (0 for no score).

    Points lie between 0 and the criterion's maximum, attempts are not negative. A page that shows an older
    version than the stored one (another tab or phone saved meanwhile) is refused, and so is a save that does
    not say which version it saw, so no update is ever lost without the judge knowing.
    """
    assignment = Assignment.objects.select_related("entry__competition__festival").get(pk=assignment.pk)
    entry, competition = assignment.entry, assignment.entry.competition
    if assignment.judge_id != by.pk:
        raise ValidationError(_("Only the assigned judge scores this entry."))
    check_not_locked(competition)
    check_judging_open(competition, now)
    if version is None:
        raise ValidationError(
            _(
                "This page did not say which version of the score it showed, so nothing was saved. "
                "Reload the page, then save again."
            )
        )
    score, _created = Score.objects.select_for_update().get_or_create(
        assignment=assignment, defaults={"entry": entry, "judge": by, "version": 0}
    )
    if score.version != version and not _created:
        raise ValidationError(
            _(
                "This score was changed in another window or on another device. "
                "Reload the page to see it, then save again."
            )
        )
    # A submitted score stays submitted: changing it means submitting it again, complete.
    submit = submit or score.state == Score.State.SUBMITTED
    before = {"total": score.total, "state": score.state, "comment": score.comment, "points": _points_of(score)}

    if competition.scoring_mode == ScoringMode.MEASUREMENT:
        values = [
            _number(
                value,
                invalid=lambda typed, n=n: _("Attempt %(n)d: “%(value)s” is not a number.") % {"n": n, "value": typed},
            )
            for n, value in enumerate((attempts or [])[: competition.attempts], start=1)
        ]
        for n, value in enumerate(values, start=1):
            if value is not None and value < 0:
                raise ValidationError(_("Attempt %(n)d cannot be negative.") % {"n": n})
            if value is not None and value >= MAX_MEASUREMENT:
                raise ValidationError(_("Attempt %(n)d: at most 99999.99.") % {"n": n})
        if submit and not any(v is not None for v in values):
            raise ValidationError(_("Record at least one attempt before submitting."))
        score.attempts = [str(v) if v is not None else None for v in values]
        score.total = competition.best(values)
    else:
        criteria = list(competition.criteria.order_by("position", "id"))
        parsed = {
            c.pk: _number(
                (points or {}).get(c.pk),
                invalid=lambda typed, c=c: (
                    _("%(criterion)s: “%(value)s” is not a number.") % {"criterion": c.name, "value": typed}
                ),
            )
            for c in criteria
        }
        for c in criteria:
            if parsed[c.pk] is not None and not 0 <= parsed[c.pk] <= c.max_points:
                raise ValidationError(
                    _("%(criterion)s: give between 0 and %(max)d points.") % {"criterion": c.name, "max": c.max_points}
                )
        if submit:
            missing = [c.name for c in criteria if parsed[c.pk] is None]
            if missing:
                raise ValidationError(_("Give points for: %(names)s.") % {"names": "、".join(missing)})
        ScoreItem.objects.filter(score=score).delete()
        ScoreItem.objects.bulk_create(
            [
                ScoreItem(score=score, criterion_id=cid, points=value)
                for cid, value in parsed.items()
                if value is not None
            ]
        )
        given = [v for v in parsed.values() if v is not None]
        score.total = sum(given, Decimal(0)).quantize(Decimal("0.01")) if given else None

    score.comment = comment.strip()
    if submit:
        score.state = Score.State.SUBMITTED
        score.submitted_at = now or timezone.now()
    score.version += 1
    score.save(update_fields=["attempts", "total", "comment", "state", "submitted_at", "version", "updated_at"])
    after = {"total": score.total, "state": score.state, "comment": score.comment, "points": _points_of(score)}
    changes = {k: (before[k], after[k]) for k in after if before[k] != after[k]}
    if changes:
        audit_record(actor=by, action="score.submit" if submit else "score.save", obj=entry, changes=changes)
    return score


def nudges_mark_seen(*, judge: User, now: dt.datetime | None = None) -> int:
    """The judge opened their queue: the reminders shown to them are read; returns how many were new."""
    return Nudge.objects.filter(judge=judge, seen_at__isnull=True).update(seen_at=now or timezone.now())
