"""Every state change of an entry. Each function checks the rules, saves and writes the audit record.

The deadline is enforced here, on the server, with the class's extension: a form opened before the
deadline and posted after it is refused like any other late change. After the deadline only an
organizer changes an entry, and every such change is recorded with what it was before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Competition, EntryMode
from competitions.stages import check_stage
from core.audit import audit_diff, audit_record
from schools.models import SchoolClass, User
from submissions.models import (
    COUNTED_STATES,
    EDITABLE_STATES,
    JUDGED_STATES,
    AttachmentRole,
    Entry,
    EntryState,
)

AUDITED_FIELDS = ("title", "description", "details", "advisor_id", "parent_name", "originality_declared", "state")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _snapshot(entry: Entry) -> dict:
    data = {f: getattr(entry, f) for f in AUDITED_FIELDS}
    data["authors"] = sorted(entry.authors.values_list("real_name", flat=True)) if entry.pk else []
    return data


# --- Rules shared by several changes ------------------------------------------------------------


def competition_is_open_for(*, competition: Competition, school_class: SchoolClass, now: dt.datetime) -> bool:
    return competition.submission_opens <= now < competition.closes_for(school_class)


def _check_window(*, competition: Competition, school_class: SchoolClass, now: dt.datetime) -> None:
    if now < competition.submission_opens:
        raise ValidationError(_("“%(name)s” is not open for entries yet.") % {"name": competition.name})
    if now >= competition.closes_for(school_class):
        raise ValidationError(
            _("The deadline of “%(name)s” has passed; the entry can no longer be changed.") % {"name": competition.name}
        )


def _check_eligible(*, competition: Competition, student: User) -> None:
    if not student.is_student or student.school_class_id is None:
        raise ValidationError(_("Only students enter competitions."))
    school_class = student.school_class
    if competition.festival.school_id != school_class.grade.school_id:
        raise ValidationError(_("This competition belongs to another school."))
    if school_class.grade.number not in competition.grade_numbers:
        raise ValidationError(
            _("%(name)s is not open to %(grade)s.") % {"name": competition.name, "grade": school_class.grade.name}
        )


def _check_per_student_limit(*, competition: Competition, students: Iterable[User], exclude: Entry | None) -> None:
    limit = competition.entries_per_student
    for student in students:
        qs = Entry.objects.filter(competition=competition, authors=student, state__in=COUNTED_STATES)
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        if qs.count() >= limit:
            raise ValidationError(
                _("%(name)s already has %(count)d entries in “%(competition)s”, the most allowed.")
                % {"name": student.real_name, "count": limit, "competition": competition.name}
            )


def _check_team(*, competition: Competition, leader: User, team: Sequence[User]) -> list[User]:
    members = [leader, *[m for m in team if m.pk != leader.pk]]
    if len(members) > 1 and competition.entry_mode != EntryMode.TEAM:
        raise ValidationError(_("“%(name)s” takes individual entries only.") % {"name": competition.name})
    if competition.entry_mode == EntryMode.TEAM and len(members) > (competition.team_max_size or 1):
        raise ValidationError(_("A team has at most %(n)d members.") % {"n": competition.team_max_size})
    for member in members[1:]:
        if member.school_class_id != leader.school_class_id or not member.is_student:
            raise ValidationError(_("Team members must be classmates: %(name)s is not.") % {"name": member.real_name})
    return members


def _check_advisor(*, advisor: User | None, school_id: int) -> None:
    if advisor is not None and (not advisor.is_teacher or advisor.school_id != school_id):
        raise ValidationError(_("The advisor must be a teacher of the school."))


def _check_details(competition: Competition, details: dict) -> dict:
    """Keep only the competition's own fields, with valid values."""
    clean = {}
    for spec in competition.entry_field_specs():
        value = details.get(spec.name)
        if spec.type == "boolean":
            clean[spec.name] = bool(value)
            continue
        value = (value or "").strip() if isinstance(value, str) else value
        if spec.choices and value and value not in {key for key, _label in spec.choices}:
            raise ValidationError(_("“%(value)s” is not a valid %(field)s.") % {"value": value, "field": spec.label})
        if value:
            clean[spec.name] = value
    return clean


