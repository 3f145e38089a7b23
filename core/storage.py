"""Storage for files that must never be served from a public URL, and telling a full disk from other errors."""

import errno
import sqlite3

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import OperationalError
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """``STORAGES["private"]``, looked up when first used (and again after the setting changes)."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = PrivateStorage()


def private_storage() -> Storage:
    # A callable, so migrations do not freeze the path. FileField calls it once, at import, so it
    # returns the lazy object rather than the storage itself.
    return _private


@receiver(setting_changed)
def _reset_private_storage(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty


# A full disk, or the service account's quota used up.
STORAGE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_storage_full(exc: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, is a full disk: a file that could not be written, or SQLite's
    "database or disk is full" (SQLITE_FULL)."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in STORAGE_FULL:
            return True
        if isinstance(exc, (OperationalError, sqlite3.OperationalError)) and "disk is full" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
