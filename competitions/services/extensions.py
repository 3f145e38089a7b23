"""Per-class deadline extensions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competitions.models import ClassExtension, Competition
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
