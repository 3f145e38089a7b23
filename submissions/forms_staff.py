"""Forms of the head teachers' and organizers' entry pages: shortlist, hand-in, class entry, labels, lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from competitions.current import current_of
from competitions.kinds import FieldType
from competitions.models import Competition, Festival
from competitions.selectors import competitions_visible_to, festivals_visible_to
from schools.models import GRADE_NAMES, Grade, SchoolClass, User, class_name
from schools.selectors import classes_visible_to
from submissions.models import Entry, EntryState


class CompetitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Competition) -> str:
        return f"{obj.festival.name} · {obj.name}"


class _ReadChoiceIterator(ModelChoiceIterator):
    """The choices from the festivals the form has read already, not from a query per iteration (a required
    select is iterated twice: once for its first choice, once to render)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.read:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.read) + (self.field.empty_label is not None)


class FestivalChoiceField(forms.ModelChoiceField):
    """A festival out of ``read``: the festivals the form read once (its ``queryset``), offered and checked
    without asking the database again."""

    iterator = _ReadChoiceIterator

    def __init__(self, *args, **kwargs):
        self.read: list[Festival] = []
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Festival) -> str:
        return f"{obj.name}（{obj.year}）"  # as on the exports page: two festivals may share a name

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        pk = value.pk if isinstance(value, Festival) else str(value)
        for festival in self.read:
            if str(festival.pk) == str(pk):
                return festival
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class NextMixin(forms.Form):
    """Where to go back to after a button on a list; the view checks the address is ours."""

    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)


class ShortlistForm(NextMixin):
    action = forms.ChoiceField(choices=[("add", _("Recommend")), ("remove", _("Take off the list"))])


class ReceiveForm(NextMixin):
    received = forms.TypedChoiceField(
        choices=[("1", _("Received")), ("0", _("Not received"))], coerce=lambda v: v == "1"
    )


class OrganizerWithdrawForm(forms.Form):
    """The organizers' withdrawal of an entry from judging: the reason, which the audit record keeps."""

    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the entry is withdrawn; the reason is recorded.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "withdraw_%s")
        super().__init__(*args, **kwargs)


class ClassEntryForm(forms.Form):
    """The class collective entry: title, description and the competition's own fields."""

    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, competition: Competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.specs = competition.entry_field_specs()
        for spec in self.specs:
            self.fields[f"detail_{spec.name}"] = _detail_field(spec)

    def details(self) -> dict:
        return {spec.name: self.cleaned_data.get(f"detail_{spec.name}") for spec in self.specs}


def _detail_field(spec) -> forms.Field:
    common = {"label": spec.label, "help_text": spec.help_text, "required": spec.required}
    if spec.type == FieldType.BOOLEAN:
        return forms.BooleanField(**{**common, "required": False})
    if spec.type == FieldType.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *spec.choices], **common)
    if spec.type == FieldType.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)
    return forms.CharField(max_length=200, **common)


class LabelFilterForm(forms.Form):
    """Which labels to print: of one festival (the current one unless another is chosen), then optionally one
    competition of it and one class."""

    festival = FestivalChoiceField(label=_("Festival"), queryset=Festival.objects.none(), empty_label=None)
    competition = forms.ModelChoiceField(
        label=_("Competition"), queryset=Competition.objects.none(), required=False, empty_label=_("All competitions")
    )
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), required=False, empty_label=_("All classes")
    )
    all_kinds = forms.BooleanField(label=_("Also works that are not handed in"), required=False)

    def __init__(self, data: QueryDict | None = None, *, user: User, today: dt.date, **kwargs):
        # The festivals are read once (with their phases, for the current one); the choice and the current festival
        # are picked from them rather than asked again.
        festivals = festivals_visible_to(user)
        read = list(festivals)
        current = current_of(read, today) or (read[0] if read else None)
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("festival") and current is not None:
            data["festival"] = str(current.pk)
        super().__init__(data, **kwargs)
        self.fields["festival"].queryset = festivals
        self.fields["festival"].read = read
        chosen = next((f for f in read if str(f.pk) == data.get("festival")), None)
        self.fields["competition"].queryset = (
            competitions_visible_to(user).filter(festival=chosen).prefetch_related(None).order_by("position")
        )
        self.fields["school_class"].queryset = classes_visible_to(user).order_by("grade__number", "number")


