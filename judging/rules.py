"""Who may judge, and who runs the judging: panels, experts, assignments, progress."""

from __future__ import annotations

import rules

from schools.models import User
from schools.rules import has_school, is_judge, is_organizer, organizes

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
rules.add_perm("judging.manage_judging", organizes)
rules.add_perm("judging.add_expert", is_organizer & has_school)
# Progress and reminders (催评): the organizers or the competition's head judge.
rules.add_perm("judging.follow_judging", organizes | heads_panel_of)
