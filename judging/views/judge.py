"""Judges' pages: the scoring queue, the scoring page, the entry's files, declared conflicts.

In a blind competition nothing a judge receives names the authors, their class or advisor, or the
original file names: pages show the entry code, files are named after it (``2026-ZZ-0001-1.jpg``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from competitions.kinds import Kind
from competitions.models import Competition
from competitions.phrases import judging_refusal
from core.files import serve_private_file
from core.paging import filter_links, paginate
from core.views import message_of
from judging import selectors, services
from judging.forms_judge import ConflictForm, QueueFilterForm, ScoreForm
from judging.models import Assignment, Score
from schools.models import User
from submissions.models import Attachment, AttachmentRole, Entry
from submissions.views.student_entries import detail_rows

NOT_STARTED = "not_started"
STATE_LABELS = {
    NOT_STARTED: pgettext_lazy("score state", "Not started"),
    Score.State.DRAFT: Score.State.DRAFT.label,
    Score.State.SUBMITTED: Score.State.SUBMITTED.label,
}


def score_of(assignment: Assignment) -> Score | None:
    try:
        return assignment.score
    except Score.DoesNotExist:
        return None


def plain(value: Decimal | None) -> str:
    """27.5 → "27.5", 20.0 → "20": as a judge would type it."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def file_name(entry: Entry, attachment: Attachment, number: int, *, thumbnail: bool = False) -> str:
    """What the judge's browser names the file: the entry code and a number when blind."""
    suffix = ".jpg" if thumbnail else PurePath(attachment.file.name).suffix.lower()
    if entry.competition.blind:
        return f"{entry.code}-{number}{suffix}"
    return attachment.thumbnail_name if thumbnail else attachment.download_name


def numbered(entry: Entry) -> list[tuple[int, Attachment]]:
    """The entry's files numbered as the judge sees them: the work first, then the making-of photos."""
    files = sorted(entry.attachments.all(), key=lambda a: (a.role != AttachmentRole.RESULT, a.position, a.pk))
    return list(enumerate(files, start=1))


# --- The queue -----------------------------------------------------------------------------------


@dataclass
class QueueRow:
    assignment: Assignment
    state: str

    @property
    def entry(self) -> Entry:
        return self.assignment.entry

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class QueueGroup:
    """A competition of the queue: its progress counted in the database, and its rows on the page shown."""

    competition: Competition
    locked: bool
    total: int = 0
    done: int = 0
    next_id: int | None = None  # the first assignment by code still to submit
    window_note: str | None = None  # judging not open yet, or closed (``judging_refusal``)
    rows: list[QueueRow] = field(default_factory=list)

    @property
    def next_url(self) -> str:
        """One tap to the next entry to score, while scoring is open."""
        if self.next_id is None or self.locked or self.window_note:
            return ""
        return reverse("judge_score", args=[self.next_id])


def queue_groups(competitions, assignments, now: dt.datetime | None = None) -> list[QueueGroup]:
    """One group per competition of the queue (``selectors.queue_competitions``), holding the rows of
    ``assignments`` (one page of them) that belong to it."""
    now = now or timezone.now()
    groups: dict[int, QueueGroup] = {}
    for competition in competitions:
        locked = competition.results_locked
        groups[competition.pk] = QueueGroup(
            competition=competition,
            locked=locked,
            total=competition.total,
            done=competition.done,
            next_id=competition.next_id,
            window_note=None if locked else judging_refusal(competition, now),
        )
    for assignment in assignments:
        group = groups.get(assignment.entry.competition_id)
        if group is not None:
            score = score_of(assignment)
            group.rows.append(QueueRow(assignment=assignment, state=score.state if score else NOT_STARTED))
    return list(groups.values())


