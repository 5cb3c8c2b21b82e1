"""The upload form: shapes and labels only; the service checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Product spreadsheet (.xlsx)"),
        help_text=_(
            "Use the template of your category. At most 10,000 rows and 10 MB. Rows whose "
            "SKU you already have update those products."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    images = forms.FileField(
        label=_("Product images (.zip, optional)"),
        required=False,
        help_text=_(
            "A ZIP of JPEG or PNG photos named by SKU: ATK-001.jpg, ATK-001_2.jpg … up to 5 "
            "per product."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
