"""How every app's views show refusals: the services' ``ValidationError``s and invalid forms, as they are
written (for people), either on the form or as messages on the page the user is sent back to."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def message_of(error: ValidationError) -> str:
    """All of the error's messages as one text."""
    return " ".join(error.messages)


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    """Each of a service's messages as an error message on the next page."""
    for message in error.messages:
        messages.error(request, message)


def form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    """An invalid form of a button (no page of its own): each of its messages on the next page."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's errors next to the inputs they concern; the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
