from django import forms
from django.utils.translation import gettext_lazy as _

from judging.exporters import EXPORTERS


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Export"), choices=[])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (key, cls.verbose_name) for key, cls in EXPORTERS.items() if user.has_perm(cls.permission)
        ]
        self.fields["kind"].error_messages["invalid_choice"] = _("You may not ask for this export.")
