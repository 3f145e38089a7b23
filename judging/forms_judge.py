"""Forms of the judges' pages: the score of an entry, the search for a student, a declared conflict.

The points are taken as typed (text) and parsed here into numbers: whole or half points, a decimal comma
read as a point, measured attempts. The scoring service gets numbers and applies the rules (each
criterion's maximum, the version the page showed, the lock). A refused form shows the judge exactly what
they typed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from competitions.models import Competition, Criterion, ScoringMode
from judging import selectors
from judging.models import Score
from schools.models import SchoolClass, User


def parse_number(text: str) -> Decimal | None:
    """ "27.5", " 27,5 " → Decimal("27.5"); "" → None; raises InvalidOperation for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    value = Decimal(text.replace(",", ".", 1))
    if not value.is_finite():
        raise InvalidOperation(text)
    return value


def _number_widget(*, maximum: int | None = None, label: str = "") -> forms.TextInput:
    attrs = {
        "type": "number",
        "inputmode": "decimal",
        "step": "0.5",
        "min": "0",
        "class": "form-control form-control-lg score-input",
        "autocomplete": "off",
        "data-score-input": "",
    }
    if maximum is not None:
        attrs["max"] = str(maximum)
    return forms.TextInput(attrs=attrs)


class ScoreForm(forms.Form):
    """Points per criterion (rubric) or the measured attempts (measurement), a comment and the version seen."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("draft", "draft"), ("submit", "submit")], required=False)

    def __init__(self, *args, competition: Competition, criteria: list[Criterion], read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        self.criteria = criteria
        if competition.scoring_mode == ScoringMode.MEASUREMENT:
            for n in range(1, competition.attempts + 1):
                self.fields[f"attempt_{n}"] = forms.CharField(
                    label=_("Attempt %(n)d") % {"n": n},
                    required=False,
                    max_length=20,
                    widget=_number_widget(),
                )
                self.fields[f"attempt_{n}"].widget.attrs["step"] = "any"
        else:
            for criterion in criteria:
                self.fields[f"points_{criterion.pk}"] = forms.CharField(
                    label=criterion.name,
                    required=False,
                    max_length=20,
                    widget=_number_widget(maximum=criterion.max_points),
                )
                if criterion.description:
                    widget = self.fields[f"points_{criterion.pk}"].widget
                    widget.attrs["aria-describedby"] = f"descriptor-{criterion.pk}"
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    @property
    def is_measurement(self) -> bool:
        return self.competition.scoring_mode == ScoringMode.MEASUREMENT

    def rubric_rows(self) -> list[tuple[Criterion, forms.BoundField]]:
        """Each criterion with its input, for the template."""
        return [(c, self[f"points_{c.pk}"]) for c in self.criteria] if not self.is_measurement else []

    def attempt_fields(self) -> list[forms.BoundField]:
        if not self.is_measurement:
            return []
        return [self[f"attempt_{n}"] for n in range(1, self.competition.attempts + 1)]

    @property
    def submitting(self) -> bool:
        return self.cleaned_data.get("action") == "submit"

    def clean(self):
        """The typed values as numbers, in ``points`` ({criterion id: points}) or ``attempts`` (in order).

        A value that is no number, or points that are not whole or half, is reported above the form like the
        service's refusals, naming the criterion or attempt.
        """
        data = super().clean()
        errors = []
        if self.is_measurement:
            data["attempts"] = []
            for n in range(1, self.competition.attempts + 1):
                text = data.get(f"attempt_{n}") or ""
                try:
                    data["attempts"].append(parse_number(text))
                except InvalidOperation:
                    errors.append(gettext("Attempt %(n)d: “%(value)s” is not a number.") % {"n": n, "value": text})
        else:
            data["points"] = {}
            for criterion in self.criteria:
                text = data.get(f"points_{criterion.pk}") or ""
                try:
                    value = parse_number(text)
                except InvalidOperation:
                    errors.append(
                        gettext("%(criterion)s: “%(value)s” is not a number.")
                        % {"criterion": criterion.name, "value": text}
                    )
                    continue
                # Not ``value % HALF``: with 1e999999 that raises instead of answering.
                if value is not None and (value * 2).to_integral_value() != value * 2:
                    errors.append(gettext("%(criterion)s: whole or half points only.") % {"criterion": criterion.name})
                    continue
                data["points"][criterion.pk] = value
        if errors:
            raise ValidationError(errors)
        return data

    def points(self) -> dict[int, Decimal | None]:
        return self.cleaned_data["points"]

    def attempts(self) -> list[Decimal | None]:
        return self.cleaned_data["attempts"]


class ConflictForm(forms.Form):
    """The student a judge declares a conflict with, named exactly: their class and their full name. A name that
    is not in that class is refused with the same words whether or not it is in another one."""

    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none())
    name = forms.CharField(label=_("Student's full name"), max_length=50)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("For example: my child")}),
    )

    def __init__(self, *args, judge: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.judge = judge
        self.fields["school_class"].queryset = selectors.classes_for_conflict(judge)

    def clean(self):
        data = super().clean()
        school_class, name = data.get("school_class"), "".join(data.get("name", "").split())
        if school_class and name:
            data["students"] = selectors.students_named(self.judge, school_class, name)
            if not data["students"]:
                raise ValidationError(
                    _("No student of this name was found in the class chosen. Check the name and the class.")
                )
        return data


class QueueFilterForm(forms.Form):
    """What the judge's queue shows: every entry, those still to score or those scored, found by their code."""

    ALL, TODO, SCORED = "all", "todo", "scored"
    SHOW_CHOICES = [
        (ALL, pgettext_lazy("queue filter", "All")),
        (TODO, pgettext_lazy("queue filter", "To score")),
        (SCORED, pgettext_lazy("queue filter", "Scored")),
    ]

    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    q = forms.CharField(label=_("Entry code"), required=False, max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(placeholder="2026-ZZ-0001", inputmode="search", autocomplete="off")

    def narrows(self) -> bool:
        """Whether the queue shows fewer than all the judge's entries."""
        if not self.is_bound or not self.is_valid():
            return False
        return self.cleaned_data["show"] in (self.TODO, self.SCORED) or bool(self.cleaned_data["q"].strip())

    def filter(self, qs):
        """The assignments that match; an invalid choice shows them all."""
        if not self.is_valid():
            return qs
        show, code = self.cleaned_data["show"], self.cleaned_data["q"].strip()
        if show == self.TODO:
            qs = qs.exclude(score__state=Score.State.SUBMITTED)
        elif show == self.SCORED:
            qs = qs.filter(score__state=Score.State.SUBMITTED)
        if code:
            qs = qs.filter(entry__code__icontains=code)
        return qs
