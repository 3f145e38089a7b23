"""State changes of the judging app, by concept. Import from here: ``from judging import services``."""

from judging.services.panels import (
    assignment_add,
    assignment_remove,
    assignments_drop_withdrawn,
    assignments_plan,
    check_judging_open,
    check_not_locked,
    conflict_declare,
    expert_create,
    judge_nudge,
    panel_remove_judge,
    panel_set,
)
from judging.services.scoring import nudges_mark_seen, score_save

__all__ = [
    "assignment_add",
    "assignment_remove",
    "assignments_drop_withdrawn",
    "assignments_plan",
    "check_judging_open",
    "check_not_locked",
    "conflict_declare",
    "expert_create",
    "judge_nudge",
    "nudges_mark_seen",
    "panel_remove_judge",
    "panel_set",
    "score_save",
]
