"""Results (compute, adjust, lock, unlock), collective and special awards, and publication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from awards import selectors, services
from awards.forms import (
    AdjustForm,
    PublishForm,
    ResultFilterForm,
    SpecialAwardForm,
    UnlockForm,
    WithdrawPublicationForm,
)
from awards.groups import SECTION_ORDER, group_label
from awards.models import Publication, Result, SpecialAward
from competitions.selectors import competitions_visible_to
from competitions.views.mixins import CompetitionObjectMixin, FestivalObjectMixin
from core.paging import filter_links, paginate, pk_url
from core.views import add_service_errors, flash_errors, form_errors
from judging import selectors_manage
from schools.models import SchoolClass, Section, User

# --- results ---------------------------------------------------------------------------------------


def results_page_groups(results: list[Result], counts: dict[str, int], locked: bool) -> list[dict]:
    """The page's results under their award group (they come in the group order), each row with what the
    table prints made once here: the score and spread as text, the adjust link."""
    adjust_url = pk_url("judging_result_adjust")
    groups: list[dict] = []
    for r in results:
        if not groups or groups[-1]["key"] != r.group:
            groups.append({"key": r.group, "label": group_label(r.group), "count": counts[r.group], "results": []})
        r.score_text = "—" if r.score is None else str(r.score)
        r.spread_text = "—" if r.spread is None else str(r.spread)
        r.adjust_url = "" if locked else adjust_url(r.pk)
        groups[-1]["results"].append(r)
    return groups


class ResultsView(CompetitionObjectMixin, TemplateView):
    """A competition's results by award group, 50 rows a page, one group or all, searched by code or title."""

    permission_required = "awards.manage_results"
    template_name = "awards/results.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        competition = self.get_competition()
        see_authors = self.request.user.has_perm("awards.see_authors", competition)
        group_rows = selectors.result_groups_of(competition)
        counts = {g["group"]: g["count"] for g in group_rows}
        form = ResultFilterForm(self.request.GET or None, groups=list(counts))
        paging = paginate(
            self.request, form.filter(selectors.results_of(competition, authors=see_authors)), self.paginate_by
        )
        locked = competition.results_locked
        choices = [("", _("All groups")), *((key, group_label(key)) for key in counts)]
        return super().get_context_data(
            competition=competition,
            festival=competition.festival,
            see_authors=see_authors,
            groups=results_page_groups(list(paging["page_obj"].object_list), counts, locked),
            group_links=filter_links(self.request, "group", choices, form.value("group")) if len(counts) > 1 else [],
            filter_form=form,
            searched=bool(form.value("q").strip()),
            results_count=sum(counts.values()),
            computed=competition.results_computed,
            locked=locked,
            # Why computing or locking is refused now (the page offers no button then).
            compute_refusal=services.decide_refusal(competition, self.request.user, "compute"),
            lock_refusal=services.decide_refusal(competition, self.request.user, "lock"),
            flagged=sum(g["flagged"] for g in group_rows),
            unlock_form=UnlockForm(),
            **paging,
            **kwargs,
        )


