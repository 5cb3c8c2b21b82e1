"""The upload form: the file's shape only (a .json file, not too large); the
importer checks every record (records.py)."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from blangkon.inaproc.records import MAX_FILE_BYTES


class PackageFileForm(forms.Form):
    file = forms.FileField(
        label=_("INAPROC packages file (.json)"),
        help_text=_(
            "LKPP open data, Ecat-PaketEPurchasingV6: a JSON list of packages, at most 20 MB. "
            "Packages already imported are updated by kd_paket."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError(_("Choose a .json file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(MAX_FILE_BYTES)}
            )
        return upload


class SatkerMapForm(forms.Form):
    opd = forms.IntegerField(label=_("OPD"), min_value=1)
