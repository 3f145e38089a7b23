"""Publishing results, the 公示 period, objections (异议), and confirming the special awards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import CollectiveAward, Objection, Publication, Result, SpecialAward
from awards.selectors import competitions_taking_part
from competitions.models import Competition, Festival
from competitions.stages import Stage, check_stage
from core.audit import audit_record
from schools.models import SchoolClass, User
from submissions import services as entry_services

NOTICE_DAYS = 5


def _check_organizer(by: User, festival: Festival) -> None:
    if not by.has_perm("awards.manage_awards", festival):
        raise ValidationError(_("Only the organizers publish and answer objections."))


def _one_festival(competitions: list[Competition]) -> Festival:
    festivals = {c.festival_id for c in competitions}
    if not competitions:
        raise ValidationError({"competitions": _("Choose the competitions to publish.")})
    if len(festivals) > 1:
        raise ValidationError({"competitions": _("Publish the competitions of one festival at a time.")})
    return competitions[0].festival


def _names(competitions: Iterable[Competition]) -> str:
    return "、".join(c.name for c in competitions)


@transaction.atomic
def results_publish(
    *,
    competitions: Iterable[Competition],
    by: User,
    notice_days: int = NOTICE_DAYS,
    now: dt.datetime | None = None,
) -> Publication:
    """Publish the locked results of one competition or of a group together: their authors and teachers see them,
    they join the honour roll and their public notice period (公示) starts, with its own objections."""
    now = now or timezone.now()
    chosen = list(
        Competition.objects.select_for_update()
        .filter(pk__in=[c.pk for c in competitions])
        .select_related("festival")
        .order_by("position", "pk")
    )
    festival = _one_festival(chosen)
    _check_organizer(by, festival)
    published = [c for c in chosen if c.results_published]
    if published:
        raise ValidationError({"competitions": _("Already published: %(names)s.") % {"names": _names(published)}})
    unlocked = [c for c in chosen if not c.results_locked]
    if unlocked:
        raise ValidationError({"competitions": _("Lock the results first: %(names)s.") % {"names": _names(unlocked)}})
    for competition in chosen:
        check_stage(competition, "publish", now)
    if notice_days < 1:
        raise ValidationError({"notice_days": _("The public notice period lasts at least one day.")})
    publication = Publication.objects.create(
        festival=festival, published_at=now, published_by=by, notice_ends_at=now + dt.timedelta(days=notice_days)
    )
    publication.competitions.set(chosen)
    for competition in chosen:
        competition.published_at, competition.notice_ends_at = publication.published_at, publication.notice_ends_at
        competition.save(update_fields=["published_at", "notice_ends_at"])
        audit_record(
            actor=by,
            action="results.publish",
            obj=competition,
            changes={"notice_ends_at": (None, publication.notice_ends_at.isoformat())},
        )
    return publication


@transaction.atomic
def publication_withdraw(
    *, publication: Publication, by: User, reason: str, now: dt.datetime | None = None
) -> Publication:
    """Take a publication back during its 公示 (a wrong award found, say): its competitions are locked and
    unpublished again, to be corrected (unlocked) and published anew; their students read that the results were
    withdrawn, and why."""
    now = now or timezone.now()
    publication = Publication.objects.select_for_update().select_related("festival").get(pk=publication.pk)
    _check_organizer(by, publication.festival)
    if publication.withdrawn:
        raise ValidationError(_("This publication has already been withdrawn."))
    if now >= publication.notice_ends_at:
        raise ValidationError(_("The public notice period is over: these results are final and stay published."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the results are withdrawn; the students will read it.")})
    competitions = list(publication.competitions.select_for_update().order_by("position", "pk"))
    for competition in competitions:
        check_stage(competition, "withdraw_publication", now)
    publication.withdrawn_at, publication.withdrawn_by, publication.withdraw_reason = now, by, reason
    publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    for competition in competitions:
        competition.published_at, competition.notice_ends_at = None, None
        competition.save(update_fields=["published_at", "notice_ends_at"])
        audit_record(
            actor=by,
            action="results.withdraw_publication",
            obj=competition,
            changes={"published_at": (publication.published_at.isoformat(), None)},
            reason=reason,
        )
    return publication


def results_final(
    competition: Competition, *, now: dt.datetime | None = None, open_objection: bool | None = None
) -> bool:
    """Final (结果生效) when its public notice period is over and every objection to it has been answered.
    ``open_objection``: whether one is still open, when the caller has read it already for many competitions
    (``selectors.competitions_with_open_objections``)."""
    if competition.stage(now or timezone.now()) != Stage.FINAL:
        return False
    if open_objection is None:
        open_objection = Objection.objects.filter(result__competition=competition, state=Objection.State.OPEN).exists()
    return not open_objection


def awards_wait_for(festival: Festival, *, now: dt.datetime | None = None) -> list[Competition]:
    """The competitions the collective and special awards wait for: every one of the festival that took entries
    into judging and whose results are not final yet."""
    now = now or timezone.now()
    return [c for c in competitions_taking_part(festival) if not results_final(c, now=now)]


def check_awards_may_be_decided(festival: Festival, *, now: dt.datetime | None = None) -> None:
    waiting = awards_wait_for(festival, now=now)
    if waiting:
        raise ValidationError(
            _("The collective and special awards wait until the results of these competitions are final: %(names)s.")
            % {"names": _names(waiting)}
        )


@transaction.atomic
def objection_raise(*, result: Result, by: User, reason: str, now: dt.datetime | None = None) -> Objection:
    now = now or timezone.now()
    competition = result.competition
    if not competition.results_published:
        raise ValidationError(_("Results are not published yet."))
    if now >= competition.notice_ends_at:
        raise ValidationError(_("The public notice period is over; objections are closed."))
    check_stage(competition, "object", now)
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
    check_stage(result.competition, "answer_objection", now)
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
    check_awards_may_be_decided(festival)
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
    check_awards_may_be_decided(festival)
    if not CollectiveAward.objects.filter(festival=festival).exists():
        raise ValidationError(_("Compute the class points first."))
    count = CollectiveAward.objects.filter(festival=festival).exclude(level="").update(confirmed=True)
    audit_record(actor=by, action="collective.confirm", obj=festival)
    return count
