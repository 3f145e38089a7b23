"""Storage for files that must never be served from a public URL."""

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
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
