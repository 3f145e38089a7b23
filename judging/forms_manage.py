"""Forms of the organizers' and head judges' judging pages. The services check the rules; these only read
and validate the inputs."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competitions.forms import datetime_widget
from judging.models import Assignment
from schools.models import User
from submissions.models import Entry


class JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.real_name or obj.username


class JudgesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.real_name} ({obj.username})"


class PanelForm(forms.Form):
    judges = JudgesField(
        label=_("Judges of the panel"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    head_judge = JudgeChoiceField(
        label=_("Head judge"), queryset=User.objects.none(), required=False, empty_label=_("(none yet)")
    )
    normalise = forms.BooleanField(
        label=_("Normalise judges' scores (z-scores per judge)"),
        required=False,
        help_text=_("For panels where judges score different entries: strict and lenient judges even out."),
    )
    spread_limit = forms.DecimalField(
        label=_("Flag entries whose judges differ by more than (points)"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=1,
        initial=Decimal(20),
    )

    def __init__(self, *args, judges, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = judges
        self.fields["head_judge"].queryset = judges

    def clean(self):
        data = super().clean()
        head, chosen = data.get("head_judge"), data.get("judges")
        if head is not None and chosen is not None and head not in chosen:
            self.add_error("head_judge", _("The head judge must be one of the panel's judges."))
        return data


class RemoveJudgeForm(forms.Form):
    judge = JudgeChoiceField(label=_("Judge"), queryset=User.objects.none())

    def __init__(self, *args, judges, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges


class ExpertForm(forms.Form):
    real_name = forms.CharField(label=_("Name"), max_length=50)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; the expert logs in with it."),
    )


class AssignmentAddForm(forms.Form):
    entry = forms.ModelChoiceField(queryset=Entry.objects.none())
    judge = JudgeChoiceField(label=_("Add a judge"), queryset=User.objects.none())

    def __init__(self, *args, entries, judges, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["judge"].queryset = judges


class AssignmentRemoveForm(forms.Form):
    assignment = forms.ModelChoiceField(queryset=Assignment.objects.none())

    def __init__(self, *args, assignments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = assignments


class NudgeForm(forms.Form):
    judge = JudgeChoiceField(label=_("Judge"), queryset=User.objects.none())
    message = forms.CharField(label=_("Message"), max_length=200, required=False)

    def __init__(self, *args, judges, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges


class JudgingWindowForm(forms.Form):
    """The organizers open judging earlier or let it run longer (competitions.judging_window_change)."""

    judging_opens = forms.DateTimeField(label=_("Judging opens"), widget=datetime_widget())
    judging_closes = forms.DateTimeField(label=_("Judging closes"), widget=datetime_widget())
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CoverageFilterForm(forms.Form):
    """What the assignments page lists: every entry, those short of judges or without any, one judge's, found
    by code or title."""

    ALL, SHORT, UNASSIGNED = "all", "short", "unassigned"
    SHOW_CHOICES = [
        (ALL, pgettext_lazy("assignments filter", "All")),
        (SHORT, pgettext_lazy("assignments filter", "Short of judges")),
        (UNASSIGNED, pgettext_lazy("assignments filter", "No judge yet")),
    ]

    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    judge = JudgeChoiceField(
        label=_("Judge"), queryset=User.objects.none(), required=False, empty_label=_("All judges")
    )
    q = forms.CharField(label=_("Code or title"), required=False, max_length=50)

    def __init__(self, *args, judges: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = User.objects.filter(pk__in=[j.pk for j in judges])
        self.fields["judge"].choices = [("", self.fields["judge"].empty_label), *((j.pk, j.real_name) for j in judges)]

    def value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None

    def narrows(self) -> bool:
        """Whether the page lists fewer than all the entries in judging."""
        if not self.is_valid():
            return False
        data = self.cleaned_data
        return data["show"] in (self.SHORT, self.UNASSIGNED) or bool(data["judge"]) or bool(data["q"].strip())

    def filter(self, qs, *, needed: int):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["show"] == self.SHORT:
            qs = qs.filter(judge_count__lt=needed)
        elif data["show"] == self.UNASSIGNED:
            qs = qs.filter(judge_count=0)
        if data["judge"]:
            qs = qs.filter(pk__in=Assignment.objects.filter(judge=data["judge"]).values("entry_id"))
        if q := data["q"].strip():
            qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q))
        return qs
