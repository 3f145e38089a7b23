"""Forms of the entry pages. They only collect and shape input: the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from competitions.kinds import FieldType, Kind
from competitions.models import Competition, EntryMode
from schools.models import User
from submissions.models import AttachmentRole, Entry

DETAIL_PREFIX = "detail_"


def teachers_of_school(school_id: int | None) -> QuerySet[User]:
    return User.objects.filter(school_id=school_id, is_teacher=True, is_active=True).order_by("real_name", "pk")


def classmates_of(student: User) -> QuerySet[User]:
    """Who may join the student's team: active students of the same class (and so of the same grade)."""
    if not student.school_class_id:
        return User.objects.none()
    return (
        User.objects.filter(school_class_id=student.school_class_id, is_student=True, is_active=True)
        .exclude(pk=student.pk)
        .order_by("student_number", "pk")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.real_name or obj.username


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.real_name or obj.username


def _detail_field(spec) -> forms.Field:
    # Drafts may be saved half done: the required kind fields are checked when the entry is submitted.
    options = {"label": spec.label, "help_text": spec.help_text, "required": False}
    if spec.type == FieldType.BOOLEAN:
        return forms.BooleanField(**options)
    if spec.type == FieldType.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *spec.choices], **options)
    if spec.type == FieldType.TEXTAREA:
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), **options)
    return forms.CharField(max_length=200, **options)


class EntryForm(forms.Form):
    """Title, description, the competition's own fields, advisor, parent co-maker and team members.

    ``author`` is the student the entry belongs to (its creator): the team is chosen among their classmates.
    """

    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is it, how did you make it, what did you find out?"),
    )
    advisor = PersonChoiceField(
        label=_("Advisor teacher"), queryset=User.objects.none(), required=False, empty_label=_("None")
    )
    parent_name = forms.CharField(
        label=_("Parent who made it with you"),
        max_length=50,
        required=False,
        help_text=_("Only if a parent helped make it; their name as free text."),
    )
    team = PeopleChoiceField(
        label=_("Team members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        required=False,
        help_text=_("You are changing someone else's entry: say why. The reason is recorded and its authors read it."),
    )
    # The version of the entry the form shows (the service refuses a save from an older one); editing only.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(
        self, *args, competition: Competition, author: User, entry: Entry | None = None, ask_reason: bool = False, **kw
    ):
        if entry is not None:
            kw["initial"] = {**self.initial_for(entry), **(kw.get("initial") or {})}
        super().__init__(*args, **kw)
        self.competition = competition
        self.fields["advisor"].queryset = teachers_of_school(competition.festival.school_id)
        if competition.kind != Kind.INVENTION:
            del self.fields["parent_name"]
        if competition.entry_mode == EntryMode.TEAM and not (entry is not None and entry.is_class_entry):
            self.fields["team"].queryset = classmates_of(author)
            self.fields["team"].help_text = _("Classmates who made it with you; a team has at most %(n)d members.") % {
                "n": competition.team_max_size or 1
            }
        else:
            del self.fields["team"]
        if not ask_reason:
            del self.fields["reason"]
        if entry is None:
            del self.fields["version"]
        for spec in competition.entry_field_specs():
            self.fields[DETAIL_PREFIX + spec.name] = _detail_field(spec)

    @staticmethod
    def initial_for(entry: Entry) -> dict:
        initial = {
            "title": entry.title,
            "description": entry.description,
            "advisor": entry.advisor_id,
            "parent_name": entry.parent_name,
            "team": [a.pk for a in entry.authors.all() if a.pk != entry.created_by_id],
            "version": entry.version,
        }
        for name, value in (entry.details or {}).items():
            initial[DETAIL_PREFIX + name] = value
        return initial

    @property
    def detail_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith(DETAIL_PREFIX)]

    def details(self) -> dict:
        return {
            name.removeprefix(DETAIL_PREFIX): v
            for name, v in self.cleaned_data.items()
            if name.startswith(DETAIL_PREFIX)
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "title": data["title"],
            "description": data.get("description", ""),
            "details": self.details(),
            "advisor": data.get("advisor"),
            "parent_name": data.get("parent_name", ""),
        }
        if "team" in self.fields:
            arguments["team"] = list(data.get("team") or [])
        if "version" in self.fields:
            arguments["version"] = data.get("version")
        return arguments

    def show_version(self, version: int) -> None:
        """Shown again after a save from an older version was refused: what was typed stays, and the form now
        carries the stored version, so saving it again is a deliberate choice."""
        self.data = self.data.copy()
        self.data["version"] = str(version)


class AttachmentUploadForm(forms.Form):
    # Empty files are let through so the upload checks refuse them with their own message.
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    role = forms.ChoiceField(label=_("Shows"), choices=AttachmentRole.choices, initial=AttachmentRole.RESULT)


class OriginalityForm(forms.Form):
    declared = forms.BooleanField(
        label=_("I declare that this is my own original work."),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "js-autosubmit-check"}),  # static/js/entry.js posts it when ticked
    )


class EntryActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("withdraw", "withdraw"), ("reopen", "reopen")])


class GalleryFilterForm(forms.Form):
    competition = forms.ModelChoiceField(
        label=_("Competition"),
        queryset=Competition.objects.none(),
        required=False,
        empty_label=_("All competitions"),
        widget=forms.Select(attrs={"class": "js-autosubmit"}),
    )

    def __init__(self, *args, competitions: QuerySet[Competition], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = competitions