def _plain(qs: QuerySet) -> QuerySet:
    """A selector's queryset without its joins and prefetches, for ``values_list``."""
    return qs.select_related(None).prefetch_related(None)


@dataclass(frozen=True)
class SelectField:
    name: str
    label: str
    errors: list[str]
    options: list[tuple[str, str, bool]]  # value, label, chosen


class EntryFilterForm(forms.Form):
    RECEIVED_CHOICES = [("", _("Received or not")), ("yes", _("Received")), ("no", _("Not received"))]

    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    festival = forms.ModelChoiceField(
        label=_("Festival"), queryset=Festival.objects.none(), required=False, empty_label=_("All festivals")
    )
    competition = CompetitionChoiceField(
        label=_("Competition"), queryset=Competition.objects.none(), required=False, empty_label=_("All competitions")
    )
    grade = forms.ModelChoiceField(
        label=_("Grade"), queryset=Grade.objects.none(), required=False, empty_label=_("All grades")
    )
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), required=False, empty_label=_("All classes")
    )
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states")), *EntryState.choices], required=False)
    received = forms.ChoiceField(label=_("Received"), choices=RECEIVED_CHOICES, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["festival"].queryset = festivals_visible_to(user)
        self.fields["competition"].queryset = competitions_visible_to(user).order_by("-festival__year", "position")
        self.fields["grade"].queryset = Grade.objects.filter(school_id=user.school_id).order_by("number")
        classes = classes_visible_to(user)
        if user.is_organizer:  # the same classes, without classes_visible_to's count of their students
            classes = SchoolClass.objects.filter(grade__school_id=user.school_id)
        self.fields["school_class"].queryset = classes.order_by("grade__number", "number")
        self.fields["q"].widget.attrs["placeholder"] = _("Code, title or name")

    def selects(self) -> list[SelectField]:
        """The drop-downs as the list's template writes them without the form widgets (the page's filters are
        a large part of its time otherwise): their options from ``values_list``, so no model is built."""
        fields = self.fields
        options = {
            "festival": [(pk, name) for pk, name in _plain(fields["festival"].queryset).values_list("pk", "name")],
            "competition": [
                (pk, f"{festival} · {name}")
                for pk, festival, name in _plain(fields["competition"].queryset).values_list(
                    "pk", "festival__name", "name"
                )
            ],
            "grade": [(pk, GRADE_NAMES[number]) for pk, number in fields["grade"].queryset.values_list("pk", "number")],
            "school_class": [
                (pk, class_name(grade, number))
                for pk, grade, number in _plain(fields["school_class"].queryset).values_list(
                    "pk", "grade__number", "number"
                )
            ],
            "state": EntryState.choices,
            "received": self.RECEIVED_CHOICES[1:],
        }
        errors = self.errors if self.is_bound else {}
        result = []
        for name, choices in options.items():
            field = fields[name]
            empty = field.empty_label if isinstance(field, forms.ModelChoiceField) else field.choices[0][1]
            chosen = str(self[name].value() or "")
            result.append(
                SelectField(
                    name=name,
                    label=field.label,
                    errors=errors.get(name, []),
                    options=[("", empty, chosen == "")]
                    + [(str(value), label, str(value) == chosen) for value, label in choices],
                )
            )
        return result

    def filter(self, qs: QuerySet[Entry]) -> QuerySet[Entry]:
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        for name in ("festival", "competition", "school_class"):
            if data[name]:
                qs = qs.filter(**{name: data[name]})
        if data["grade"]:
            qs = qs.filter(school_class__grade=data["grade"])
        if data["state"]:
            qs = qs.filter(state=data["state"])
        if data["received"]:
            qs = qs.filter(received_at__isnull=data["received"] == "no")
        q = data["q"].strip()
        if q:
            # A subquery for the names, so an entry with two matching authors is listed once.
            by_author = Entry.objects.filter(authors__real_name__icontains=q).values("pk")
            qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q) | Q(pk__in=by_author))
        return qs


class BulkAcceptForm(NextMixin):
    entries = forms.ModelMultipleChoiceField(
        queryset=Entry.objects.none(),
        error_messages={"required": _("Tick the entries to accept first.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = Entry.objects.filter(festival__school_id=user.school_id)
