"""Panels, declared conflicts and the assignment of judges to entries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.models import Competition
from competitions.phrases import judging_refusal
from core.audit import audit_record
from judging.assignment import EntryFacts, JudgeFacts, conflict_reason, plan_assignments
from judging.models import Assignment, ConflictDeclaration, Nudge, Panel, Score
from schools.models import School, SchoolClass, User
from schools.services import password_generate
from submissions.models import Entry, EntryState

CONFLICT_MESSAGES = {
    "advisor": gettext_lazy("%(judge)s advised entry %(code)s and may not score it."),
    "head_teacher": gettext_lazy("%(judge)s is the head teacher of the class of entry %(code)s and may not score it."),
    "declared": gettext_lazy("%(judge)s declared a conflict of interest with entry %(code)s."),
    "author": gettext_lazy("%(judge)s is an author of entry %(code)s."),
}


def _check_organizer(by: User, competition: Competition) -> None:
    if not by.has_perm("judging.manage_judging", competition):
        raise ValidationError(_("Only the organizers of the school manage judging."))


def check_not_locked(competition: Competition) -> None:
    if Competition.objects.filter(pk=competition.pk, results_locked_at__isnull=False).exists():
        raise ValidationError(_("The results of “%(name)s” are locked.") % {"name": competition.name})


def check_judging_open(competition: Competition, now: dt.datetime | None = None) -> None:
    """Judges are assigned and score only inside the judging window, after submission closes."""
    refusal = judging_refusal(competition, now or timezone.now())
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def panel_set(
    *,
    competition: Competition,
    judges: Iterable[User],
    head_judge: User | None,
    by: User,
    normalise: bool = False,
    spread_limit=20,
) -> Panel:
    _check_organizer(by, competition)
    judges = list(judges)
    for judge in judges:
        if not judge.is_judge:
            raise ValidationError(_("%(name)s is not a judge.") % {"name": judge.real_name})
    if head_judge is not None and head_judge not in judges:
        raise ValidationError(_("The head judge must be one of the panel's judges."))
    panel, _created = Panel.objects.get_or_create(competition=competition)
    before = sorted(panel.judges.values_list("real_name", flat=True))
    panel.head_judge = head_judge
    panel.normalise = normalise
    panel.spread_limit = spread_limit
    panel.save(update_fields=["head_judge", "normalise", "spread_limit"])
    panel.judges.set(judges)
    audit_record(
        actor=by,
        action="panel.set",
        obj=competition,
        changes={"judges": (before, sorted(j.real_name for j in judges))},
    )
    return panel


@transaction.atomic
def conflict_declare(*, judge: User, student: User, by: User, reason: str = "") -> ConflictDeclaration:
    if by.pk != judge.pk and not by.has_perm("judging.manage_judging", judge):
        raise ValidationError(_("Judges declare their own conflicts; organizers may record them."))
    declaration, _created = ConflictDeclaration.objects.get_or_create(
        judge=judge, student=student, defaults={"reason": reason}
    )
    # The student's entries leave the judge's queue at once, unless already scored and submitted (then the
    # organizers decide) or the results are locked; the coverage page shows them short of a judge.
    dropped = (
        Assignment.objects.filter(judge=judge, entry__authors=student)
        .exclude(score__state=Score.State.SUBMITTED)
        .exclude(entry__competition__results_locked_at__isnull=False)
    )
    dropped_codes = sorted(dropped.values_list("entry__code", flat=True))
    Assignment.objects.filter(pk__in=list(dropped.values_list("pk", flat=True))).delete()
    audit_record(
        actor=by,
        action="judge.conflict_declare",
        obj=judge,
        changes={"student": (None, student.real_name), "assignments_removed": (None, dropped_codes)},
    )
    return declaration


def _entry_facts(entries: Iterable[Entry]) -> dict[int, EntryFacts]:
    return {
        e.pk: EntryFacts(
            entry_id=e.pk,
            class_id=e.school_class_id,
            advisor_id=e.advisor_id,
            author_ids=frozenset(a.pk for a in e.authors.all()),
        )
        for e in entries
    }


def _judge_facts(judges: Iterable[User]) -> dict[int, JudgeFacts]:
    judges = list(judges)
    ids = [j.pk for j in judges]
    headed: dict[int, set[int]] = defaultdict(set)
    for class_id, teacher_id in SchoolClass.objects.filter(head_teacher_id__in=ids).values_list(
        "pk", "head_teacher_id"
    ):
        headed[teacher_id].add(class_id)
    declared: dict[int, set[int]] = defaultdict(set)
    for judge_id, student_id in ConflictDeclaration.objects.filter(judge_id__in=ids).values_list(
        "judge_id", "student_id"
    ):
        declared[judge_id].add(student_id)
    return {
        j.pk: JudgeFacts(
            judge_id=j.pk,
            headed_class_ids=frozenset(headed[j.pk]),
            conflict_student_ids=frozenset(declared[j.pk]),
        )
        for j in judges
    }


def judging_entries(competition: Competition):
    return Entry.objects.filter(competition=competition, state__in=[EntryState.IN_JUDGING]).prefetch_related("authors")


@transaction.atomic
def assignments_plan(*, competition: Competition, by: User, now: dt.datetime | None = None) -> dict[int, int]:
    """Give every entry in judging its judges, keeping what is assigned; returns entries still short."""
    _check_organizer(by, competition)
    check_not_locked(competition)
    check_judging_open(competition, now)
    panel = Panel.objects.filter(competition=competition).first()
    if panel is None or not panel.judges.exists():
        raise ValidationError(_("Set up the panel of “%(name)s” first.") % {"name": competition.name})
    entries = list(judging_entries(competition))
    existing: dict[int, list[int]] = defaultdict(list)
    for entry_id, judge_id in Assignment.objects.filter(entry__competition=competition).values_list(
        "entry_id", "judge_id"
    ):
        existing[entry_id].append(judge_id)
    plan = plan_assignments(
        _entry_facts(entries).values(),
        _judge_facts(panel.judges.all()).values(),
        per_entry=competition.judges_per_entry,
        existing=existing,
    )
    new = [
        Assignment(entry_id=entry_id, judge_id=judge_id)
        for entry_id, judge_ids in plan.assignments.items()
        for judge_id in judge_ids
        if judge_id not in existing.get(entry_id, [])
    ]
    Assignment.objects.bulk_create(new)
    audit_record(actor=by, action="judging.assign", obj=competition, changes={"assignments": (None, len(new))})
    return plan.short


@transaction.atomic
def assignment_add(*, entry: Entry, judge: User, by: User, now: dt.datetime | None = None) -> Assignment:
    """A hand-made assignment; conflicts are refused with the reason."""
    competition = Competition.objects.get(pk=entry.competition_id)  # its window as stored now
    _check_organizer(by, competition)
    check_not_locked(competition)
    check_judging_open(competition, now)
    panel = Panel.objects.filter(competition=competition).first()
    if panel is None or not panel.judges.filter(pk=judge.pk).exists():
        raise ValidationError(_("%(name)s is not on the panel of this competition.") % {"name": judge.real_name})
    reason = conflict_reason(_entry_facts([entry])[entry.pk], _judge_facts([judge])[judge.pk])
    if reason:
        raise ValidationError(str(CONFLICT_MESSAGES[reason]) % {"judge": judge.real_name, "code": entry.code})
    assignment, created = Assignment.objects.get_or_create(entry=entry, judge=judge)
    if created:
        audit_record(actor=by, action="judging.assignment_add", obj=entry, changes={"judge": (None, judge.real_name)})
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by: User) -> None:
    competition = assignment.entry.competition
    _check_organizer(by, competition)
    check_not_locked(competition)
    if Score.objects.filter(assignment=assignment, state=Score.State.SUBMITTED).exists():
        raise ValidationError(_("This judge has already submitted a score for the entry; it cannot be taken away."))
    audit_record(
        actor=by,
        action="judging.assignment_remove",
        obj=assignment.entry,
        changes={"judge": (assignment.judge.real_name, None)},
    )
    assignment.delete()


@transaction.atomic
def panel_remove_judge(
    *, competition: Competition, judge: User, by: User, now: dt.datetime | None = None
) -> dict[int, int]:
    """A judge drops out: their unscored entries go to the others; returns entries still short."""
    _check_organizer(by, competition)
    check_not_locked(competition)
    panel = Panel.objects.get(competition=competition)
    panel.judges.remove(judge)
    if panel.head_judge_id == judge.pk:
        panel.head_judge = None
        panel.save(update_fields=["head_judge"])
    Assignment.objects.filter(entry__competition=competition, judge=judge).exclude(
        score__state=Score.State.SUBMITTED
    ).delete()
    audit_record(actor=by, action="panel.remove_judge", obj=competition, changes={"judge": (judge.real_name, None)})
    if competition.judging_state(now or timezone.now()) != "open":
        return {}  # outside the window nobody is assigned; planning waits for it
    return assignments_plan(competition=competition, by=by, now=now)


@transaction.atomic
def assignments_drop_withdrawn(*, entry: Entry, by: User, reason: str) -> None:
    """The organizers withdrew the entry (a listener of ``submissions.hooks``, in the withdrawal's transaction,
    which checked the permission and that the results are not locked): its assignments and scores go with it,
    submitted ones too, recorded with what they were and the organizers' reason."""
    judges = list(
        Assignment.objects.filter(entry=entry)
        .order_by("judge__real_name", "pk")
        .values_list("judge__real_name", flat=True)
    )
    if not judges:
        return
    scores = [
        f"{name}: {total if total is not None else '—'} ({state})"
        for name, total, state in Score.objects.filter(entry=entry)
        .order_by("judge__real_name", "pk")
        .values_list("judge__real_name", "total", "state")
    ]
    Assignment.objects.filter(entry=entry).delete()  # their scores and points go with them (CASCADE)
    audit_record(
        actor=by,
        action="judging.drop_withdrawn",
        obj=entry,
        changes={"assignments": (judges, []), "scores": (scores, [])},
        reason=reason,
    )


