import logging
import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from core.storage import is_storage_full

logger = logging.getLogger(__name__)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: most often a form left open past the session or a page kept from before a login, so
    the page says what to do next rather than why the check failed."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: Django's page, except when the disk is full, which says so (507) and whom to tell.

    A full disk can strike anywhere a request writes: Django spooling a large upload to a temporary file,
    SQLite writing a row, a session or a cache file. The upload service already refuses with its own message
    when storing the file fails (``Reason.STORAGE_FULL``); this catches the rest, in the same words.
    """
    error = sys.exc_info()[1]
    if not is_storage_full(error):
        return HttpResponse(loader.get_template("500.html").render(), status=500)
    logger.error("Storage full while answering %s %s: %s", request.method, request.path, error)
    message = _("The server's storage is full and the work was not saved; please tell the organizing committee.")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": False, "error": message}, status=507)
    return HttpResponse(loader.get_template("500.html").render({"storage_full": True}), status=507)
