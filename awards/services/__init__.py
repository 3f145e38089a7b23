"""State changes of the awards app, by concept. Import from here: ``from awards import services``."""

from awards.services.publication import (
    awards_wait_for,
    collective_confirm,
    objection_answer,
    objection_raise,
    publication_withdraw,
    results_final,
    results_publish,
    special_award_confirm,
)
from awards.services.results import (
    collective_compute,
    decide_refusal,
    result_adjust,
    result_drop_withdrawn,
    results_compute,
    results_lock,
    results_unlock,
)

__all__ = [
    "awards_wait_for",
    "collective_compute",
    "collective_confirm",
    "decide_refusal",
    "objection_answer",
    "objection_raise",
    "publication_withdraw",
    "result_adjust",
    "result_drop_withdrawn",
    "results_compute",
    "results_final",
    "results_lock",
    "results_publish",
    "results_unlock",
    "special_award_confirm",
]
