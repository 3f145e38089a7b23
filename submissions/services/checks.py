"""The rules the entry services share, each worded once.

A rule is a *refusal*: a function that returns why something may not happen now, in words for people, or
None. The services raise it (``refuse``); the pages ask the same function before they offer a form or a
button, and show the sentence in its place, so a page never offers what the server would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Competition, EntryMode
from competitions.phrases import when
from competitions.stages import stage_refusal
from core.fonts import unprintable
from schools.models import SchoolClass, User
from submissions.models import COUNTED_STATES, JUDGED_STATES, AttachmentRole, Entry, EntryState


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def check_title(title: str) -> str:
    """The title, stripped; refused when the certificate's font cannot print some of it (emoji, above all)."""
    missing = unprintable(title)
    if missing:
        raise ValidationError(
            {
                "title": _("Titles cannot contain emoji or other symbols the certificate cannot print: %(chars)s")
                % {"chars": " ".join(missing)}
            }
        )
    return title.strip()


def refuse(refusal: str | None) -> None:
    """Raise the refusal, if there is one, as the services' ``ValidationError``."""
    if refusal:
        raise ValidationError(refusal)


def window_refusal(
    *, competition: Competition, school_class: SchoolClass | None, now: dt.datetime, action: str = "entry_change"
) -> str | None:
    """Why entries of the class may not be made or changed at ``now``: the competition not open yet, its deadline
    for the class (with the class's extension) passed, or its results decided while that extension still ran."""
    if competition.results_locked or competition.results_published:
        return stage_refusal(competition, action, now)
    if now < competition.submission_opens:
        return _("“%(name)s” takes entries from %(opens)s.") % {
            "name": competition.name,
            "opens": when(competition.submission_opens),
        }
    if now >= competition.closes_for(school_class):
        return _("The deadline of “%(name)s” has passed; the entry can no longer be changed.") % {
            "name": competition.name
        }
    return None


def competition_is_open_for(*, competition: Competition, school_class: SchoolClass, now: dt.datetime) -> bool:
    return window_refusal(competition=competition, school_class=school_class, now=now) is None


def eligibility_refusal(*, competition: Competition, student: User) -> str | None:
    if not student.is_student or student.school_class_id is None:
        return _("Only students enter competitions.")
    school_class = student.school_class
    if competition.festival.school_id != school_class.grade.school_id:
        return _("This competition belongs to another school.")
    if school_class.grade.number not in competition.grade_numbers:
        return _("%(name)s is not open to %(grade)s.") % {"name": competition.name, "grade": school_class.grade.name}
    return None


def per_student_refusal(
    *,
    competition: Competition,
    students: Iterable[User],
    exclude: Entry | None,
    counted: Mapping[int, int] | None = None,
) -> str | None:
    """Why one of the students may not have one more entry in the competition. ``counted``: their entries that
    count against the limit, by student id, when the page has counted them already (else they are counted)."""
    limit = competition.entries_per_student
    for student in students:
        if counted is not None and student.pk in counted:
            count = counted[student.pk]
        else:
            qs = Entry.objects.filter(competition=competition, authors=student, state__in=COUNTED_STATES)
            if exclude is not None:
                qs = qs.exclude(pk=exclude.pk)
            count = qs.count()
        if count >= limit:
            return _("%(name)s already has %(count)d entries in “%(competition)s”, the most allowed.") % {
                "name": student.real_name,
                "count": limit,
                "competition": competition.name,
            }
    return None


def check_team(*, competition: Competition, leader: User, team: Sequence[User]) -> list[User]:
    members = [leader, *[m for m in team if m.pk != leader.pk]]
    if len(members) > 1 and competition.entry_mode != EntryMode.TEAM:
        raise ValidationError(_("“%(name)s” takes individual entries only.") % {"name": competition.name})
    if competition.entry_mode == EntryMode.TEAM and len(members) > (competition.team_max_size or 1):
        raise ValidationError(_("A team has at most %(n)d members.") % {"n": competition.team_max_size})
    for member in members[1:]:
        if member.school_class_id != leader.school_class_id or not member.is_student:
            raise ValidationError(_("Team members must be classmates: %(name)s is not.") % {"name": member.real_name})
    return members


def check_advisor(*, advisor: User | None, school_id: int) -> None:
    if advisor is not None and (not advisor.is_teacher or advisor.school_id != school_id):
        raise ValidationError(_("The advisor must be a teacher of the school."))


def check_details(competition: Competition, details: dict) -> dict:
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
    if takes_files and not any(a.role == AttachmentRole.RESULT for a in entry.attachments.all()):
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


def organizers_only_refusal(entry: Entry) -> str | None:
    if entry.state in JUDGED_STATES or withdrawn_by_organizers(entry):
        return organizers_only_message(entry)
    return None


def owner_refusal(*, entry: Entry, by: User) -> str | None:
    """Who changes the entry's content and state: its authors, or the head teacher of a class entry."""
    if by.has_perm("submissions.own_entry", entry):
        return None
    if entry.is_class_entry:
        return _("Only the head teacher changes the class entry.")
    return _("Only the authors change their entry.")
