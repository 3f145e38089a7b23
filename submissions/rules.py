"""Who may see and change entries and their files."""

from __future__ import annotations

import rules

from schools.models import User
from schools.rules import is_organizer, is_teacher
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
def of_my_school(user: User, entry: Entry | None) -> bool:
    return entry is not None and user.is_authenticated and entry.festival.school_id == user.school_id


organizer_of_entry = is_organizer & of_my_school

rules.add_perm("submissions.view_entry", is_author | heads_entry_class | advises | organizer_of_entry)
# Whether the change is allowed now (deadline, state) is the service's decision; this is who may try.
rules.add_perm("submissions.change_entry", is_author | heads_entry_class | organizer_of_entry)
rules.add_perm("submissions.shortlist_entry", heads_entry_class | organizer_of_entry)
rules.add_perm("submissions.receive_entry", (is_teacher | is_organizer) & of_my_school)
rules.add_perm("submissions.view_all_entries", is_organizer)
rules.add_perm("submissions.accept_entries", is_organizer)
