"""Who may see and change festivals and competitions. Views name these permissions; nothing is checked ad hoc.

The festival model lives in the festival app, but its pages are this app's, so its permissions are here
too, under the festival app's label like every Django model permission.
"""

from __future__ import annotations

import rules

from competitions.models import Competition, Festival
from schools.models import User
from schools.rules import is_judge, is_organizer, is_student, is_teacher


@rules.predicate
def festival_of_my_school(user: User, obj: Festival | Competition | None) -> bool:
    if obj is None or not user.is_authenticated or not user.school_id:
        return False
    festival = obj.festival if isinstance(obj, Competition) else obj
    return festival.school_id == user.school_id


@rules.predicate
def festival_is_public(user: User, obj: Festival | Competition | None) -> bool:
    if obj is None:
        return False
    festival = obj.festival if isinstance(obj, Competition) else obj
    return festival.status != Festival.Status.DRAFT


@rules.predicate
def competition_open_to_my_grade(user: User, competition: Competition | None) -> bool:
    if competition is None or not user.is_authenticated or not user.school_class_id:
        return False
    return competition.eligible_grades.filter(classes=user.school_class_id).exists()


organizes = is_organizer & festival_of_my_school
participates = festival_of_my_school & festival_is_public

rules.add_perm("competitions.add_festival", is_organizer)
rules.add_perm("competitions.change_festival", organizes)
rules.add_perm("competitions.view_festival", organizes | (participates & (is_teacher | is_judge | is_student)))

rules.add_perm("competitions.add_competition", organizes)
rules.add_perm("competitions.change_competition", organizes)
rules.add_perm("competitions.delete_competition", organizes)
rules.add_perm(
    "competitions.view_competition",
    organizes | (participates & (is_teacher | is_judge)) | (participates & is_student & competition_open_to_my_grade),
)

rules.add_perm("competitions.list_festivals", rules.is_authenticated)
