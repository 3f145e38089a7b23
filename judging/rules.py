"""Who may ask for and download exports."""

from __future__ import annotations

import rules

from festival.models import User
from festival.rules import has_school, is_judge, is_organizer, is_teacher, same_school


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
