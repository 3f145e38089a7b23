"""State changes of festivals and competitions. Each one validates, saves and writes the audit record.

Rules that need other rows (the school's grades and classes, the entries already made) are checked here;
rules about one competition alone are in ``Competition.clean``. Errors are ``ValidationError``s keyed by
form field, so a page shows them next to the input.
"""

from competitions.services._common import COMPETITION_FIELDS, FESTIVAL_FIELDS
from competitions.services.awards import award_scheme_save
from competitions.services.competitions import (
    competition_create,
    competition_create_from_template,
    competition_delete,
    competition_duplicate,
    competition_update,
)
from competitions.services.extensions import extension_grant, extension_revoke, judging_window_change
from competitions.services.festivals import festival_create, festival_create_from_plan, festival_update, phases_update
from competitions.services.rubric import CriterionData, rubric_check, rubric_save

__all__ = [
    "COMPETITION_FIELDS",
    "FESTIVAL_FIELDS",
    "CriterionData",
    "award_scheme_save",
    "competition_create",
    "competition_create_from_template",
    "competition_delete",
    "competition_duplicate",
    "competition_update",
    "extension_grant",
    "extension_revoke",
    "festival_create",
    "festival_create_from_plan",
    "festival_update",
    "judging_window_change",
    "phases_update",
    "rubric_check",
    "rubric_save",
]
