"""The Django admin, for the operators of the deployment only.

The admin honours the models' permissions, and the rules backend grants an organizer those of their own
school's rows, but the admin's lists and forms know nothing of schools: a staff organizer saw every school's
audit records and could add a published festival to another school. Organizers do everything in the app;
the admin is for superusers, who look after the whole deployment.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class OperatorsAdminSite(admin.AdminSite):
    """``admin.site`` (``festival.apps.OperatorsAdminConfig``): the pages and the posts need an active superuser;
    anyone else gets the admin's login page, which says they are not authorised."""

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_superuser
