"""Refuse a request body that is too large before anything reads it.

Django checks upload sizes only after the whole body has been read (and spooled to disk), so without
this a made-up CSRF cookie was enough to have hundreds of megabytes written to the server's disk. The
limit comes from the request's Content-Length, which Django's WSGI handler also uses to cap what it
reads: a client can never send more than it declared.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext

from competitions.models import Competition

MB = 1024 * 1024
# The multipart boundaries, the role field and the CSRF token around one file.
FORM_OVERHEAD = 1 * MB


def largest_file_mb(request: HttpRequest) -> int:
    """The largest file (MB) any competition of the user's school takes; the roster import's 10 MB at least."""
    school_id = getattr(request.user, "school_id", None)
    largest = Competition.objects.filter(festival__school_id=school_id).aggregate(largest=Max("max_file_mb"))
    return max(largest["largest"] or 0, settings.DEFAULT_UPLOAD_LIMIT_MB)


class BodySizeLimitMiddleware:
    """413 for a body over the limit: small for anonymous requests, one competition file for the others.

    Placed after AuthenticationMiddleware, because the limit depends on who asks; nothing before it
    reads the body (CsrfViewMiddleware reads the form only in process_view, after every middleware).
    A body without Content-Length (chunked) is refused with 411: Django's WSGI handler would read none
    of it anyway, so the form would arrive empty, and our pages never send one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared.strip():
            if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
                return self.refuse(request, status=411, limit=None)
            return None
        try:
            size = int(declared)
        except ValueError:
            return self.refuse(request, status=400, limit=None)
        anonymous = settings.ANONYMOUS_MAX_BODY_BYTES
        if size <= anonymous:
            return None
        if not request.user.is_authenticated:
            return self.refuse(request, status=413, limit=anonymous)
        file_mb = largest_file_mb(request)
        return self.refuse(request, status=413, limit=file_mb * MB) if size > file_mb * MB + FORM_OVERHEAD else None

    def refuse(self, request: HttpRequest, *, status: int, limit: int | None) -> HttpResponse:
        if status == 413 and request.user.is_authenticated:
            message = gettext(
                "The upload is too large: at most %(mb)d MB can be sent at once. "
                "Make the file smaller, or send several files one by one."
            ) % {"mb": (limit or 0) // MB}
        elif status == 413:
            message = gettext("The request is too large. Log in first, then send the file again.")
        else:
            message = gettext("The request did not say how large it is and was not read. Send it again.")
        # The entry page's upload script asks for JSON and shows the message under the file's name.
        if "application/json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse({"ok": False, "error": message}, status=status)
        else:
            response = render(request, "request_too_large.html", {"message": message}, status=status)
        return response
