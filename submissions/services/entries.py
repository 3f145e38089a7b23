"""Every state change of an entry. Each function checks the rules, saves and writes the audit record.

The deadline is enforced here, on the server, with the class's extension: a form opened before the
deadline and posted after it is refused like any other late change. After the deadline only an
organizer changes an entry, and every such change is recorded with what it was before.

Each change a page offers has its refusal here (``entry_submit_refusal`` …): the service raises it, and the
page asks it before showing the button, so the two never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from competitions.models import Competition, EntryMode
from competitions.stages import stage_refusal
from core.audit import audit_diff, audit_record
from schools.models import SchoolClass, User
from submissions.models import EDITABLE_STATES, Entry, EntryState
from submissions.services.checks import (
    _now,
    check_advisor,
    check_details,
    check_team,
    check_title,
    eligibility_refusal,
    missing_for_submission,
    organizers_only_refusal,
    owner_refusal,
    per_student_refusal,
    refuse,
    window_refusal,
)

AUDITED_FIELDS = ("title", "description", "details", "advisor_id", "parent_name", "originality_declared", "state")


def _snapshot(entry: Entry) -> dict:
    data = {f: getattr(entry, f) for f in AUDITED_FIELDS}
    data["authors"] = sorted(entry.authors.values_list("real_name", flat=True)) if entry.pk else []
    return data


CODE_ATTEMPTS = 5


def _next_code(competition: Competition) -> tuple[str, int]:
    """The next code, ``<year>-<competition code>-<number>`` (2026-HH-0001), unique in the school.

    Numbers count per school, year and competition code, so a second festival of the school in the same year
    goes on where the first stopped, and never repeat a number of the competition itself.
    """
    festival = competition.festival
    prefix = f"{festival.year}-{competition.code}-"
    same = Q(school_id=festival.school_id, code__startswith=prefix) | Q(competition=competition)
    number = (Entry.objects.filter(same).aggregate(n=Max("number"))["n"] or 0) + 1
    return f"{prefix}{number:04d}", number


def _create_numbered(*, competition: Competition, **fields) -> Entry:
    """Create the entry under the next code.

    The caller holds a lock on the competition row, which serialises the numbering within the competition. A
    festival of the same year with a competition of the same code numbers under another lock: when it took the
    code in the meantime, the unique constraint per school refuses it and the next number is tried.
    """
    school_id = competition.festival.school_id
    attempts = 0
    while True:
        code, number = _next_code(competition)
        try:
            with transaction.atomic():
                return Entry.objects.create(
                    festival=competition.festival,
                    school_id=school_id,
                    competition=competition,
                    code=code,
                    number=number,
                    **fields,
                )
        except IntegrityError:
            attempts += 1
            if attempts == CODE_ATTEMPTS or not Entry.objects.filter(school_id=school_id, code=code).exists():
                raise


# --- Creating and editing -------------------------------------------------------------------------


def entry_create_refusal(
    *, competition: Competition, by: User, now: dt.datetime, entered: int | None = None
) -> str | None:
    """Why ``by`` may not start an entry of the competition now (team members are checked on creation).
    ``entered``: their entries that count against the limit, when the page has counted them already."""
    if competition.entry_mode == EntryMode.CLASS:
        return _("The head teacher submits the class entry of this competition.")
    return (
        eligibility_refusal(competition=competition, student=by)
        or window_refusal(competition=competition, school_class=by.school_class, now=now, action="entry_create")
        or per_student_refusal(
            competition=competition,
            students=[by],
            exclude=None,
            counted=None if entered is None else {by.pk: entered},
        )
    )


@transaction.atomic
def entry_create(
    *,
    competition: Competition,
    by: User,
    title: str,
    description: str = "",
    details: dict | None = None,
    advisor: User | None = None,
    parent_name: str = "",
    team: Sequence[User] = (),
    now: dt.datetime | None = None,
) -> Entry:
    """A student starts an entry (a draft) alone or with classmates."""
    now = _now(now)
    competition = Competition.objects.select_for_update().select_related("festival").get(pk=competition.pk)
    refuse(entry_create_refusal(competition=competition, by=by, now=now))
    members = check_team(competition=competition, leader=by, team=team)
    refuse(per_student_refusal(competition=competition, students=members[1:], exclude=None))
    check_advisor(advisor=advisor, school_id=competition.festival.school_id)
    entry = _create_numbered(
        competition=competition,
        title=check_title(title),
        description=description.strip(),
        details=check_details(competition, details or {}),
        school_class=by.school_class,
        created_by=by,
        advisor=advisor,
        parent_name=parent_name.strip(),
    )
    entry.authors.set(members)
    audit_record(actor=by, action="entry.create", obj=entry)
    return entry


def class_entry_of(*, competition: Competition, school_class: SchoolClass) -> Entry | None:
    """The class's collective entry of the competition, if it has one."""
    return Entry.objects.filter(competition=competition, school_class=school_class, is_class_entry=True).first()


