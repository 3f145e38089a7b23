"""After publication: students' and teachers' results, the honour roll (光荣榜), objections (异议) and their
answers.

Nothing here shows a score, rank or award before the competition's results are published: the pages decide per
entry with ``awards.visibility`` (``shown_result``, ``shown_state``) and show entries awarded or not as still in
judging. Each competition is published on its own, so every page says per competition where its results stand
(``notice``): in its public notice period (公示), final, withdrawn, or not published yet.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from awards import selectors, services
from awards.forms import HonourGroupForm, ObjectionAnswerForm, ObjectionForm
from awards.groups import group_label, group_order_expression
from awards.models import Objection, Publication, Result
from awards.ordering import LEVEL_ORDER, SECTION_ORDER, result_order
from awards.visibility import shown_result, shown_state
from competitions import phrases
from competitions.models import AwardLevel, Competition, Festival
from competitions.stages import Stage, stage_refusal
from competitions.views.mixins import FestivalObjectMixin
from core.files import serve_private_file
from core.paging import paginate
from core.views import add_service_errors
from schools.models import Section
from submissions.models import Attachment


def notice(
    competition: Competition,
    now: dt.datetime,
    withdrawn: Publication | None = None,
    open_objections: set[int] | None = None,
) -> dict:
    """What a page says of one competition's results: published and in their 公示 (with the countdown), final,
    withdrawn (``withdrawn``: the publication taken back, while no other is current) or not published yet."""
    stage = competition.stage(now)
    is_open = stage == Stage.NOTICE
    return {
        "competition": competition,
        "stage": stage,
        "published": competition.results_published,
        "open": is_open,
        "countdown": phrases.countdown(competition.notice_ends_at, now) if is_open else "",
        "final": competition.results_published
        and services.results_final(
            competition,
            now=now,
            open_objection=None if open_objections is None else competition.pk in open_objections,
        ),
        "withdrawn": None if competition.results_published else withdrawn,
    }


# --- my results ------------------------------------------------------------------------------------


class MyResultsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Students: their entries' results; head teachers: their classes' results and points (班级考核)."""

    permission_required = "awards.view_my_results"
    template_name = "awards/public/my_results.html"

    def get_context_data(self, **kwargs):
        user, now = self.request.user, timezone.now()
        festivals: dict[int, dict] = {}

        def section_of(festival: Festival) -> dict:
            if festival.pk not in festivals:
                festivals[festival.pk] = {"festival": festival, "competitions": {}, "points": []}
            return festivals[festival.pk]

        entries = list(selectors.entries_with_results_for(user))
        withdrawn = selectors.withdrawn_publications({e.competition_id for e in entries})
        for entry in entries:
            result = shown_result(entry)
            competitions = section_of(entry.festival)["competitions"]
            if entry.competition_id not in competitions:
                competitions[entry.competition_id] = {
                    "notice": notice(entry.competition, now, withdrawn.get(entry.competition_id)),
                    "entries": [],
                }
            competitions[entry.competition_id]["entries"].append(
                {
                    "entry": entry,
                    "result": result,
                    "state": str(shown_state(entry).label),
                    "group": group_label(result.group) if result else "",
                    "objections": getattr(result, "my_objections", []) if result else [],
                    "may_object": result is not None and user.has_perm("awards.raise_objection", result),
                }
            )
        for award in selectors.class_points_for(user):
            section_of(award.festival)["points"].append(award)
        ordered = sorted(festivals.values(), key=lambda s: (-s["festival"].year, -s["festival"].pk))
        for section in ordered:
            section["competitions"] = list(section["competitions"].values())
            section["published"] = any(c["notice"]["published"] for c in section["competitions"])
        return super().get_context_data(festivals=ordered, **kwargs)


# --- honour roll -----------------------------------------------------------------------------------


def honour_blocks(results: list[Result], counts: dict[tuple[int, str], int], more_url=None) -> list[dict]:
    """The winners per competition and award in the roll's order; each award with how many won it and, when
    ``more_url`` is given and some are not shown, the link to all of them."""
    blocks = []
    for _competition_id, in_competition in groupby(sorted(results, key=result_order), key=lambda r: r.competition_id):
        in_competition = list(in_competition)
        competition = in_competition[0].competition
        levels = []
        for level, rows in groupby(in_competition, key=lambda r: r.level):
            rows = list(rows)
            count = counts.get((competition.pk, level), len(rows))
            more = more_url(competition, level) if more_url and count > len(rows) else ""
            label = AwardLevel(level).label
            levels.append({"level": level, "label": label, "results": rows, "count": count, "more": more})
        blocks.append({"competition": competition, "levels": levels})
    return blocks


