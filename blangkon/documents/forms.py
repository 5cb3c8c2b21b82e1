"""A file field for upload forms in other apps. It only shapes the widget and the
hint; the real checks happen in services.stored_file_create."""

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from blangkon.documents.models import DocumentKind
from blangkon.documents.validation import allowed_description, allowed_types, max_bytes_for

ACCEPT = {
    "pdf": ".pdf,application/pdf",
    "jpeg": ".jpg,.jpeg,image/jpeg",
    "png": ".png,image/png",
    "xlsx": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": ".zip,application/zip",
}


def upload_hint(kind: str) -> str:
    """E.g. "A PDF, a JPEG photo or a PNG image, at most 5.0 MB."."""
    types = allowed_description(kind)
    return _("%(types)s, at most %(size)s.") % {
        "types": types[:1].upper() + types[1:],
        "size": filesizeformat(max_bytes_for(kind)),
    }


# Lazy: form classes are built at import time, before settings may be read.
upload_hint_lazy = lazy(upload_hint, str)


class DocumentFileField(forms.FileField):
    """`DocumentFileField(kind=DocumentKind.KTP)`: an <input type=file> that offers
    the right types (and the camera on phones) with a hint naming the types and
    the size limit. Pass the cleaned UploadedFile to `stored_file_create`."""

    def __init__(self, *, kind: str = DocumentKind.KTP, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", upload_hint_lazy(kind))
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(ACCEPT[t] for t in allowed_types(kind))