def missing_for_submission(entry: Entry) -> list[str]:
    """What the student still has to do before the entry can be submitted, in their words."""
    missing = []
    if not entry.title.strip():
        missing.append(_("a title"))
    for spec in entry.competition.entry_field_specs():
        if spec.required and spec.type != "boolean" and not entry.details.get(spec.name):
            missing.append(str(spec.label))
    # A race or a flight contest (四驱车, 手抛飞机) takes no files: the work is measured on the day.
    takes_files = bool(entry.competition.file_types) and entry.competition.max_files > 0
    if takes_files and not entry.attachments.filter(role=AttachmentRole.RESULT).exists():
        missing.append(_("at least one photo or file of the work"))
    if not entry.originality_declared:
        missing.append(_("the declaration that this is your own original work"))
    return missing


def withdrawn_by_organizers(entry: Entry) -> bool:
    """Whether the organizers took the entry out of judging. Only they withdraw a recommended entry
    (``entry_withdraw_by_organizer``), and it keeps the time it was recommended; the authors withdraw only
    drafts and submitted entries, which have none (taking one off the class's list clears it)."""
    return entry.state == EntryState.WITHDRAWN and entry.recommended_at is not None


def organizers_only_message(entry: Entry) -> str:
    """What an author or head teacher is told about an entry that only the organizers (组委会) change now: one
    in judging or judged, or one the organizers withdrew. It names the school's organizers to ask."""
    names = list(
        User.objects.filter(school_id=entry.festival.school_id, is_organizer=True, is_active=True)
        .order_by("real_name", "pk")
        .values_list("real_name", flat=True)[:3]
    )
    if names:
        organizers = _("the organizers (%(names)s)") % {"names": "、".join(names)}
    else:
        organizers = _("the organizers of the festival")
    if withdrawn_by_organizers(entry):
        return _("The organizers withdrew this entry from judging; only they can change that. Ask %(organizers)s.") % {
            "organizers": organizers
        }
    return _("The entry is in judging: only the organizers can withdraw or change it now. Ask %(organizers)s.") % {
        "organizers": organizers
    }


