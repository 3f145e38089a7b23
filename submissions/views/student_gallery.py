"""The gallery: entries as pictures, per competition, with a lightbox."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from competitions.selectors import competitions_visible_to
from submissions.forms import GalleryFilterForm
from submissions.selectors import gallery_entries
from submissions.views.student_entries import cover_of


class GalleryView(LoginRequiredMixin, ListView):
    template_name = "submissions/gallery.html"
    context_object_name = "entries"
    paginate_by = 24

    def get_queryset(self):
        user = self.request.user
        self.filter_form = GalleryFilterForm(
            self.request.GET or None, competitions=competitions_visible_to(user).order_by("festival", "position", "pk")
        )
        competition = self.filter_form.cleaned_data.get("competition") if self.filter_form.is_valid() else None
        return gallery_entries(user, competition_id=competition.pk if competition else None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = [{"entry": e, "cover": cover_of(e)} for e in context["entries"]]
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


gallery = GalleryView.as_view()
