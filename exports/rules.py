"""Who may ask for and download exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

if TYPE_CHECKING:
    from schools.models import User

from schools.rules import is_organizer, is_teacher, organizes


@rules.predicate
def asked_for_it(user: User, export) -> bool:
    return export is not None and user.is_authenticated and export.requested_by_id == user.pk


rules.add_perm("exports.view_exports", is_organizer | is_teacher)
# Organizers see every export of their school; others only what they asked for themselves
# (exports.view_export, attached by Export.Meta.rules_permissions).
EXPORT_PERMISSIONS = {"view": organizes | asked_for_it}
