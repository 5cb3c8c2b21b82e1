"""Certificates the expiry job had already marked (renewal requested) are EXPIRED."""

from django.db import migrations


def mark_expired(apps, schema_editor):
    VendorCertificate = apps.get_model("vendors", "VendorCertificate")
    VendorCertificate.objects.filter(renewal_requested_at__isnull=False).update(status="expired")


class Migration(migrations.Migration):
    dependencies = [("vendors", "0002_certificate_status")]

    operations = [migrations.RunPython(mark_expired, migrations.RunPython.noop)]