class HonourRollView(FestivalObjectMixin, TemplateView):
    """Winners per competition and award (一等奖 first) with their pictures, names and classes, the first
    ``PER_LEVEL`` of each award and a link to all of them (one award of one competition, a page at a time); the
    collective awards and the confirmed special awards. Open to everyone of the school once the festival is
    published."""

    permission_required = "awards.view_honour_roll"
    template_name = "awards/public/honour_roll.html"
    PER_LEVEL = 8
    paginate_by = 48

    def get_festival_queryset(self):
        return selectors.festivals_with_honour_roll(self.request.user)

    def get_context_data(self, **kwargs):
        festival = self.get_festival()
        one = HonourGroupForm(self.request.GET)
        if one.is_valid():
            return super().get_context_data(**self.one_award(festival, **one.cleaned_data), **kwargs)
        counts = selectors.honour_roll_counts(festival)
        base = reverse("honour_roll", args=[festival.pk])
        competitions = honour_blocks(
            list(selectors.honour_roll_results(festival, per_level=self.PER_LEVEL)),
            counts,
            more_url=lambda c, level: f"{base}?{urlencode({'competition': c.pk, 'level': level})}",
        )
        collective = sorted(
            selectors.collective_awards_confirmed(festival),
            key=lambda a: (SECTION_ORDER.get(a.section, len(SECTION_ORDER)), LEVEL_ORDER.get(a.level, 9), a.rank or 0),
        )
        sections = [
            {"label": Section(section).label if section in SECTION_ORDER else section, "awards": list(awards)}
            for section, awards in groupby(collective, key=lambda a: a.section)
        ]
        special = list(selectors.special_awards_of(festival))
        now = timezone.now()
        with_awards = {c["competition"].pk for c in competitions}
        taking_part = list(selectors.competitions_taking_part(festival))
        # A published competition without any award still says so, in its place.
        competitions += [
            {"competition": c, "levels": []} for c in taking_part if c.results_published and c.pk not in with_awards
        ]
        order = {c.pk: i for i, c in enumerate(taking_part)}
        competitions.sort(key=lambda block: order.get(block["competition"].pk, -1))
        open_objections = selectors.competitions_with_open_objections(festival)
        for block in competitions:
            block["notice"] = notice(block["competition"], now, open_objections=open_objections)
        return super().get_context_data(
            festival=festival,
            competitions=competitions,
            # Competitions still to come: judged or judging, not published yet.
            pending=[notice(c, now) for c in taking_part if not c.results_published],
            sections=sections,
            advisors=[s for s in special if s.kind == s.Kind.ADVISOR],
            organization=[s for s in special if s.kind == s.Kind.ORGANIZATION],
            **kwargs,
        )

    def one_award(self, festival: Festival, *, competition: int, level: str) -> dict:
        """Every winner of one award of one published competition, a page at a time."""
        results = (
            selectors.honour_roll_results(festival)
            .filter(competition_id=competition, level=level)
            .order_by(group_order_expression(), F("rank").asc(nulls_last=True), "entry__code")
        )
        paging = paginate(self.request, results, self.paginate_by)
        rows = list(paging["page_obj"].object_list)
        if not rows:
            raise Http404
        blocks = honour_blocks(rows, {(competition, level): paging["paginator"].count})
        blocks[0]["notice"] = notice(blocks[0]["competition"], timezone.now())
        return {"festival": festival, "competitions": blocks, "one_award": blocks[0]["levels"][0], **paging}


