"""State changes of the festival app. Each one validates, saves and writes the audit record."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from festival.models import AuditLog, User

# No 0/o, 1/l/i: children copy these from a paper slip.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 8


def password_generate() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    reason: str = "",
) -> AuditLog:
    """Record that ``actor`` did ``action`` to ``obj``; ``changes`` maps a field to (before, after)."""
    return AuditLog.objects.create(
        actor=actor,
        actor_name=str(actor) if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes={field: {"before": _jsonable(b), "after": _jsonable(a)} for field, (b, a) in (changes or {}).items()},
        reason=reason,
    )


def audit_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose values differ, as (before, after) pairs for ``audit_record``."""
    return {k: (before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)}


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
def user_password_changed(*, user: User) -> None:
    """The user picked their own password: the first-login lock is lifted."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit_record(actor=user, action="user.password_change", obj=user)
