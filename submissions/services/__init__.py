"""Every state change of an entry, by concept; the only code that writes ``Entry.state``.

Import from here: ``from submissions import services``. The deadline is enforced here, on the server, with
the class's extension: a form opened before the deadline and posted after it is refused like any other late
change. After the deadline only an organizer changes an entry, and every such change is recorded with what
it was before.
"""

from submissions.services.entries import (
    STALE_VERSION,
    class_entry_create,
    competition_is_open_for,
    entry_create,
    entry_declare_original,
    entry_reopen,
    entry_submit,
    entry_update,
    entry_withdraw,
    missing_for_submission,
    organizers_only_message,
    withdrawn_by_organizers,
)
from submissions.services.files import attachment_add, attachment_remove, file_rules_for
from submissions.services.stages import (
    entries_accept,
    entries_back_to_judging,
    entries_judged,
    entry_award_correct,
    entry_mark_received,
    entry_withdraw_by_organizer,
    quota_used,
    shortlist_add,
    shortlist_remove,
)

__all__ = [
    "STALE_VERSION",
    "attachment_add",
    "attachment_remove",
    "class_entry_create",
    "competition_is_open_for",
    "entries_accept",
    "entries_back_to_judging",
    "entries_judged",
    "entry_award_correct",
    "entry_create",
    "entry_declare_original",
    "entry_mark_received",
    "entry_reopen",
    "entry_submit",
    "entry_update",
    "entry_withdraw",
    "entry_withdraw_by_organizer",
    "file_rules_for",
    "missing_for_submission",
    "organizers_only_message",
    "quota_used",
    "shortlist_add",
    "shortlist_remove",
    "withdrawn_by_organizers",
]
