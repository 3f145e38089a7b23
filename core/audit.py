"""The one way to write the audit log: services call ``audit_record`` after each state change.

Each app names its actions for the log's readers in its ``audit_actions.py`` and registers them at ``ready()``
(``register_action_names``); the log page shows ``action_name(code)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import AuditLog

_ACTION_NAMES: dict[str, str] = {}


def register_action_names(names: Mapping[str, str]) -> None:
    """Called by each app at ``ready()`` with ``{action code: lazy translated name}``."""
    _ACTION_NAMES.update(names)


def action_name(code: str) -> str:
    """The name a person reads for an action code; the code itself for one nobody named."""
    return _ACTION_NAMES.get(code, code)


def action_names() -> dict[str, str]:
    """Every named action, ``{code: name}``, in the order the apps registered them."""
    return dict(_ACTION_NAMES)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def audit_entry(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    reason: str = "",
) -> AuditLog:
    """An unsaved audit record, for writing many at once with ``bulk_create``."""
    return AuditLog(
        actor=actor,
        actor_name=str(actor) if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes={field: {"before": _jsonable(b), "after": _jsonable(a)} for field, (b, a) in (changes or {}).items()},
        reason=reason,
    )


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    reason: str = "",
) -> AuditLog:
    """Record that ``actor`` did ``action`` to ``obj``; ``changes`` maps a field to (before, after)."""
    record = audit_entry(actor=actor, action=action, obj=obj, changes=changes, reason=reason)
    record.save()
    return record


def audit_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose values differ, as (before, after) pairs for ``audit_record``."""
    return {k: (before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)}
