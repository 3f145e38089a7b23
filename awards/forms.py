"""Forms of the awards pages: adjusting and unlocking results, special awards, publication, raising an
objection (异议) and answering it. The services check the rules (who, when); these only read and validate the
inputs."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.models import SpecialAward
from competitions.models import AwardLevel, Competition
from schools.models import SchoolClass, User

KEEP_LEVEL = "keep"
NO_AWARD = "none"


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("What you object to, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The organizers read it and answer; you will see their answer on your results page."),
        error_messages={"required": _("Say what you object to and why.")},
    )


class ObjectionAnswerForm(forms.Form):
    UPHOLD, REJECT = "uphold", "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(UPHOLD, _("Uphold the objection")), (REJECT, _("Reject the objection"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to uphold or reject the objection.")},
    )
    new_level = forms.ChoiceField(
        label=_("Award after the review"),
        choices=[
            (KEEP_LEVEL, _("Keep the award as it is")),
            *AwardLevel.choices,
            (NO_AWARD, pgettext_lazy("result", "No award")),
        ],
        initial=KEEP_LEVEL,
        required=False,
        help_text=_("Only when upholding: the result is corrected and your answer recorded as the reason."),
    )
    answer = forms.CharField(
        label=_("Answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person who objected reads it, with the reason for your decision."),
        error_messages={"required": _("Write the answer; the person who objected will read it.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and data.get("new_level") not in ("", KEEP_LEVEL):
            self.add_error("new_level", _("A rejected objection keeps the award; uphold it to change the award."))
        return data

    @property
    def upheld(self) -> bool:
        return self.cleaned_data["decision"] == self.UPHOLD

    @property
    def level(self) -> str | None:
        """None keeps the award, "" takes it away, else the new award level."""
        chosen = self.cleaned_data.get("new_level") or KEEP_LEVEL
        if not self.upheld or chosen == KEEP_LEVEL:
            return None
        return "" if chosen == NO_AWARD else chosen


class AdjustForm(forms.Form):
    level = forms.ChoiceField(label=_("Award"), choices=[("", _("No award")), *AwardLevel.choices], required=False)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for changing the award; it is recorded.")},
        help_text=_("Recorded with your name; the award keeps it when the results are computed again."),
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for unlocking"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for unlocking; it is recorded.")},
    )


class SpecialAwardForm(forms.Form):
    kind = forms.ChoiceField(choices=SpecialAward.Kind.choices)
    teacher = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose an advisor among the candidates.")},
    )
    school_class = forms.ModelChoiceField(
        queryset=SchoolClass.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a class among the candidates.")},
    )

    def __init__(self, *args, teachers, classes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["school_class"].queryset = classes

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if self.errors:
            return data
        if kind == SpecialAward.Kind.ADVISOR and not data.get("teacher"):
            raise forms.ValidationError(_("Choose an advisor among the candidates."))
        if kind == SpecialAward.Kind.ORGANIZATION and not data.get("school_class"):
            raise forms.ValidationError(_("Choose a class among the candidates."))
        return data


class PublishForm(forms.Form):
    """Which locked competitions to publish together, and how long their public notice period (公示) lasts."""

    competitions = forms.ModelMultipleChoiceField(
        label=_("Competitions to publish"),
        queryset=Competition.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the competitions to publish."),
            "invalid_choice": _("Only competitions with locked, unpublished results can be published."),
        },
    )
    notice_days = forms.IntegerField(
        label=_("Public notice period (days)"),
        min_value=1,
        max_value=60,
        initial=5,
        help_text=_("Students and teachers may raise objections during this period."),
    )

    def __init__(self, *args, competitions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competitions"].queryset = competitions
        self.fields["competitions"].label_from_instance = lambda c: c.name


class WithdrawPublicationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are the results withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the results are withdrawn; the students will read it.")},
        help_text=_("Students and teachers read this reason. The results go back to locked: unlock them to correct."),
    )


class ResultFilterForm(forms.Form):
    """The results page's award group (one or all) and a search by entry code or title."""

    group = forms.ChoiceField(label=_("Group"), required=False)
    q = forms.CharField(label=_("Code or title"), required=False, max_length=50)

    def __init__(self, *args, groups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", ""), *((key, key) for key in groups)]

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""

    def filter(self, qs):
        if not self.is_valid():
            return qs
        if group := self.cleaned_data["group"]:
            qs = qs.filter(group=group)
        if q := self.cleaned_data["q"].strip():
            qs = qs.filter(Q(entry__code__icontains=q) | Q(entry__title__icontains=q))
        return qs


class HonourGroupForm(forms.Form):
    """One award of one competition on the honour roll, all its winners a page at a time (the "more" link)."""

    competition = forms.IntegerField(min_value=1)
    level = forms.ChoiceField(choices=AwardLevel.choices)
