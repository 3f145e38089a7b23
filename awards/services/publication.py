"""Publishing results, the 公示 period, objections (异议), and confirming the special awards."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import CollectiveAward, Objection, Publication, Result, SpecialAward
from competitions.models import Festival
from core.audit import audit_record
from schools.models import SchoolClass, User
from submissions import services as entry_services
from submissions.models import JUDGED_STATES

NOTICE_DAYS = 5


def _check_organizer(by: User, festival: Festival) -> None:
    if not by.has_perm("awards.manage_awards", festival):
        raise ValidationError(_("Only the organizers publish and answer objections."))


@transaction.atomic
def festival_publish(
    *, festival: Festival, by: User, notice_days: int = NOTICE_DAYS, now: dt.datetime | None = None
) -> Publication:
    """Students see their results, the honour roll opens and the public notice period starts."""
    _check_organizer(by, festival)
    now = now or timezone.now()
    if hasattr(festival, "publication"):
        raise ValidationError(_("The results of this festival are already published."))
    judged = festival.competitions.filter(results_computed_at__isnull=False)
    if not judged.exists():
        raise ValidationError(_("There are no results to publish yet."))
    # Every competition computed or with entries in judging must be locked: one never computed would
    # otherwise be left out silently and publish later without a notice period of its own.
    unlocked = (
        festival.competitions.filter(Q(results_computed_at__isnull=False) | Q(entries__state__in=JUDGED_STATES))
        .exclude(results_locked_at__isnull=False)
        .distinct()
        .order_by("position", "pk")
    )
    if unlocked.exists():
        names = "、".join(unlocked.values_list("name", flat=True))
        raise ValidationError(_("Lock the results first: %(names)s.") % {"names": names})
    if notice_days < 1:
        raise ValidationError(_("The public notice period lasts at least one day."))
    publication = Publication.objects.create(
        festival=festival, published_at=now, published_by=by, notice_ends_at=now + dt.timedelta(days=notice_days)
    )
    audit_record(actor=by, action="festival.publish", obj=festival)
    return publication


def is_published(festival: Festival) -> bool:
    return Publication.objects.filter(festival=festival).exists()


def results_final(festival: Festival, *, now: dt.datetime | None = None) -> bool:
    """Final when the public notice period is over and every objection has been answered."""
    publication = Publication.objects.filter(festival=festival).first()
    if publication is None or (now or timezone.now()) < publication.notice_ends_at:
        return False
    return not Objection.objects.filter(result__competition__festival=festival, state=Objection.State.OPEN).exists()


@transaction.atomic
def objection_raise(*, result: Result, by: User, reason: str, now: dt.datetime | None = None) -> Objection:
    now = now or timezone.now()
    publication = Publication.objects.filter(festival_id=result.competition.festival_id).first()
    if publication is None:
        raise ValidationError(_("Results are not published yet."))
    if now >= publication.notice_ends_at:
        raise ValidationError(_("The public notice period is over; objections are closed."))
    if not by.has_perm("awards.raise_objection", result):
        raise ValidationError(_("Only the authors and their head teacher may object to this result."))
    if not reason.strip():
        raise ValidationError(_("Say what you object to and why."))
    if Objection.objects.filter(result=result, raised_by=by, state=Objection.State.OPEN).exists():
        raise ValidationError(_("You already raised an objection to this result; wait for the answer."))
    objection = Objection.objects.create(result=result, raised_by=by, reason=reason.strip())
    audit_record(actor=by, action="objection.raise", obj=result.entry, reason=reason)
    return objection


@transaction.atomic
def objection_answer(
    *,
    objection: Objection,
    by: User,
    upheld: bool,
    answer: str,
    new_level: str | None = None,
    now: dt.datetime | None = None,
) -> Objection:
    """Upheld: the result is corrected (if a new award is given) and the reason recorded; rejected: the
    reason is shown to the person who objected."""
    objection = (
        Objection.objects.select_for_update()
        .select_related("result__entry", "result__competition__festival")
        .get(pk=objection.pk)
    )
    result = objection.result
    _check_organizer(by, result.competition.festival)
    if objection.state != Objection.State.OPEN:
        raise ValidationError(_("This objection has already been answered."))
    if not answer.strip():
        raise ValidationError(_("Write the answer; the person who objected will read it."))
    objection.state = Objection.State.UPHELD if upheld else Objection.State.REJECTED
    objection.answer, objection.answered_by, objection.answered_at = answer.strip(), by, now or timezone.now()
    objection.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    if upheld and new_level is not None and new_level != result.level:
        before = result.level
        result.level, result.adjust_reason = new_level, answer.strip()
        result.save(update_fields=["level", "adjust_reason"])
        entry_services.entry_award_correct(entry=result.entry, awarded=bool(new_level), by=by, reason=answer.strip())
        audit_record(
            actor=by, action="result.correct", obj=result.entry, changes={"level": (before, new_level)}, reason=answer
        )
    audit_record(
        actor=by,
        action="objection.answer",
        obj=result.entry,
        changes={"state": ("open", objection.state)},
        reason=answer,
    )
    return objection


@transaction.atomic
def special_award_confirm(
    *, festival: Festival, kind: str, by: User, teacher: User | None = None, school_class: SchoolClass | None = None
) -> SpecialAward:
    _check_organizer(by, festival)
    award, _created = SpecialAward.objects.get_or_create(
        festival=festival, kind=kind, teacher=teacher, school_class=school_class, defaults={"confirmed_by": by}
    )
    audit_record(
        actor=by, action="special_award.confirm", obj=festival, changes={kind: (None, str(teacher or school_class))}
    )
    return award


@transaction.atomic
def collective_confirm(*, festival: Festival, by: User) -> int:
    _check_organizer(by, festival)
    if not festival.competitions.filter(results_locked_at__isnull=False).exists():
        raise ValidationError(_("Lock the results of the competitions first."))
    count = CollectiveAward.objects.filter(festival=festival).exclude(level="").update(confirmed=True)
    audit_record(actor=by, action="collective.confirm", obj=festival)
    return count
