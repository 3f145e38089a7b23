"""State changes of the awards app, by concept. Import from here: ``from awards import services``."""

from awards.services.publication import (
    collective_confirm,
    festival_publish,
    is_published,
    objection_answer,
    objection_raise,
    results_final,
    special_award_confirm,
)
from awards.services.results import (
    collective_compute,
    result_adjust,
    result_drop_withdrawn,
    results_compute,
    results_lock,
    results_unlock,
)

__all__ = [
    "collective_compute",
    "collective_confirm",
    "festival_publish",
    "is_published",
    "objection_answer",
    "objection_raise",
    "result_adjust",
    "result_drop_withdrawn",
    "results_compute",
    "results_final",
    "results_lock",
    "results_unlock",
    "special_award_confirm",
]