# --- Nudges and invited experts (organizers' and head judges' pages) ------------------------------


@transaction.atomic
def judge_nudge(*, judge: User, competition: Competition, by: User, message: str = "") -> Nudge:
    """Remind a late judge; the notice shows on their home page until they open it."""
    if not by.has_perm("judging.follow_judging", competition):
        raise ValidationError(_("Only the head judge or the organizers remind judges."))
    if not Panel.objects.filter(competition=competition, judges=judge).exists():
        raise ValidationError(_("%(name)s is not on the panel of this competition.") % {"name": judge.real_name})
    nudge = Nudge.objects.create(judge=judge, competition=competition, sent_by=by, message=message.strip()[:200])
    audit_record(actor=by, action="judge.nudge", obj=competition, changes={"judge": (None, judge.real_name)})
    return nudge


@transaction.atomic
def expert_create(*, school: School, real_name: str, username: str, by: User) -> tuple[User, str]:
    """An account for an invited expert (外聘专家) who judges; returns it with a generated password that
    must be changed at the first login."""
    if not by.has_perm("judging.manage_judging", school):
        raise ValidationError(_("Only the organizers of the school manage judging."))
    username, real_name = username.strip(), real_name.strip()
    if not real_name:
        raise ValidationError({"real_name": _("Give the expert's name.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The username “%(username)s” is taken.") % {"username": username}})
    password = password_generate()
    user = User(username=username, real_name=real_name, school=school, is_judge=True, must_change_password=True)
    user.set_password(password)
    user.save()
    audit_record(actor=by, action="judge.expert_create", obj=user, changes={"username": (None, username)})
    return user, password
