"""State changes of schools and people, by concept. Import from here: ``from schools import services``."""

from schools.services.people import (
    password_generate,
    user_password_changed,
    user_remove,
    user_reset_password,
    user_unlock_login,
)
from schools.services.roster import ROSTER_BATCH, roster_import
from schools.services.roster_jobs import (
    ROSTER_BROKER_UNAVAILABLE,
    ROSTER_ERRORS_KEPT,
    ROSTER_STALE_AFTER,
    RosterBusy,
    roster_import_can_retry,
    roster_import_request,
    roster_import_retry,
    roster_import_run,
    roster_imports_requeue,
)

__all__ = [
    "ROSTER_BATCH",
    "ROSTER_BROKER_UNAVAILABLE",
    "ROSTER_ERRORS_KEPT",
    "ROSTER_STALE_AFTER",
    "RosterBusy",
    "password_generate",
    "roster_import",
    "roster_import_can_retry",
    "roster_import_request",
    "roster_import_retry",
    "roster_import_run",
    "roster_imports_requeue",
    "user_password_changed",
    "user_remove",
    "user_reset_password",
    "user_unlock_login",
]
