"""Who may ask for and download exports."""

from __future__ import annotations

import rules

from schools.models import User
from schools.rules import is_organizer, is_teacher, same_school


@rules.predicate
def asked_for_it(user: User, export) -> bool:
    return export is not None and user.is_authenticated and export.requested_by_id == user.pk


rules.add_perm("exports.view_exports", is_organizer | is_teacher)
# Organizers see every export of their school; others only what they asked for themselves.
rules.add_perm("exports.view_export", (is_organizer & same_school) | asked_for_it)
