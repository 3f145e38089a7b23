from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.audit import action_names


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Student number or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )

    remember = forms.BooleanField(
        label=_("Remember me"),
        required=False,
        help_text=_("Only on your own device: otherwise you are logged out when the browser closes."),
    )

    error_messages = {
        "invalid_login": _("The student number / username or the password is wrong. Passwords are case-sensitive."),
        "inactive": _("This account is disabled. Ask your head teacher or the organizers."),
    }


class KejijiePasswordChangeForm(PasswordChangeForm):
    """Django's form, refusing a "new" password that is the current one: a one-time password from the slip kept
    as it is would stay known to whoever printed or saw the slip."""

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        if new and "old_password" not in self.errors and self.user.check_password(new):
            self.add_error("new_password1", _("The new password must be different from the current one."))
        return cleaned


class PeopleFilterForm(forms.Form):
    ROLE_CHOICES = [
        ("", _("All roles")),
        ("student", _("Students")),
        ("teacher", _("Teachers")),
        ("judge", _("Judges")),
        ("organizer", _("Organizers")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False)

    def filter(self, qs):
        if not self.is_valid():
            return qs
        q = self.cleaned_data["q"].strip()
        if q:
            from django.db.models import Q

            qs = qs.filter(Q(real_name__icontains=q) | Q(username__icontains=q) | Q(student_number__icontains=q))
        role = self.cleaned_data["role"]
        if role:
            qs = qs.filter(**{f"is_{role}": True})
        return qs


class AuditFilterForm(forms.Form):
    """A person is searched by text (name, username or student number), not picked from every person of the school:
    the page stays the same size however big the school is. A name in the list links to ``actor`` (one person)."""

    person = forms.CharField(label=pgettext_lazy("audit filter", "Person"), required=False, max_length=50)
    actor = forms.IntegerField(required=False, widget=forms.HiddenInput)
    object_type = forms.CharField(required=False, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].widget.attrs["placeholder"] = _("Name, username or student number")
        self.fields["action"].choices = [("", _("All actions")), *action_names().items()]