def class_entry_create_refusal(
    *, competition: Competition, school_class: SchoolClass, by: User, now: dt.datetime
) -> str | None:
    """Why ``by`` may not submit the class's collective entry now (the class has one already, …)."""
    if competition.entry_mode != EntryMode.CLASS:
        return _("Students enter this competition themselves.")
    if not by.has_perm("submissions.add_class_entry", school_class) or school_class.grade.school_id != (
        competition.festival.school_id
    ):
        return _("Only the head teacher submits the class entry.")
    if school_class.grade.number not in competition.grade_numbers:
        return _("%(name)s is not open to %(grade)s.") % {"name": competition.name, "grade": school_class.grade.name}
    if class_entry_of(competition=competition, school_class=school_class) is not None:
        return _("%(class)s already has its class entry.") % {"class": school_class.name}
    return window_refusal(competition=competition, school_class=school_class, now=now, action="entry_create")


@transaction.atomic
def class_entry_create(
    *,
    competition: Competition,
    school_class: SchoolClass,
    by: User,
    title: str,
    description: str = "",
    details: dict | None = None,
    now: dt.datetime | None = None,
) -> Entry:
    """The head teacher submits the class's collective entry (e.g. the class poster, 科普板报)."""
    now = _now(now)
    competition = Competition.objects.select_for_update().select_related("festival").get(pk=competition.pk)
    refuse(class_entry_create_refusal(competition=competition, school_class=school_class, by=by, now=now))
    try:
        with transaction.atomic():
            entry = _create_numbered(
                competition=competition,
                title=check_title(title),
                description=description.strip(),
                details=check_details(competition, details or {}),
                school_class=school_class,
                is_class_entry=True,
                created_by=by,
                advisor=by if by.is_teacher else None,
                originality_declared=True,
            )
    except IntegrityError as exc:  # two head teachers' clicks at once
        raise ValidationError(_("%(class)s already has its class entry.") % {"class": school_class.name}) from exc
    audit_record(actor=by, action="entry.create", obj=entry)
    return entry


def entry_edit_refusal(*, entry: Entry, by: User, now: dt.datetime) -> str | None:
    """Why ``by`` may not change what the entry form shows (or its files, or its declaration) now.

    The organizers override after the deadline or once the entry left the draft state, with a reason
    (``entry_update`` asks for it), until judging starts (the stage table's "entry_override").
    """
    if by.has_perm("submissions.override_entry", entry):
        open_now = window_refusal(competition=entry.competition, school_class=entry.school_class, now=now) is None
        if open_now and entry.state in EDITABLE_STATES:
            return None
        # A late correction, before the judges see the entry.
        competition = entry.competition
        return stage_refusal(competition, "entry_override", now, closes=competition.closes_for(entry.school_class))
    refusal = organizers_only_refusal(entry) or window_refusal(
        competition=entry.competition, school_class=entry.school_class, now=now
    )
    if refusal is None and entry.state not in EDITABLE_STATES:
        refusal = _("Reopen the entry to change it; submitted entries are not edited.")
    return refusal


def _check_can_edit(*, entry: Entry, by: User, now: dt.datetime) -> bool:
    """Returns True when the change is an organizer's override (after the deadline or of a locked state)."""
    refuse(entry_edit_refusal(entry=entry, by=by, now=now))
    if not by.has_perm("submissions.override_entry", entry):
        return False
    open_now = window_refusal(competition=entry.competition, school_class=entry.school_class, now=now) is None
    return not open_now or entry.state not in EDITABLE_STATES


# The code of the refusal of a save from a page that showed an older version of the entry (or did not say
# which): the entry form is shown again with what was typed, and saving it again is a deliberate choice.
STALE_VERSION = "stale_version"


def _check_version(*, entry: Entry, version: int | None) -> None:
    if version is None:
        raise ValidationError(
            _(
                "This page did not say which version of the entry it showed, so saving it could overwrite "
                "changes made meanwhile. What you typed is kept below; save again to replace the entry with it."
            ),
            code=STALE_VERSION,
        )
    if version != entry.version:
        raise ValidationError(
            _(
                "This entry was changed in another window or on another device after you opened this page. "
                "What you typed is kept below: open the entry in a new tab to see the other changes, or save "
                "again to replace them with what you typed."
            ),
            code=STALE_VERSION,
        )


