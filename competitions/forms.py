"""Forms of the festival and competition pages. They check input; the services check the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from competitions import plans
from competitions.kinds import entry_field_choices
from competitions.models import AwardBasis, AwardGrouping, AwardLevel, Competition, Festival, FileType, Phase
from competitions.services import CriterionData, rubric_check
from schools.models import GRADE_NAMES, SECTION_GRADES, School, SchoolClass, Section

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_widget() -> forms.DateTimeInput:
    # A phone shows its native date and time picker; the value is in the school's time zone.
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def grade_choices(school: School) -> list[tuple[int, Any]]:
    return [(n, GRADE_NAMES[n]) for n in range(1, 13) if school.has_grade_number(n)]


class FestivalCreateForm(forms.Form):
    FROM_PLAN = "plan"
    BLANK = "blank"

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example 第二届科技节."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    slug = forms.SlugField(label=_("Short name"), max_length=50, help_text=_("Used in web addresses, e.g. 2026."))
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    start = forms.DateField(
        label=_("Start date"), widget=DATE_WIDGET, help_text=_("The first day of the publicity phase.")
    )
    setup = forms.ChoiceField(
        label=_("Set up"),
        widget=forms.RadioSelect,
        initial=FROM_PLAN,
        choices=[
            (FROM_PLAN, _("From the school plan: phases and the four standard competitions with their rubrics")),
            (BLANK, _("Blank: only the phases; add competitions yourself")),
        ],
    )


class FestivalEditForm(forms.Form):
    """The festival and its phase dates on one page: they are edited together."""

    name = forms.CharField(label=_("Name"), max_length=100)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    slug = forms.SlugField(label=_("Short name"), max_length=50)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Festival.Status.choices,
        help_text=_("Students and teachers see the festival once it is published."),
    )

    def __init__(self, *args, festival: Festival, **kwargs):
        phases = {p.kind: p for p in festival.phases.all()}
        kwargs["initial"] = {f: getattr(festival, f) for f in ("name", "year", "slug", "theme", "status")}
        super().__init__(*args, **kwargs)
        for kind in Phase.ORDER:
            label = Phase.Kind(kind).label
            phase = phases.get(kind)
            self.fields[f"{kind}_starts_on"] = forms.DateField(
                label=_("%(phase)s from") % {"phase": label},
                widget=DATE_WIDGET,
                initial=phase.starts_on if phase else None,
            )
            self.fields[f"{kind}_ends_on"] = forms.DateField(
                label=_("%(phase)s to") % {"phase": label}, widget=DATE_WIDGET, initial=phase.ends_on if phase else None
            )

    def phase_fields(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(Phase.Kind(k).label, self[f"{k}_starts_on"], self[f"{k}_ends_on"]) for k in Phase.ORDER]

    def festival_values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in ("name", "year", "slug", "theme", "status")}

    def phase_dates(self) -> dict[str, tuple[dt.date, dt.date]]:
        return {k: (self.cleaned_data[f"{k}_starts_on"], self.cleaned_data[f"{k}_ends_on"]) for k in Phase.ORDER}


class GradeNumbersField(forms.TypedMultipleChoiceField):
    """Shows the school's grades; accepts any grade 1–12 so that the service can say which one the school lacks."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and 1 <= int(value) <= 12


