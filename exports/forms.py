from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.models import Festival
from core.exporters import EXPORTERS


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Export"), choices=[])
    festival = forms.ModelChoiceField(label=_("Festival"), queryset=Festival.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (key, cls.verbose_name) for key, cls in EXPORTERS.items() if user.has_perm(cls.permission)
        ]
        self.fields["kind"].error_messages["invalid_choice"] = _("You may not ask for this export.")
        festival = self.fields["festival"]
        festival.queryset = Festival.objects.filter(school_id=user.school_id).order_by("-year", "-pk")
        festival.empty_label = None
        festival.error_messages["invalid_choice"] = _("Choose the festival to export.")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and EXPORTERS[kind].needs_festival and not cleaned.get("festival"):
            self.add_error("festival", _("Choose the festival to export."))
        return cleaned
