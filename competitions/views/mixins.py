"""The festival or the competition named in the URL, for every view of every app that acts on one.

URLs name them by their object: ``festival_id`` (``festival_slug`` on the festival's own pages, whose
addresses carry its short name) and ``competition_id``. A festival or competition of another school, or one
the user may not see yet, is not found (404); the view's ``permission_required`` is then checked on it
(403), before the login when nobody is logged in.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from competitions.models import Competition, Festival
from competitions.selectors import competitions_visible_to, festivals_visible_to


class FestivalObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The festival of the URL (``festival_id`` or ``festival_slug``) as ``get_festival()``."""

    def get_festival_queryset(self) -> QuerySet[Festival]:
        """Where the festival is looked for: those the user may see; a view may narrow it."""
        return festivals_visible_to(self.request.user)

    def get_festival(self) -> Festival:
        if not hasattr(self, "_festival"):
            if "festival_id" in self.kwargs:
                lookup = {"pk": self.kwargs["festival_id"]}
            else:
                lookup = {"slug": self.kwargs["festival_slug"]}
            self._festival = get_object_or_404(self.get_festival_queryset(), **lookup)
        return self._festival

    def get_permission_object(self):
        return self.get_festival()


class CompetitionObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The competition of the URL (``competition_id``) as ``get_competition()``."""

    competition_prefetch: tuple[str, ...] = ()  # related rows the page reads, fetched with the competition

    def get_competition_queryset(self) -> QuerySet[Competition]:
        """Where the competition is looked for: those the user may see; a view may narrow it."""
        return competitions_visible_to(self.request.user).prefetch_related(*self.competition_prefetch)

    def get_competition(self) -> Competition:
        if not hasattr(self, "_competition"):
            self._competition = get_object_or_404(self.get_competition_queryset(), pk=self.kwargs["competition_id"])
        return self._competition

    def get_permission_object(self):
        return self.get_competition()
