"""Storage for files that must never be served from a public URL."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    # A callable, so migrations do not freeze the path and tests can point it elsewhere.
    return storages["private"]
