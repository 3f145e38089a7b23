"""Serving a protected file: every view that hands out a file from private storage answers through here.

The view checks who may have the file; this opens it from ``STORAGES["private"]`` (never from a public
/media/ URL) and streams it with the headers every protected file gets.
"""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control

from core.storage import private_storage


def serve_private_file(
    file_or_name: File | str,
    *,
    download_name: str,
    inline: bool,
    content_type: str | None = None,
    max_age: int | None = 3600,
) -> FileResponse:
    """Stream a stored file (a ``FieldFile`` or a storage name) as ``download_name``.

    ``inline`` shows it in the browser (photos), else it is downloaded; a non-ASCII name is written as RFC
    5987 ``filename*=utf-8''…`` by ``FileResponse``, which every browser reads. The content type is guessed
    from the name when not given. The response is cached only by the browser (``Cache-Control: private``),
    for ``max_age`` seconds, or never with ``max_age=None`` (initial passwords). A missing file is a 404.
    """
    name = file_or_name if isinstance(file_or_name, str) else file_or_name.name
    if not name:
        raise Http404
    try:
        handle = private_storage().open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=not inline, filename=download_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Opened directly, a file is a document of its own: it may run nothing and reach nothing.
    response["Content-Security-Policy"] = "sandbox"
    if max_age is None:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, private=True, max_age=max_age)
    return response