def _check_not_organizers_only(entry: Entry) -> None:
    if entry.state in JUDGED_STATES or withdrawn_by_organizers(entry):
        raise ValidationError(organizers_only_message(entry))


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
    if competition.entry_mode == EntryMode.CLASS:
        raise ValidationError(_("The head teacher submits the class entry of this competition."))
    _check_eligible(competition=competition, student=by)
    _check_window(competition=competition, school_class=by.school_class, now=now)
    members = _check_team(competition=competition, leader=by, team=team)
    _check_per_student_limit(competition=competition, students=members, exclude=None)
    _check_advisor(advisor=advisor, school_id=competition.festival.school_id)
    entry = _create_numbered(
        competition=competition,
        title=title.strip(),
        description=description.strip(),
        details=_check_details(competition, details or {}),
        school_class=by.school_class,
        created_by=by,
        advisor=advisor,
        parent_name=parent_name.strip(),
    )
    entry.authors.set(members)
    audit_record(actor=by, action="entry.create", obj=entry)
    return entry


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
    if competition.entry_mode != EntryMode.CLASS:
        raise ValidationError(_("Students enter this competition themselves."))
    if not by.has_perm("submissions.add_class_entry", school_class) or school_class.grade.school_id != (
        competition.festival.school_id
    ):
        raise ValidationError(_("Only the head teacher submits the class entry."))
    if school_class.grade.number not in competition.grade_numbers:
        raise ValidationError(
            _("%(name)s is not open to %(grade)s.") % {"name": competition.name, "grade": school_class.grade.name}
        )
    _check_window(competition=competition, school_class=school_class, now=now)
    if Entry.objects.filter(competition=competition, school_class=school_class, is_class_entry=True).exists():
        raise ValidationError(_("%(class)s already has its class entry.") % {"class": school_class.name})
    try:
        with transaction.atomic():
            entry = _create_numbered(
                competition=competition,
                title=title.strip(),
                description=description.strip(),
                details=_check_details(competition, details or {}),
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


def _check_can_edit(*, entry: Entry, by: User, now: dt.datetime) -> bool:
    """Returns True when the change is an organizer's override (after the deadline or of a locked state)."""
    overrides = by.has_perm("submissions.override_entry", entry)
    if not overrides:
        _check_not_organizers_only(entry)
    open_now = competition_is_open_for(competition=entry.competition, school_class=entry.school_class, now=now)
    if overrides and (not open_now or entry.state not in EDITABLE_STATES):
        # A late correction, before the judges see the entry.
        competition = entry.competition
        check_stage(competition, "entry_override", now, closes=competition.closes_for(entry.school_class))
        return True
    _check_window(competition=entry.competition, school_class=entry.school_class, now=now)
    if entry.state not in EDITABLE_STATES:
        raise ValidationError(_("Reopen the entry to change it; submitted entries are not edited."))
    return False


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
    before = _snapshot(entry)
    _check_advisor(advisor=advisor, school_id=entry.festival.school_id)
    entry.title, entry.description = title.strip(), description.strip()
    entry.details = _check_details(entry.competition, details)
    entry.advisor, entry.parent_name = advisor, parent_name.strip()
    if team is not None and not entry.is_class_entry:
        members = _check_team(competition=entry.competition, leader=entry.created_by, team=team)
        _check_per_student_limit(competition=entry.competition, students=members, exclude=entry)
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
    if by.has_perm("submissions.own_entry", entry):
        return
    if entry.is_class_entry:
        raise ValidationError(_("Only the head teacher changes the class entry."))
    raise ValidationError(_("Only the authors change their entry."))


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


@transaction.atomic
def entry_submit(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    now = _now(now)
    entry = _locked(entry)
    _check_author_or_head(entry=entry, by=by)
    if entry.state != EntryState.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    _check_window(competition=entry.competition, school_class=entry.school_class, now=now)
    missing = missing_for_submission(entry)
    if missing:
        raise ValidationError(_("Before submitting, add: %(missing)s.") % {"missing": "、".join(missing)})
    return _set_state(entry, EntryState.SUBMITTED, by=by, action="entry.submit", submitted_at=now)


@transaction.atomic
def entry_withdraw(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    """The student takes the entry out of the competition; it no longer counts against any limit."""
    now = _now(now)
    entry = _locked(entry)
    _check_not_organizers_only(entry)
    _check_author_or_head(entry=entry, by=by)
    if entry.state not in (EntryState.DRAFT, EntryState.SUBMITTED):
        raise ValidationError(_("An entry the class has recommended cannot be withdrawn; ask the head teacher."))
    _check_window(competition=entry.competition, school_class=entry.school_class, now=now)
    return _set_state(entry, EntryState.WITHDRAWN, by=by, action="entry.withdraw")


@transaction.atomic
def entry_reopen(*, entry: Entry, by: User, now: dt.datetime | None = None) -> Entry:
    """Back to a draft, to change it before the deadline."""
    now = _now(now)
    entry = _locked(entry)
    _check_not_organizers_only(entry)
    _check_author_or_head(entry=entry, by=by)
    if entry.state not in (EntryState.SUBMITTED, EntryState.WITHDRAWN):
        raise ValidationError(_("Only a submitted or withdrawn entry can be reopened."))
    _check_window(competition=entry.competition, school_class=entry.school_class, now=now)
    if entry.state == EntryState.WITHDRAWN:
        _check_per_student_limit(competition=entry.competition, students=entry.authors.all(), exclude=entry)
    return _set_state(entry, EntryState.DRAFT, by=by, action="entry.reopen", submitted_at=None)


# --- Attachments ----------------------------------------------------------------------------------


# --- The class shortlist (择优选送), hand-in and acceptance --------------------------------------
