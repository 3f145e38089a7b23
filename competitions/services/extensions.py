"""Per-class deadline extensions, and opening judging early or extending it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.hooks import competition_usage
from competitions.models import ClassExtension, Competition
from competitions.services._common import _diff, _snapshot
from core.audit import audit_record
from schools.models import SchoolClass, User


@transaction.atomic
def extension_grant(
    *, competition: Competition, school_class: SchoolClass, closes_at: dt.datetime, reason: str, by: User
) -> ClassExtension:
    """A later deadline for one eligible class of the school; granting again moves it."""
    if school_class.grade.school_id != competition.festival.school_id:
        raise ValidationError({"school_class": _("This class is not of the festival's school.")})
    if school_class.grade.number not in competition.grade_numbers:
        raise ValidationError({"school_class": _("This class's grade cannot enter this competition.")})
    if closes_at <= competition.submission_closes:
        raise ValidationError({"closes_at": _("The new deadline must be later than the competition's.")})
    if closes_at > competition.judging_closes:
        raise ValidationError({"closes_at": _("The new deadline must be before judging ends.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the class gets more time.")})
    extension = ClassExtension.objects.filter(competition=competition, school_class=school_class).first()
    before = extension.closes_at if extension else None
    if extension is None:
        extension = ClassExtension.objects.create(
            competition=competition,
            school_class=school_class,
            closes_at=closes_at,
            reason=reason.strip(),
            granted_by=by,
        )
    else:
        extension.closes_at, extension.reason, extension.granted_by = closes_at, reason.strip(), by
        extension.save(update_fields=["closes_at", "reason", "granted_by"])
    audit_record(
        actor=by,
        action="competition.extension",
        obj=competition,
        changes={str(school_class): (before, closes_at)},
        reason=reason,
    )
    return extension


@transaction.atomic
def extension_revoke(*, extension: ClassExtension, by: User) -> None:
    audit_record(
        actor=by,
        action="competition.extension_revoke",
        obj=extension.competition,
        changes={str(extension.school_class): (extension.closes_at, None)},
    )
    extension.delete()


@transaction.atomic
def judging_window_change(
    *,
    competition: Competition,
    opens: dt.datetime,
    closes: dt.datetime,
    by: User,
    reason: str,
    now: dt.datetime | None = None,
) -> Competition:
    """Open judging earlier (judging on the day of an on-site contest) or extend it, with a reason.

    The window only grows: judging starts no later (``Competition.judging_starts``), ``closes`` no earlier
    than now set. Judging never runs while entries are still taken, so opening it before submission closes
    closes submission at the same moment (refused once that moment has passed while drafts are still
    unsubmitted); class extensions beyond it are left as they are.
    """
    if not by.has_perm("competitions.change_competition", competition):
        raise ValidationError(_("Only the organizers of the school change the judging window."))
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why judging opens earlier or runs longer.")})
    if opens > competition.judging_starts:
        raise ValidationError({"judging_opens": _("Judging can only open earlier here; use the competition form.")})
    if closes < competition.judging_closes:
        raise ValidationError({"judging_closes": _("Judging can only run longer here; use the competition form.")})
    fields = ["judging_opens", "judging_closes"]
    before = _snapshot(competition, [*fields, "submission_closes"])
    competition.judging_opens, competition.judging_closes = opens, closes
    if opens < competition.submission_closes:
        competition.submission_closes = opens
        fields.append("submission_closes")
        drafts = competition_usage(competition).drafts
        if opens <= now and drafts:
            raise ValidationError(
                {
                    "judging_opens": _(
                        "%(n)s draft entries are not submitted yet: judging cannot open before they are "
                        "submitted or withdrawn, since opening it closes submission."
                    )
                    % {"n": drafts}
                }
            )
    competition.full_clean(exclude=["festival"], validate_unique=False, validate_constraints=False)
    changes = _diff(before, _snapshot(competition, before))
    if not changes:
        return competition
    competition.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=by, action="competition.judging_window", obj=competition, changes=changes, reason=reason)
    return competition