class QueueView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The judge's assigned entries per competition with their progress, a page of them at a time, filtered
    (to score, scored) and found by code; opening it reads the reminders."""

    permission_required = "judging.view_judge_queue"
    template_name = "judging/judge/queue.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user: User = self.request.user
        nudges = list(selectors.unseen_nudges(user))
        if nudges:
            services.nudges_mark_seen(judge=user)
        filter_form = QueueFilterForm(self.request.GET or None)
        paging = paginate(self.request, filter_form.filter(selectors.assignments_for_judge(user)), self.paginate_by)
        groups = queue_groups(selectors.queue_competitions(user), paging["page_obj"].object_list)
        shown = (filter_form.cleaned_data.get("show") if filter_form.is_valid() else "") or filter_form.ALL
        context.update(
            groups=groups,
            show_links=filter_links(self.request, "show", filter_form.SHOW_CHOICES, shown),
            next_group=next((g for g in groups if g.next_url), None),
            nudges=nudges,
            filter_form=filter_form,
            filtered=filter_form.narrows(),
            **paging,
        )
        return context


# --- Scoring an entry ----------------------------------------------------------------------------


class AssignmentMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "judging.score_assignment"

    def get_permission_object(self) -> Assignment:
        if not hasattr(self, "_assignment"):
            try:
                assignment = selectors.assignment_for_scoring(self.kwargs["assignment_id"])
            except Assignment.DoesNotExist as exc:
                raise Http404 from exc
            if assignment.entry.state not in selectors.JUDGED_STATES:
                raise Http404
            self._assignment = assignment
        return self._assignment


@dataclass
class FileLink:
    attachment: Attachment
    number: int
    name: str
    url: str
    thumbnail_url: str


def file_links(assignment: Assignment) -> list[FileLink]:
    entry = assignment.entry
    links = []
    for number, attachment in numbered(entry):
        args = [assignment.pk, attachment.pk]
        links.append(
            FileLink(
                attachment=attachment,
                number=number,
                name=file_name(entry, attachment, number),
                url=reverse("judge_attachment", args=args),
                thumbnail_url=reverse("judge_attachment_thumbnail", args=args) if attachment.thumbnail else "",
            )
        )
    return links


class ScoreView(AssignmentMixin, FormView):
    """The entry as a judge sees it and the rubric (or the attempts); read-only once results are locked."""

    template_name = "judging/judge/score.html"
    form_class = ScoreForm

    @property
    def assignment(self) -> Assignment:
        return self.get_permission_object()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        competition = self.assignment.entry.competition
        kwargs.update(
            competition=competition,
            criteria=list(competition.criteria.all()),
            read_only=competition.results_locked,
        )
        return kwargs

    def get_initial(self):
        score = score_of(self.assignment)
        if score is None:
            return {"version": 0}
        initial = {"version": score.version, "comment": score.comment}
        for item in score.items.all():
            initial[f"points_{item.criterion_id}"] = plain(item.points)
        for n, value in enumerate(score.attempts or [], start=1):
            initial[f"attempt_{n}"] = plain(Decimal(value)) if value not in (None, "") else ""
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.assignment
        entry, competition = assignment.entry, assignment.entry.competition
        links = file_links(assignment)
        score = score_of(assignment)
        criteria = list(competition.criteria.all())
        context.update(
            assignment=assignment,
            entry=entry,
            competition=competition,
            blind=competition.blind,
            details=detail_rows(entry),
            results=[f for f in links if f.attachment.role == AttachmentRole.RESULT],
            process=[f for f in links if f.attachment.role == AttachmentRole.PROCESS],
            shows_process=competition.kind == Kind.INVENTION,
            score=score,
            state=score.state if score else NOT_STARTED,
            state_label=STATE_LABELS[score.state if score else NOT_STARTED],
            locked=competition.results_locked,
            window_note=None if competition.results_locked else judging_refusal(competition, timezone.now()),
            max_total=sum(c.max_points for c in criteria),
            total=plain(score.total) if score else "",
        )
        return context

    def form_valid(self, form: ScoreForm):
        assignment = self.assignment
        try:
            score = services.score_save(
                assignment=assignment,
                by=self.request.user,
                points=None if form.is_measurement else form.points(),
                attempts=form.attempts() if form.is_measurement else None,
                comment=form.cleaned_data.get("comment") or "",
                submit=form.submitting,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form.add_error(None, message_of(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        code = assignment.entry.code
        if score.state == Score.State.SUBMITTED:
            messages.success(self.request, _("The score of %(code)s is submitted.") % {"code": code})
            return HttpResponseRedirect(reverse("judge_queue"))
        messages.success(self.request, _("The draft score of %(code)s is saved.") % {"code": code})
        return HttpResponseRedirect(reverse("judge_score", args=[assignment.pk]))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class JudgeAttachmentView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """An entry's file for its assigned judge, named after the entry code when the competition is blind."""

    permission_required = "judging.score_assignment"
    http_method_names = ["get", "head"]
    thumbnail = False

    def get_permission_object(self) -> Assignment:
        if not hasattr(self, "_assignment"):
            try:
                assignment = selectors.assignment_with_files(self.kwargs["assignment_id"])
            except Assignment.DoesNotExist as exc:
                raise Http404 from exc
            if assignment.entry.state not in selectors.JUDGED_STATES:
                raise Http404
            self._assignment = assignment
        return self._assignment

    def get(self, request, assignment_id: int, attachment_id: int) -> FileResponse:
        assignment = self.get_permission_object()
        entry = assignment.entry
        files = {a.pk: (n, a) for n, a in numbered(entry)}
        if attachment_id not in files:
            raise Http404
        number, attachment = files[attachment_id]
        if self.thumbnail:
            stored, content_type, inline = attachment.thumbnail, "image/jpeg", True
        else:
            stored, content_type, inline = attachment.shared_file, attachment.content_type, attachment.is_image
        return serve_private_file(
            stored,
            download_name=file_name(entry, attachment, number, thumbnail=self.thumbnail),
            inline=inline,
            content_type=content_type,
        )


# --- Declared conflicts --------------------------------------------------------------------------


class ConflictsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A judge declares the students they must not score (their own child), by class and exact name; the page
    lists no student but those they declared."""

    permission_required = "judging.declare_conflict"
    template_name = "judging/judge/conflicts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user: User = self.request.user
        context.update(
            conflicts=list(selectors.conflicts_of(user)),
            conflict_form=kwargs.get("conflict_form") or ConflictForm(judge=user),
        )
        return context

    def post(self, request, *args, **kwargs):
        user: User = request.user
        form = ConflictForm(request.POST, judge=user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(conflict_form=form), status=400)
        students = form.cleaned_data["students"]
        try:
            for student in students:
                services.conflict_declare(judge=user, student=student, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, message_of(exc))
            return self.render_to_response(self.get_context_data(conflict_form=form), status=400)
        name = students[0].real_name
        messages.success(request, _("Your conflict of interest with %(name)s is recorded.") % {"name": name})
        if selectors.assignments_for_judge(user).filter(entry__authors__in=students).exists():
            messages.warning(
                request,
                _(
                    "You have already submitted a score for an entry of %(name)s. "
                    "Tell the organizers, who decide whether it counts."
                )
                % {"name": name},
            )
        return HttpResponseRedirect(reverse("judge_conflicts"))


queue = QueueView.as_view()
score_entry = ScoreView.as_view()
judge_attachment = JudgeAttachmentView.as_view()
judge_attachment_thumbnail = JudgeAttachmentView.as_view(thumbnail=True)
conflicts = ConflictsView.as_view()
