"""State changes of the judging app, by concept. Import from here: ``from judging import services``."""

from judging.services.exports import STALE_AFTER, export_build, export_can_retry, export_request, export_retry
from judging.services.panels import (
    assignment_add,
    assignment_remove,
    assignments_plan,
    check_not_locked,
    conflict_declare,
    expert_create,
    judge_nudge,
    panel_remove_judge,
    panel_set,
)
from judging.services.publication import (
    collective_confirm,
    festival_publish,
    is_published,
    may_object,
    objection_answer,
    objection_raise,
    results_final,
    special_award_confirm,
)
from judging.services.results import (
    collective_compute,
    may_manage_results,
    result_adjust,
    results_compute,
    results_lock,
    results_unlock,
)
from judging.services.scoring import nudges_mark_seen, score_save

__all__ = [
    "STALE_AFTER",
    "assignment_add",
    "assignment_remove",
    "assignments_plan",
    "check_not_locked",
    "collective_compute",
    "collective_confirm",
    "conflict_declare",
    "expert_create",
    "export_build",
    "export_can_retry",
    "export_request",
    "export_retry",
    "festival_publish",
    "is_published",
    "judge_nudge",
    "may_manage_results",
    "may_object",
    "nudges_mark_seen",
    "objection_answer",
    "objection_raise",
    "panel_remove_judge",
    "panel_set",
    "result_adjust",
    "results_compute",
    "results_final",
    "results_lock",
    "results_unlock",
    "score_save",
    "special_award_confirm",
]
