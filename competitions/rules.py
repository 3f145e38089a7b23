"""Who may see and change festivals and competitions; the models attach these with Meta.rules_permissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from schools.rules import is_judge, is_organizer, is_student, is_teacher, of_my_school, organizes

if TYPE_CHECKING:
    from competitions.models import Competition, Festival
    from schools.models import User


def _festival(obj: Festival | Competition):
    return obj.festival if hasattr(obj, "festival_id") else obj


@rules.predicate
def festival_is_public(user: User, obj: Festival | Competition | None) -> bool:
    if obj is None:
        return False
    return _festival(obj).status != "draft"


@rules.predicate
def competition_open_to_my_grade(user: User, competition: Competition | None) -> bool:
    if competition is None or not user.is_authenticated or not user.school_class_id:
        return False
    return competition.eligible_grades.filter(classes=user.school_class_id).exists()


participates = of_my_school & festival_is_public

# The models attach these (Meta.rules_permissions): competitions.add_festival, change_festival, view_festival,
# add_competition, change_competition, delete_competition, view_competition.
FESTIVAL_PERMISSIONS = {
    "add": is_organizer,
    "change": organizes,
    "view": organizes | (participates & (is_teacher | is_judge | is_student)),
}
COMPETITION_PERMISSIONS = {
    "add": organizes,
    "change": organizes,
    "delete": organizes,
    "view": organizes
    | (participates & (is_teacher | is_judge))
    | (participates & is_student & competition_open_to_my_grade),
}

rules.add_perm("competitions.list_festivals", rules.is_authenticated)
