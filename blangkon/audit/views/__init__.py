"""The audit log's pages: the list as sentences with filters, and its exports."""

from blangkon.audit.views.pages import audit_export_csv, audit_export_xlsx, audit_list

__all__ = ["audit_export_csv", "audit_export_xlsx", "audit_list"]
