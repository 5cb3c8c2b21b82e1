from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 20 * 1024 * 1024


class CheckForm(forms.Form):
    """A copy to compare with the issued document: the file, or its SHA-256."""

    document = forms.FileField(
        label=_("The PDF you received"),
        required=False,
        help_text=_("The file is read here to compute its fingerprint and is not kept."),
    )
    sha256 = forms.RegexField(
        label=_("Or its SHA-256 fingerprint"),
        regex=r"^\s*[0-9a-fA-F]{64}\s*$",
        required=False,
        error_messages={"invalid": _("Enter the 64 hexadecimal characters of a SHA-256.")},
    )

    def clean_document(self) -> object:
        upload = self.cleaned_data.get("document")
        if upload is not None and upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("The file is larger than any issued document."))
        return upload

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("document") and not data.get("sha256") and not self.errors:
            raise forms.ValidationError(_("Choose the PDF or paste its SHA-256."))
        return data
