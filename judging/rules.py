"""Who may ask for and download exports."""

from __future__ import annotations

import rules

from schools.models import User
from schools.rules import has_school, is_judge, is_organizer, is_student, is_teacher, same_school


@rules.predicate
def asked_for_it(user: User, export) -> bool:
    return export is not None and user.is_authenticated and export.requested_by_id == user.pk


rules.add_perm("judging.view_exports", is_organizer | is_teacher)
rules.add_perm("judging.export_class_roster", is_organizer | is_teacher)
# Organizers see every export of their school; others only what they asked for themselves.
rules.add_perm("judging.view_export", (is_organizer & same_school) | asked_for_it)


# --- Judges' pages ---------------------------------------------------------------------------------


@rules.predicate
def is_assigned_judge(user: User, assignment) -> bool:
    """The judge the entry is assigned to; nobody else scores it or opens its files through the judges' pages."""
    return assignment is not None and user.is_authenticated and assignment.judge_id == user.pk


rules.add_perm("judging.view_judge_queue", is_judge)
rules.add_perm("judging.score_assignment", is_judge & is_assigned_judge)
rules.add_perm("judging.declare_conflict", is_judge & has_school)


# --- Judging pages of the organizers and head judges ---------------------------------------------


@rules.predicate
def organizes_festival_of(user: User, obj) -> bool:
    """An organizer of the school whose festival ``obj`` (a festival or a competition) is."""
    if obj is None or not user.is_authenticated or not user.is_organizer or not user.school_id:
        return False
    festival = obj.festival if hasattr(obj, "festival_id") else obj
    return festival.school_id == user.school_id


@rules.predicate
def heads_panel_of(user: User, competition) -> bool:
    if competition is None or not user.is_authenticated or not user.is_judge:
        return False
    from judging.models import Panel

    return Panel.objects.filter(competition=competition, head_judge=user).exists()


@rules.predicate
def heads_a_panel(user: User) -> bool:
    if not user.is_authenticated or not user.is_judge:
        return False
    from judging.models import Panel

    return Panel.objects.filter(head_judge=user).exists()


# The judging overview: organizers, and head judges for their own competitions.
rules.add_perm("judging.view_judging", (is_organizer & has_school) | heads_a_panel)
# Panels, experts' accounts, assignments, collective and special awards, publication: the organizers.
rules.add_perm("judging.manage_judging", organizes_festival_of)
rules.add_perm("judging.add_expert", is_organizer & has_school)
# Progress, nudges, results (compute, adjust, lock): the organizers or the competition's head judge.
rules.add_perm("judging.manage_results", organizes_festival_of | heads_panel_of)
# Unlocking needs the organizers (and a reason).
rules.add_perm("judging.unlock_results", organizes_festival_of)


# --- After publication: results, the honour roll (光荣榜), objections (异议) ---------------------------


def _published_at_school(user: User, festival) -> bool:
    from competitions.models import Festival

    return bool(
        festival is not None
        and user.is_authenticated
        and user.school_id
        and festival.school_id == user.school_id
        and festival.status != Festival.Status.DRAFT
        and hasattr(festival, "publication")
    )


@rules.predicate
def festival_published_at_school(user: User, festival) -> bool:
    """A published festival of the user's school: its honour roll is open to everyone there."""
    return _published_at_school(user, festival)


@rules.predicate
def picture_of_published_award(user: User, attachment) -> bool:
    """A picture of an awarded entry of a published festival of the user's school (the honour roll shows it)."""
    from submissions.models import EntryState

    if attachment is None or not attachment.is_image:
        return False
    entry = attachment.entry
    return entry.state == EntryState.AWARDED and _published_at_school(user, entry.festival)


@rules.predicate
def author_or_head_teacher_of_result(user: User, result) -> bool:
    """The authors of the entry (students) and the head teacher of its class may object to its result."""
    if result is None or not user.is_authenticated:
        return False
    entry = result.entry
    if user.is_student and any(author.pk == user.pk for author in entry.authors.all()):
        return True
    return bool(user.is_teacher and entry.school_class.head_teacher_id == user.pk)


# Students see their entries' results, head teachers their classes' (and the classes' points).
rules.add_perm("judging.view_my_results", is_student | is_teacher)
rules.add_perm("judging.view_honour_roll", festival_published_at_school)
rules.add_perm("judging.view_awarded_picture", picture_of_published_award)
# Who may object; when (during the public notice period) is the service's rule.
rules.add_perm("judging.raise_objection", author_or_head_teacher_of_result)
rules.add_perm("judging.answer_objections", organizes_festival_of)


# --- Award spreadsheets of a festival (SPEC §5) ------------------------------------------------------

# 获奖名单, 集体奖 / 辅导员奖 / 优秀组织奖, 评分明细, 推荐名单: the organizers (the festival of their school is the
# service's check).
rules.add_perm("judging.export_festival_results", is_organizer)
# 参赛作品汇总: organizers (every class) and teachers (the classes they head).
rules.add_perm("judging.export_entry_roster", is_organizer | is_teacher)
# 奖状 (certificates as a PDF): the organizers.
rules.add_perm("judging.export_certificates", is_organizer)