class CompetitionForm(forms.ModelForm):
    eligible_sections = forms.MultipleChoiceField(
        label=_("Whole sections"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every grade of the sections ticked here can enter, besides the grades ticked below."),
    )
    eligible_grades = GradeNumbersField(
        label=_("Eligible grades"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    entry_fields = forms.MultipleChoiceField(
        label=_("Entry fields"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What students fill in besides the title and description."),
    )
    file_types = forms.MultipleChoiceField(
        label=_("Allowed file types"), required=False, choices=FileType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Competition
        fields = [
            "name",
            "code",
            "kind",
            "description",
            "entry_fields",
            "entry_mode",
            "team_max_size",
            "entries_per_student",
            "class_quota",
            "class_quota_min",
            "submission_opens",
            "submission_closes",
            "judging_opens",
            "judging_closes",
            "file_types",
            "max_files",
            "max_file_mb",
            "min_image_px",
            "scoring_mode",
            "attempts",
            "better",
            "unit",
            "blind",
            "judges_per_entry",
            "drop_extremes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "submission_opens": datetime_widget(),
            "submission_closes": datetime_widget(),
            "judging_opens": datetime_widget(),
            "judging_closes": datetime_widget(),
        }

    def __init__(self, *args, festival: Festival, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.festival = festival
        self.fields["eligible_grades"].choices = grade_choices(festival.school)
        self.fields["eligible_sections"].choices = [
            (value, label) for value, label in Section.choices if value in festival.school.sections
        ]
        self.fields["entry_fields"].choices = entry_field_choices()
        self.fields["code"].widget.attrs["autocapitalize"] = "characters"
        if self.instance.pk:
            self.initial["eligible_grades"] = self.instance.grade_numbers
        for name in ("submission_opens", "submission_closes", "judging_opens", "judging_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def values(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f in self.cleaned_data}

    def grade_numbers(self) -> list[int]:
        """The grades ticked, with every grade of the sections ticked."""
        numbers = set(self.cleaned_data.get("eligible_grades") or [])
        for section in self.cleaned_data.get("eligible_sections") or []:
            numbers.update(SECTION_GRADES[section])
        return sorted(numbers)


class TemplateChoiceForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), widget=forms.RadioSelect)
    start = forms.DateField(
        label=_("Festival start date"),
        widget=DATE_WIDGET,
        help_text=_("Windows are placed from this day, as in the school plan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.key, t.name) for t in plans.TEMPLATES]


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=60)
    description = forms.CharField(label=_("What judges look for"), max_length=300, required=False)
    max_points = forms.IntegerField(
        label=_("Points"),
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "js-points", "inputmode": "numeric"}),
    )


class BaseRubricFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        try:
            rubric_check(self.criteria())
        except ValidationError as e:
            raise ValidationError(e.messages) from e

    def criteria(self) -> list[CriterionData]:
        kept = [f for f in self.ordered_forms if f.cleaned_data and not self._should_delete_form(f)]
        return [
            CriterionData(f.cleaned_data["name"], f.cleaned_data.get("description", ""), f.cleaned_data["max_points"])
            for f in kept
        ]


RubricFormSet = forms.formset_factory(
    CriterionForm, formset=BaseRubricFormSet, extra=0, can_order=True, can_delete=True, max_num=20, validate_max=True
)


class AwardSchemeForm(forms.Form):
    award_grouping = forms.ChoiceField(label=_("Awards are given"), choices=AwardGrouping.choices)
    award_basis = forms.ChoiceField(label=_("Amounts are"), choices=AwardBasis.choices)
    first = forms.IntegerField(label=AwardLevel.FIRST.label, min_value=0, max_value=999, initial=0)
    second = forms.IntegerField(label=AwardLevel.SECOND.label, min_value=0, max_value=999, initial=0)
    third = forms.IntegerField(label=AwardLevel.THIRD.label, min_value=0, max_value=999, initial=0)
    merit = forms.IntegerField(label=AwardLevel.MERIT.label, min_value=0, max_value=999, initial=0)
    award_min_score = forms.DecimalField(
        label=_("Minimum score for an award"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Optional: entries below it get no award even if places are left."),
    )
    recommend_count = forms.IntegerField(label=_("Recommended to the next level"), min_value=0, max_value=999)

    @classmethod
    def for_competition(cls, competition: Competition, data=None) -> AwardSchemeForm:
        amounts = {t.level: t.amount for t in competition.award_tiers.all()}
        initial = {
            "award_grouping": competition.award_grouping,
            "award_basis": competition.award_basis,
            "award_min_score": competition.award_min_score,
            "recommend_count": competition.recommend_count,
            **{level: amounts.get(level, 0) for level in AwardLevel.values},
        }
        return cls(data, initial=initial)

    def amounts(self) -> dict[str, int]:
        return {level: self.cleaned_data[level] for level in AwardLevel.values}


class ExtensionForm(forms.Form):
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none())
    closes_at = forms.DateTimeField(
        label=_("New deadline"),
        widget=datetime_widget(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, competition: Competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(
            grade__school_id=competition.festival.school_id, grade__in=competition.eligible_grades.all()
        ).select_related("grade")
