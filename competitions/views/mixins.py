"""The festival or competition named in the URL, for the views that act on it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from competitions.models import Competition, Festival
from competitions.selectors import competitions_visible_to, festivals_visible_to


class FestivalMixin:
    """The festival named in the URL, if the user may see it; another school's is not found."""

    def get_festival(self) -> Festival:
        if not hasattr(self, "_festival"):
            self._festival = get_object_or_404(festivals_visible_to(self.request.user), slug=self.kwargs["slug"])
        return self._festival

    def get_permission_object(self):
        return self.get_festival()


class CompetitionMixin:
    def get_competition(self) -> Competition:
        if not hasattr(self, "_competition"):
            self._competition = get_object_or_404(
                competitions_visible_to(self.request.user).prefetch_related("criteria", "award_tiers"),
                pk=self.kwargs["pk"],
            )
        return self._competition

    def get_permission_object(self):
        return self.get_competition()
