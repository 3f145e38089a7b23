"""Every state change of an entry, by concept; the only code that writes ``Entry.state``.

Import from here: ``from submissions import services``. The deadline is enforced here, on the server, with
the class's extension: a form opened before the deadline and posted after it is refused like any other late
change. After the deadline only an organizer changes an entry, and every such change is recorded with what
it was before.
"""

from submissions.services.checks import (
    competition_is_open_for,
    missing_for_submission,
    organizers_only_message,
    organizers_only_refusal,
    window_refusal,
    withdrawn_by_organizers,
)
from submissions.services.entries import (
    STALE_VERSION,
    class_entry_create,
    class_entry_create_refusal,
    class_entry_of,
    entry_create,
    entry_create_refusal,
    entry_declare_original,
    entry_edit_refusal,
    entry_reopen,
    entry_reopen_refusal,
    entry_submit,
    entry_submit_refusal,
    entry_update,
    entry_withdraw,
    entry_withdraw_refusal,
)
from submissions.services.files import (
    attachment_add,
    attachment_clean_copy_make,
    attachment_remove,
    file_rules_for,
)
from submissions.services.stages import (
    entries_accept,
    entries_back_to_judging,
    entries_judged,
    entry_award_correct,
    entry_mark_received,
    entry_withdraw_by_organizer,
    entry_withdraw_by_organizer_refusal,
    quota_used,
    shortlist_add,
    shortlist_add_refusal,
    shortlist_remove,
    shortlist_remove_refusal,
)

__all__ = [
    "STALE_VERSION",
    "attachment_add",
    "attachment_clean_copy_make",
    "attachment_remove",
    "class_entry_create",
    "class_entry_create_refusal",
    "class_entry_of",
    "competition_is_open_for",
    "entries_accept",
    "entries_back_to_judging",
    "entries_judged",
    "entry_award_correct",
    "entry_create",
    "entry_create_refusal",
    "entry_declare_original",
    "entry_edit_refusal",
    "entry_mark_received",
    "entry_reopen",
    "entry_reopen_refusal",
    "entry_submit",
    "entry_submit_refusal",
    "entry_update",
    "entry_withdraw",
    "entry_withdraw_by_organizer",
    "entry_withdraw_by_organizer_refusal",
    "entry_withdraw_refusal",
    "file_rules_for",
    "missing_for_submission",
    "organizers_only_message",
    "organizers_only_refusal",
    "quota_used",
    "shortlist_add",
    "shortlist_add_refusal",
    "shortlist_remove",
    "shortlist_remove_refusal",
    "window_refusal",
    "withdrawn_by_organizers",
]
