"""Language, time zone and the first-login password change."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Simplified Chinese unless the user picked another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which gives English pages
    to a teacher whose school computer happens to be set up in English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        # Threads are reused: the next request, task or command must not inherit this language.
        translation.deactivate()
        return response


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
