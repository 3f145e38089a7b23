from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: most often a form left open past the session or a page kept from before a login, so
    the page says what to do next rather than why the check failed."""
    return render(request, "403_csrf.html", status=403)