class ResultsComputeView(CompetitionObjectMixin, View):
    permission_required = "awards.manage_results"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        try:
            results = services.results_compute(competition=competition, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Results computed for %(n)d entries.") % {"n": len(results)})
        return redirect("judging_results", competition_id=competition.pk)


class ResultsLockView(CompetitionObjectMixin, View):
    permission_required = "awards.manage_results"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        try:
            services.results_lock(competition=competition, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The results are locked; the scores are read-only now."))
        return redirect("judging_results", competition_id=competition.pk)


class ResultsUnlockView(CompetitionObjectMixin, View):
    permission_required = "awards.unlock_results"
    http_method_names = ["post"]

    def post(self, request, competition_id: int):
        competition = self.get_competition()
        form = UnlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for unlocking; it is recorded."))
            return redirect("judging_results", competition_id=competition.pk)
        try:
            services.results_unlock(competition=competition, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The results are unlocked; judges may change their scores again."))
        return redirect("judging_results", competition_id=competition.pk)


class ResultAdjustView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    permission_required = "awards.manage_results"
    template_name = "awards/result_adjust.html"
    form_class = AdjustForm

    def get_result(self) -> Result:
        if not hasattr(self, "_result"):
            self._result = get_object_or_404(
                Result.objects.filter(competition__in=competitions_visible_to(self.request.user))
                .select_related("entry__school_class__grade", "competition__festival")
                .prefetch_related("entry__authors"),
                pk=self.kwargs["result_id"],
            )
        return self._result

    def get_permission_object(self):
        return self.get_result().competition

    def get_initial(self):
        result = self.get_result()
        return {"level": result.level, "reason": result.adjust_reason}

    def get_context_data(self, **kwargs):
        result = self.get_result()
        return super().get_context_data(
            result=result,
            competition=result.competition,
            festival=result.competition.festival,
            group=group_label(result.group),
            locked=result.competition.results_locked,
            **kwargs,
        )

    def form_valid(self, form):
        result = self.get_result()
        try:
            services.result_adjust(
                result=result,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The award of %(code)s has been changed.") % {"code": result.entry.code})
        return redirect(reverse("judging_results", args=[result.competition_id]) + f"#result-{result.pk}")


# --- collective and special awards -----------------------------------------------------------------


def _waiting(festival) -> list[dict]:
    """The competitions the collective and special awards still wait for, with where each stands."""
    now = timezone.now()
    return [{"competition": c, "stage": c.stage(now)} for c in services.awards_wait_for(festival, now=now)]


class CollectiveView(FestivalObjectMixin, TemplateView):
    permission_required = "awards.manage_awards"
    template_name = "awards/collective.html"

    def get_context_data(self, **kwargs):
        festival = self.get_festival()
        sections: dict[str, list] = {}
        for row in selectors.collective_of(festival):
            sections.setdefault(row.section, []).append(row)
        return super().get_context_data(
            festival=festival,
            sections=[
                {"key": key, "label": Section(key).label, "rows": sections[key]}
                for key in sorted(sections, key=lambda s: SECTION_ORDER.get(s, 99))
            ],
            confirmed=any(r.confirmed for rows in sections.values() for r in rows),
            waiting=_waiting(festival),
            **kwargs,
        )


class CollectiveComputeView(FestivalObjectMixin, View):
    permission_required = "awards.manage_awards"
    http_method_names = ["post"]

    def post(self, request, festival_id: int):
        festival = self.get_festival()
        try:
            rows = services.collective_compute(festival=festival, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Points computed for %(n)d classes.") % {"n": len(rows)})
        return redirect("judging_collective", festival_id=festival.pk)


class CollectiveConfirmView(FestivalObjectMixin, View):
    permission_required = "awards.manage_awards"
    http_method_names = ["post"]

    def post(self, request, festival_id: int):
        festival = self.get_festival()
        try:
            count = services.collective_confirm(festival=festival, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(n)d collective awards confirmed.") % {"n": count})
        return redirect("judging_collective", festival_id=festival.pk)


class SpecialAwardsView(FestivalObjectMixin, TemplateView):
    """科技辅导员奖 candidates (advisors of awarded entries) and 优秀组织奖 candidates (classes that took part)."""

    permission_required = "awards.manage_awards"
    template_name = "awards/special.html"

    def get_context_data(self, **kwargs):
        festival = self.get_festival()
        return super().get_context_data(
            festival=festival,
            advisors=selectors.advisor_candidates(festival),
            classes=selectors.organization_candidates(festival),
            waiting=_waiting(festival),
            **kwargs,
        )

    def post(self, request, festival_id: int):
        festival = self.get_festival()
        advisors = [row["teacher"].pk for row in selectors.advisor_candidates(festival)]
        classes = [row["row"].school_class_id for row in selectors.organization_candidates(festival)]
        form = SpecialAwardForm(
            request.POST,
            teachers=User.objects.filter(pk__in=advisors),
            classes=SchoolClass.objects.filter(pk__in=classes).select_related("grade"),
        )
        if not form.is_valid():
            form_errors(request, form)
            return redirect("judging_special", festival_id=festival.pk)
        data = form.cleaned_data
        kind = data["kind"]
        try:
            services.special_award_confirm(
                festival=festival,
                kind=kind,
                by=request.user,
                teacher=data["teacher"] if kind == SpecialAward.Kind.ADVISOR else None,
                school_class=data["school_class"] if kind == SpecialAward.Kind.ORGANIZATION else None,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            who = data["teacher"].real_name if kind == SpecialAward.Kind.ADVISOR else data["school_class"].name
            messages.success(
                request,
                _("%(award)s confirmed for %(who)s.") % {"award": SpecialAward.Kind(kind).label, "who": who},
            )
        return redirect("judging_special", festival_id=festival.pk)


# --- publication -----------------------------------------------------------------------------------


class PublishView(FestivalObjectMixin, FormView):
    """Where each competition's results stand; publish one or a group of locked ones with their own 公示; the
    publications so far, each withdrawable (with a reason) during its 公示."""

    permission_required = "awards.manage_awards"
    template_name = "awards/publish.html"
    form_class = PublishForm

    def publishable(self):
        return (
            self.get_festival()
            .competitions.filter(results_locked_at__isnull=False, published_at__isnull=True)
            .order_by("position", "pk")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "competitions": self.publishable()}

    def get_initial(self):
        return {"competitions": list(self.publishable())}

    def get_context_data(self, **kwargs):
        festival, now = self.get_festival(), timezone.now()
        rows = selectors_manage.judging_overview(festival.competitions.order_by("position", "id"))
        for row in rows:
            row["stage"] = row["competition"].stage(now)
        publications = list(
            festival.publications.select_related("published_by", "withdrawn_by").prefetch_related("competitions")
        )
        return super().get_context_data(
            festival=festival,
            rows=rows,
            publications=[
                {
                    "publication": p,
                    "open": not p.withdrawn and now < p.notice_ends_at,
                    "form": WithdrawPublicationForm(auto_id=f"p{p.pk}_%s"),
                }
                for p in publications
            ],
            waiting=_waiting(festival),
            **kwargs,
        )

    def form_valid(self, form):
        festival = self.get_festival()
        chosen = form.cleaned_data["competitions"]
        try:
            services.results_publish(
                competitions=chosen, by=self.request.user, notice_days=form.cleaned_data["notice_days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Published: %(names)s. Their public notice period has started.")
            % {"names": "、".join(c.name for c in chosen)},
        )
        return redirect("judging_publish", festival_id=festival.pk)


class PublicationWithdrawView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Withdraw a publication during its 公示, with a reason its students read."""

    permission_required = "awards.manage_awards"
    http_method_names = ["post"]

    def get_publication(self) -> Publication:
        if not hasattr(self, "_publication"):
            self._publication = get_object_or_404(
                Publication.objects.select_related("festival"),
                pk=self.kwargs["publication_id"],
                festival__school_id=self.request.user.school_id,
            )
        return self._publication

    def get_permission_object(self):
        return self.get_publication().festival

    def post(self, request, publication_id: int):
        publication = self.get_publication()
        form = WithdrawPublicationForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                services.publication_withdraw(
                    publication=publication, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                flash_errors(request, error)
            else:
                messages.success(
                    request,
                    _("The publication is withdrawn: %(names)s are locked again and unpublished.")
                    % {"names": "、".join(publication.competitions.values_list("name", flat=True))},
                )
        return redirect("judging_publish", festival_id=publication.festival_id)


results = ResultsView.as_view()
results_compute = ResultsComputeView.as_view()
results_lock = ResultsLockView.as_view()
results_unlock = ResultsUnlockView.as_view()
result_adjust = ResultAdjustView.as_view()
collective = CollectiveView.as_view()
collective_compute = CollectiveComputeView.as_view()
collective_confirm = CollectiveConfirmView.as_view()
special_awards = SpecialAwardsView.as_view()
publish = PublishView.as_view()
publication_withdraw = PublicationWithdrawView.as_view()