@transaction.atomic
def entry_update(
    *,
    entry: Entry,
    by: User,
    version: int | None,
    title: str,
    description: str,
    details: dict,
    advisor: User | None,
    parent_name: str = "",
    team: Sequence[User] | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Entry:
    """Change what the entry form shows; ``version`` is the entry's version the form was showing.

    A form that shows an older version than the stored one (another tab, or a team member, saved meanwhile)
    is refused, so no change is ever overwritten without the person knowing. Every save that changes the
    entry bumps its version.
    """
    now = _now(now)
    entry = Entry.objects.select_for_update().select_related("competition", "festival", "school_class").get(pk=entry.pk)
    override = _check_can_edit(entry=entry, by=by, now=now)
    _check_version(entry=entry, version=version)
    if override and not reason.strip():
        raise ValidationError(_("Say why you change this entry after the deadline; the reason is recorded."))
    if not reason.strip() and not by.has_perm("submissions.own_entry", entry):
        # The head teacher (or an organizer) changing a pupil's work: its authors read who, when and why.
        raise ValidationError(
            {"reason": _("Say why you change your pupil's entry; the reason is recorded and its authors read it.")}
        )
    before = _snapshot(entry)
    check_advisor(advisor=advisor, school_id=entry.festival.school_id)
    entry.title, entry.description = check_title(title), description.strip()
    entry.details = check_details(entry.competition, details)
    entry.advisor, entry.parent_name = advisor, parent_name.strip()
    if team is not None and not entry.is_class_entry:
        members = check_team(competition=entry.competition, leader=entry.created_by, team=team)
        refuse(per_student_refusal(competition=entry.competition, students=members, exclude=entry))
        entry.authors.set(members)
    changes = audit_diff(before, _snapshot(entry))
    if changes:  # a save that changes nothing leaves the other open pages current
        entry.version += 1
    entry.save(update_fields=["title", "description", "details", "advisor", "parent_name", "version", "updated_at"])
    if changes:
        audit_record(actor=by, action="entry.update", obj=entry, changes=changes, reason=reason)
    return entry


def _set_state(entry: Entry, state: str, *, by: User, action: str, reason: str = "", **fields) -> Entry:
    before = entry.state
    entry.state = state
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save(update_fields=["state", *fields.keys(), "updated_at"])
    audit_record(actor=by, action=action, obj=entry, changes={"state": (before, state)}, reason=reason)
    return entry


def _locked(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("competition__festival", "festival", "school_class__grade")
        .get(pk=entry.pk)
    )


def _check_author_or_head(*, entry: Entry, by: User) -> None:
    refuse(owner_refusal(entry=entry, by=by))


@transaction.atomic
def entry_declare_original(*, entry: Entry, by: User, declared: bool, now: dt.datetime | None = None) -> Entry:
    entry = _locked(entry)
    _check_author_or_head(entry=entry, by=by)
    _check_can_edit(entry=entry, by=by, now=_now(now))
    before = entry.originality_declared
    entry.originality_declared = declared
    entry.save(update_fields=["originality_declared", "updated_at"])
    if before != declared:
        audit_record(actor=by, action="entry.declare", obj=entry, changes={"originality_declared": (before, declared)})
    return entry


# --- Submitting, withdrawing, reopening: the author's buttons --------------------------------------


def entry_submit_refusal(*, entry: Entry, by: User, now: dt.datetime) -> str | None:
    if refusal := owner_refusal(entry=entry, by=by):
        return refusal
    if entry.state != EntryState.DRAFT:
        return _("Only a draft can be submitted.")
    if refusal := window_refusal(competition=entry.competition, school_class=entry.school_class, now=now):
        return refusal
    missing = missing_for_submission(entry)
    if missing:
        return _("Before submitting, add: %(missing)s.") % {"missing": "、".join(missing)}
    return None


@transaction.atomic
def entry_submit(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    now = _now(now)
    entry = _locked(entry)
    refuse(entry_submit_refusal(entry=entry, by=by, now=now))
    return _set_state(entry, EntryState.SUBMITTED, by=by, action="entry.submit", submitted_at=now)


def entry_withdraw_refusal(*, entry: Entry, by: User, now: dt.datetime) -> str | None:
    if refusal := organizers_only_refusal(entry) or owner_refusal(entry=entry, by=by):
        return refusal
    if entry.state not in (EntryState.DRAFT, EntryState.SUBMITTED):
        return _("An entry the class has recommended cannot be withdrawn; ask the head teacher.")
    return window_refusal(competition=entry.competition, school_class=entry.school_class, now=now)


@transaction.atomic
def entry_withdraw(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    """The student takes the entry out of the competition; it no longer counts against any limit."""
    now = _now(now)
    entry = _locked(entry)
    refuse(entry_withdraw_refusal(entry=entry, by=by, now=now))
    return _set_state(entry, EntryState.WITHDRAWN, by=by, action="entry.withdraw")


def entry_reopen_refusal(*, entry: Entry, by: User, now: dt.datetime) -> str | None:
    if refusal := organizers_only_refusal(entry) or owner_refusal(entry=entry, by=by):
        return refusal
    if entry.state not in (EntryState.SUBMITTED, EntryState.WITHDRAWN):
        return _("Only a submitted or withdrawn entry can be reopened.")
    if refusal := window_refusal(competition=entry.competition, school_class=entry.school_class, now=now):
        return refusal
    if entry.state == EntryState.WITHDRAWN:  # it counts against the authors' limit again
        return per_student_refusal(competition=entry.competition, students=entry.authors.all(), exclude=entry)
    return None


@transaction.atomic
def entry_reopen(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    """Back to a draft, to change it before the deadline."""
    now = _now(now)
    entry = _locked(entry)
    refuse(entry_reopen_refusal(entry=entry, by=by, now=now))
    return _set_state(entry, EntryState.DRAFT, by=by, action="entry.reopen", submitted_at=None)
