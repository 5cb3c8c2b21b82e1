from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.notifications.models import EmailMode


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("E-mail me about notifications"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
    )