class AwardedPictureView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A picture (or its thumbnail) of an awarded entry of a published festival, for anyone of the school: the
    honour roll is public there, unlike the entry pages."""

    permission_required = "awards.view_awarded_picture"
    http_method_names = ["get", "head"]
    thumbnail = False

    def get_permission_object(self) -> Attachment:
        if not hasattr(self, "_attachment"):
            self._attachment = get_object_or_404(
                Attachment.objects.select_related("entry__festival", "entry__competition"),
                pk=self.kwargs["attachment_id"],
            )
        return self._attachment

    def handle_no_permission(self):
        # Not an awarded picture for this person: as if there were none (the entry pages guard the rest).
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()

    def get(self, request, attachment_id: int) -> FileResponse:
        attachment = self.get_permission_object()
        stored = attachment.thumbnail if self.thumbnail else attachment.shared_file
        content_type = "image/jpeg" if self.thumbnail else attachment.content_type
        filename = attachment.thumbnail_name if self.thumbnail else attachment.download_name
        return serve_private_file(stored, download_name=filename, inline=True, content_type=content_type)


# --- objections ------------------------------------------------------------------------------------


class ObjectionRaiseView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """An author or their head teacher objects to a published result during the public notice period."""

    permission_required = "awards.raise_objection"
    form_class = ObjectionForm
    template_name = "awards/public/objection_raise.html"

    def get_result(self) -> Result:
        if not hasattr(self, "_result"):
            try:
                self._result = selectors.result_for_objection(self.request.user, self.kwargs["result_id"])
            except Result.DoesNotExist as exc:
                raise Http404 from exc
        return self._result

    def get_permission_object(self):
        return self.get_result()

    def get_context_data(self, **kwargs):
        result = self.get_result()
        mine = result.objections.filter(raised_by=self.request.user).order_by("-created_at", "-id")
        return super().get_context_data(
            result=result,
            entry=result.entry,
            group=group_label(result.group),
            notice=notice(result.competition, timezone.now()),
            objections=list(mine),
            **kwargs,
        )

    def form_valid(self, form):
        result = self.get_result()
        try:
            services.objection_raise(result=result, by=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your objection is sent. The organizers will answer it here."))
        return redirect(f"{reverse('my_results')}#entry-{result.entry_id}")


def answer_refusal(objection: Objection, now: dt.datetime) -> str | None:
    """Why an open objection cannot be answered now (its competition's publication withdrawn: it waits until the
    results are published again), or None; the pages offer the answer form only where the service takes it."""
    if objection.state != Objection.State.OPEN:
        return None
    return stage_refusal(objection.result.competition, "answer_objection", now)


class FestivalObjectionsView(FestivalObjectMixin, TemplateView):
    """The organizers' list of a festival's objections, the open ones first, each with its answer form."""

    permission_required = "awards.answer_objections"
    template_name = "awards/public/objections.html"

    def get_context_data(self, **kwargs):
        festival, now = self.get_festival(), timezone.now()
        objections = list(selectors.objections_of_festival(festival))
        rows = []
        for o in objections:
            refusal = answer_refusal(o, now)
            rows.append(
                {
                    "objection": o,
                    "refusal": refusal,
                    "form": (
                        ObjectionAnswerForm(auto_id=f"o{o.pk}_%s")
                        if o.state == Objection.State.OPEN and not refusal
                        else None
                    ),
                }
            )
        return super().get_context_data(
            festival=festival,
            notices=[notice(c, now) for c in festival.competitions.filter(published_at__isnull=False)],
            rows=rows,
            open_count=sum(1 for o in objections if o.state == Objection.State.OPEN),
            **kwargs,
        )


class ObjectionAnswerView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Uphold (optionally with a new award: the result is corrected) or reject, with an answer the objector reads."""

    permission_required = "awards.answer_objections"
    form_class = ObjectionAnswerForm
    template_name = "awards/public/objection_answer.html"

    def get_objection(self) -> Objection:
        if not hasattr(self, "_objection"):
            try:
                self._objection = selectors.objection_at_school(self.request.user, self.kwargs["objection_id"])
            except Objection.DoesNotExist as exc:
                raise Http404 from exc
        return self._objection

    def get_permission_object(self):
        return self.get_objection().result.competition.festival

    def get_context_data(self, **kwargs):
        objection = self.get_objection()
        return super().get_context_data(
            objection=objection,
            refusal=answer_refusal(objection, timezone.now()),
            result=objection.result,
            festival=objection.result.competition.festival,
            group=group_label(objection.result.group),
            **kwargs,
        )

    def form_valid(self, form):
        objection = self.get_objection()
        try:
            services.objection_answer(
                objection=objection,
                by=self.request.user,
                upheld=form.upheld,
                answer=form.cleaned_data["answer"],
                new_level=form.level,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if not form.upheld:
            text = _("The objection is rejected; %(name)s will read your reason.") % {
                "name": objection.raised_by.get_full_name()
            }
        elif form.level is not None:
            text = _("The objection is upheld and the result corrected.")
        else:
            text = _("The objection is upheld.")
        messages.success(self.request, text)
        return redirect("objections", festival_id=objection.result.competition.festival_id)


my_results = MyResultsView.as_view()
honour_roll = HonourRollView.as_view()
awarded_picture = AwardedPictureView.as_view()
awarded_thumbnail = AwardedPictureView.as_view(thumbnail=True)
objection_raise = ObjectionRaiseView.as_view()
objections = FestivalObjectionsView.as_view()
objection_answer = ObjectionAnswerView.as_view()
