from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blangkon.audit.actions import KIND_BY_CODE, action_codes_of_kind, grouped_kind_choices
from blangkon.audit.selectors import AuditFilters
from blangkon.core.fields import date_input


class AuditFilterForm(forms.Form):
    """The audit log's filters, in the reader's words: a person and an
    organisation by name, a kind of action, a date range. Object type and id
    stay available to links that open one object's history."""

    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Part of a name or a username."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("Part of the name of a vendor, OPD or local government."),
        widget=forms.TextInput(attrs={"list": "audit-organisations"}),
    )
    kind = forms.ChoiceField(label=_("Kind of action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Until"), required=False, widget=date_input())
    object_type = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("Every kind")), *grouped_kind_choices()]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> AuditFilters:
        """The filters to apply: none when the form is not valid."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        kind = data.get("kind") or ""
        return AuditFilters(
            actor_name=data["person"].strip(),
            organisation_name=data["organisation"].strip(),
            actions=tuple(action_codes_of_kind(kind)) if kind in KIND_BY_CODE else (),
            date_from=data["date_from"],
            date_to=data["date_to"],
            object_type=data["object_type"],
            object_id=data["object_id"],
        )

    def described(self) -> dict[str, str]:
        """The filter as the reader chose it, for the export's audit row."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        values = {
            "person": data["person"],
            "organisation": data["organisation"],
            "kind": data["kind"],
            "date_from": data["date_from"].isoformat() if data["date_from"] else "",
            "date_to": data["date_to"].isoformat() if data["date_to"] else "",
            "object_type": data["object_type"],
            "object_id": data["object_id"],
        }
        return {key: value for key, value in values.items() if value}
