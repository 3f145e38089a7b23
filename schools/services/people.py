"""State changes of people: passwords, removal, login locks. Each one validates, saves and writes the audit record."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from schools import lockout
from schools.models import User
from schools.selectors import user_traces

# No 0/o, 1/l/i: children copy these from a paper slip.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 8


def password_generate() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


@transaction.atomic
def user_reset_password(*, user: User, by: User) -> str:
    """Give ``user`` a new generated password they must change at the next login; returns it."""
    password = password_generate()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=by, action="user.password_reset", obj=user)
    return password


@transaction.atomic
def user_remove(*, user: User, by: User) -> bool:
    """An operator's removal of ``user``: deleted if nothing refers to them, else deactivated (their entries,
    scores and history stay, and so do the co-authors of a published award). Returns whether they were deleted."""
    if not (by.is_active and by.is_superuser):
        raise PermissionDenied
    traces = user_traces(user)
    if traces:
        was_active = user.is_active
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=by,
            action="user.deactivate",
            obj=user,
            changes={"is_active": (was_active, False)},
            reason="、".join(traces),
        )
        return False
    audit_record(actor=by, action="user.delete", obj=user)
    user.delete()
    return True


@transaction.atomic
def user_unlock_login(*, user: User, by: User) -> int:
    """Lift the login lock of ``user`` on every address (django-axes' attempts for their login names); returns
    how many addresses were locked or counting."""
    if not by.has_perm("schools.unlock_login", user):
        raise ValidationError(_("You may not unlock this person's login."))
    removed = lockout.unlock(user)
    audit_record(actor=by, action="user.login_unlock", obj=user, changes={"addresses": (removed, 0)})
    return removed


@transaction.atomic
def user_password_changed(*, user: User) -> None:
    """The user picked their own password: the first-login lock is lifted."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit_record(actor=user, action="user.password_change", obj=user)
