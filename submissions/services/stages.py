"""What happens to entries after submission: the class shortlist (选送), hand-in, acceptance into judging,
and the judged states, which the awards app sets through these functions when it locks or corrects results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.kinds import PHYSICAL_KINDS
from competitions.models import Competition
from competitions.stages import check_stage, stage_refusal
from core.audit import audit_entry, audit_record
from core.models import AuditLog
from schools.models import SchoolClass, User
from submissions import hooks
from submissions.models import (
    ORGANIZER_WITHDRAWABLE_STATES,
    QUOTA_STATES,
    Entry,
    EntryState,
)
from submissions.services.checks import _now, organizers_only_refusal, refuse
from submissions.services.entries import _locked, _set_state


def _heads_class_refusal(*, entry: Entry, by: User) -> str | None:
    if by.has_perm("submissions.shortlist_entry", entry):
        return None
    return _("Only the head teacher of %(class)s chooses its entries.") % {"class": entry.school_class}


def quota_used(*, competition: Competition, school_class: SchoolClass) -> int:
    return Entry.objects.filter(competition=competition, school_class=school_class, state__in=QUOTA_STATES).count()


def _shortlist_stage_refusal(entry: Entry, now: dt.datetime | None) -> str | None:
    """Classes choose while entries come in and after the deadline, until judging starts (for a class with a later
    deadline, until that deadline). The class's own deadline is read only when the competition's would refuse,
    so a page asking for every entry of a class adds no query."""
    competition, now = entry.competition, _now(now)
    if stage_refusal(competition, "shortlist", now) is None:
        return None
    return stage_refusal(competition, "shortlist", now, closes=competition.closes_for(entry.school_class))


def shortlist_add_refusal(
    *, entry: Entry, by: User, used: int | None = None, now: dt.datetime | None = None
) -> str | None:
    """Why ``by`` may not put the entry on its class's list now. ``used``: the class's places already taken in
    the competition, when the page counted them for all its entries at once (else they are counted here)."""
    if refusal := _heads_class_refusal(entry=entry, by=by):
        return refusal
    if entry.state != EntryState.SUBMITTED:
        return _("Only a submitted entry can be recommended.")
    if refusal := _shortlist_stage_refusal(entry, now):
        return refusal
    if used is None:
        used = quota_used(competition=entry.competition, school_class=entry.school_class)
    if used >= entry.competition.class_quota:
        return _("%(class)s has used all %(quota)d places of “%(competition)s”. Remove one before adding another.") % {
            "class": entry.school_class,
            "quota": entry.competition.class_quota,
            "competition": entry.competition,
        }
    return None


@transaction.atomic
def shortlist_add(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    """Send an entry on for the class (择优选送). The class quota is never exceeded, even by two at once."""
    entry = _locked(entry)
    refuse(_heads_class_refusal(entry=entry, by=by))
    # Every shortlist change of a class waits for this lock, so counting and adding happen as one step.
    SchoolClass.objects.select_for_update().get(pk=entry.school_class_id)
    refuse(shortlist_add_refusal(entry=entry, by=by, now=now))
    return _set_state(
        entry, EntryState.RECOMMENDED, by=by, action="entry.recommend", recommended_at=_now(now), recommended_by=by
    )


def shortlist_remove_refusal(*, entry: Entry, by: User, now: dt.datetime | None = None) -> str | None:
    if refusal := _heads_class_refusal(entry=entry, by=by):
        return refusal
    if entry.state == EntryState.RECOMMENDED:
        return _shortlist_stage_refusal(entry, now)
    if not by.has_perm("submissions.override_entry", entry) and (refusal := organizers_only_refusal(entry)):
        return refusal
    return _("Only a recommended entry can be taken off the list.")


@transaction.atomic
def shortlist_remove(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    entry = _locked(entry)
    refuse(shortlist_remove_refusal(entry=entry, by=by, now=now))
    return _set_state(
        entry, EntryState.SUBMITTED, by=by, action="entry.unrecommend", recommended_at=None, recommended_by=None
    )


@transaction.atomic
def entry_mark_received(*, entry: Entry, by: User, received: bool = True, now: dt.datetime | None = None) -> Entry:
    """The physical work was handed in (or the mark was a mistake)."""
    entry = _locked(entry)
    if not by.has_perm("submissions.receive_entry", entry):
        raise ValidationError(_("Only teachers of the school record hand-ins."))
    if entry.competition.kind not in PHYSICAL_KINDS:
        raise ValidationError(_("“%(name)s” takes no physical works to hand in.") % {"name": entry.competition.name})
    before = entry.received_at
    entry.received_at = _now(now) if received else None
    entry.received_by = by if received else None
    entry.save(update_fields=["received_at", "received_by", "updated_at"])
    audit_record(actor=by, action="entry.received", obj=entry, changes={"received_at": (before, entry.received_at)})
    return entry


@transaction.atomic
def entries_accept(*, entries: Iterable[Entry], by: User, now: dt.datetime | None = None) -> int:
    """The organizers take recommended entries into judging; returns how many were taken."""
    if not by.has_perm("submissions.accept_entries"):
        raise ValidationError(_("Only organizers accept entries into judging."))
    accepted = 0
    for entry in (
        Entry.objects.select_for_update(of=("self",))
        .filter(pk__in=[e.pk for e in entries], festival__school_id=by.school_id, state=EntryState.RECOMMENDED)
        .select_related("competition")
    ):
        check_stage(entry.competition, "accept", _now(now))
        _set_state(entry, EntryState.IN_JUDGING, by=by, action="entry.accept")
        accepted += 1
    return accepted


def entry_withdraw_by_organizer_refusal(
    *, entry: Entry, by: User, competition: Competition | None = None, now: dt.datetime | None = None
) -> str | None:
    """Why ``by`` may not take the entry out of judging now (the reason they give is checked on withdrawal)."""
    competition = competition or entry.competition
    if not by.has_perm("submissions.override_entry", entry):
        return _("Only the organizers of the school withdraw an entry from judging.")
    if competition.results_locked:
        return _(
            "The results of “%(name)s” are locked: an entry can no longer be withdrawn. Unlock the results first."
        ) % {"name": competition.name}
    if entry.state not in ORGANIZER_WITHDRAWABLE_STATES:
        return _("Only an entry in judging or recommended by its class is withdrawn this way.")
    if entry.state == EntryState.IN_JUDGING:
        return stage_refusal(competition, "withdraw_from_judging", _now(now))
    return None


@transaction.atomic
def entry_withdraw_by_organizer(*, entry: Entry, by: User, reason: str, now: dt.datetime | None = None) -> Entry:
    """The organizers take an entry out of judging (or off its class's recommendation), with a reason.

    The listeners of ``submissions.hooks`` run in the same transaction: judging drops the entry's assignments
    and scores, awards its result. Refused once the competition's results are locked. The entry keeps
    ``recommended_at``, which tells it from one its authors withdrew: they cannot reopen it; it keeps when and
    why it was withdrawn for its authors to read.
    """
    # The competition first, as results_lock does, so a lock and a withdrawal happen one after the other.
    competition = Competition.objects.select_for_update().get(pk=entry.competition_id)
    entry = _locked(entry)
    refuse(entry_withdraw_by_organizer_refusal(entry=entry, by=by, competition=competition, now=now))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the entry is withdrawn; the reason is recorded.")})
    _set_state(
        entry,
        EntryState.WITHDRAWN,
        by=by,
        action="entry.withdraw_by_organizer",
        reason=reason,
        withdrawn_at=_now(now),
        withdrawn_reason=reason,
    )
    hooks.entry_withdrawn(entry=entry, by=by, reason=reason)
    return entry


def _set_states(entries: list[Entry], state: str, *, by: User, action: str, reason: str = "") -> int:
    """Many entries to one state at once (locking a competition's results): one UPDATE, one audit row each."""
    records = [
        audit_entry(actor=by, action=action, obj=entry, changes={"state": (entry.state, state)}, reason=reason)
        for entry in entries
    ]
    Entry.objects.filter(pk__in=[e.pk for e in entries]).update(state=state, updated_at=timezone.now())
    AuditLog.objects.bulk_create(records, batch_size=1000)
    return len(entries)


@transaction.atomic
def entries_judged(*, competition: Competition, awarded: Collection[int], by: User) -> None:
    """The competition's results are locked: its entries in judging are now awarded (ids in ``awarded``) or not."""
    entries = list(
        Entry.objects.select_for_update(of=("self",)).filter(competition=competition, state=EntryState.IN_JUDGING)
    )
    _set_states([e for e in entries if e.pk in awarded], EntryState.AWARDED, by=by, action="entry.judged")
    _set_states([e for e in entries if e.pk not in awarded], EntryState.NOT_AWARDED, by=by, action="entry.judged")


@transaction.atomic
def entries_back_to_judging(*, competition: Competition, by: User, reason: str) -> None:
    """The competition's results are unlocked: its judged entries are in judging again."""
    entries = list(
        Entry.objects.select_for_update(of=("self",)).filter(
            competition=competition, state__in=(EntryState.AWARDED, EntryState.NOT_AWARDED)
        )
    )
    _set_states(entries, EntryState.IN_JUDGING, by=by, action="entry.unjudged", reason=reason)


@transaction.atomic
def entry_award_correct(*, entry: Entry, awarded: bool, by: User, reason: str) -> Entry:
    """An upheld objection changed the entry's award: it is awarded or not awarded accordingly."""
    entry = _locked(entry)
    if entry.state not in (EntryState.AWARDED, EntryState.NOT_AWARDED):
        raise ValidationError(_("Only a judged entry's award can be corrected."))
    state = EntryState.AWARDED if awarded else EntryState.NOT_AWARDED
    if entry.state == state:
        return entry
    return _set_state(entry, state, by=by, action="entry.award_correct", reason=reason)
