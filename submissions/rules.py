"""Who may see and change entries and their files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from schools.rules import heads_class, is_organizer, organizes

if TYPE_CHECKING:
    from schools.models import User
    from submissions.models import Entry


@rules.predicate
def is_author(user: User, entry: Entry | None) -> bool:
    if entry is None or not user.is_authenticated:
        return False
    return any(a.pk == user.pk for a in entry.authors.all())


@rules.predicate
def heads_entry_class(user: User, entry: Entry | None) -> bool:
    return entry is not None and user.is_authenticated and entry.school_class.head_teacher_id == user.pk


@rules.predicate
def advises(user: User, entry: Entry | None) -> bool:
    return entry is not None and user.is_authenticated and entry.advisor_id == user.pk


@rules.predicate
def owns_entry(user: User, entry: Entry | None) -> bool:
    """Who changes the entry's content: its authors, or the head teacher of a class entry."""
    if entry is None or not user.is_authenticated:
        return False
    if entry.is_class_entry:
        return entry.school_class.head_teacher_id == user.pk
    return any(a.pk == user.pk for a in entry.authors.all())


# Entry.Meta.rules_permissions attaches submissions.view_entry and submissions.change_entry; whether a change
# is allowed now (deadline, state) is the service's decision, this is who may try.
ENTRY_PERMISSIONS = {
    "view": is_author | heads_entry_class | advises | organizes,
    "change": is_author | heads_entry_class | organizes,
}
rules.add_perm("submissions.own_entry", owns_entry)
rules.add_perm("submissions.shortlist_entry", heads_entry_class | organizes)
# Recording that a physical work was handed in: the class's head teacher or the organizers. The spec names the
# section heads (部主任) too, but schools has no section-head role yet; any teacher of the school could mark any
# class's work received before.
rules.add_perm("submissions.receive_entry", heads_entry_class | organizes)
# Changing an entry after its deadline or once it left the draft state, with a reason: the organizers.
rules.add_perm("submissions.override_entry", organizes)
# A class's collective entry (科普板报): its head teacher or the organizers.
rules.add_perm("submissions.add_class_entry", heads_class | organizes)
rules.add_perm("submissions.view_all_entries", is_organizer)
rules.add_perm("submissions.accept_entries", is_organizer)
