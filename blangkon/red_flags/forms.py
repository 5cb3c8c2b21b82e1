from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.red_flags.models import FlagStatus
from blangkon.red_flags.services import NOTE_MAX


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Review"), choices=FlagStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you found, or why the indicator is dismissed."),
    )
