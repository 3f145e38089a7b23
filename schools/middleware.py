"""The school's time zone and the first-login password change."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


class PasswordChangeRequiredMiddleware:
    """Users with a generated password see nothing but the password change page until they pick one.

    Also shows times in the user's school's time zone.
    """

    allowed_names = ("password_change", "logout", "set_language", "healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if user.school_id:
                timezone.activate(zoneinfo.ZoneInfo(user.school.timezone))
            if user.must_change_password and not self._allowed(request):
                return redirect(f"{reverse('password_change')}?first=1")
        response = self.get_response(request)
        timezone.deactivate()
        return response

    def _allowed(self, request: HttpRequest) -> bool:
        match = request.resolver_match
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return True
        return match.url_name in self.allowed_names or request.path_info.startswith(settings.STATIC_URL)
