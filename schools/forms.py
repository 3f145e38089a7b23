from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from schools.models import User


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
    actor = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    object_type = forms.CharField(required=False, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, widget=forms.HiddenInput)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
