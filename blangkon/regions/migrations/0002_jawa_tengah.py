from django.db import migrations

# Frozen copy of blangkon/regions/jateng.py as of this migration: migrations must
# not import app code that may change later.
PROVINCE = ("33", "Provinsi Jawa Tengah")
KAB_KOTA = [
    ("33.01", "Kabupaten Cilacap"), ("33.02", "Kabupaten Banyumas"),
    ("33.03", "Kabupaten Purbalingga"), ("33.04", "Kabupaten Banjarnegara"),
    ("33.05", "Kabupaten Kebumen"), ("33.06", "Kabupaten Purworejo"),
    ("33.07", "Kabupaten Wonosobo"), ("33.08", "Kabupaten Magelang"),
    ("33.09", "Kabupaten Boyolali"), ("33.10", "Kabupaten Klaten"),
    ("33.11", "Kabupaten Sukoharjo"), ("33.12", "Kabupaten Wonogiri"),
    ("33.13", "Kabupaten Karanganyar"), ("33.14", "Kabupaten Sragen"),
    ("33.15", "Kabupaten Grobogan"), ("33.16", "Kabupaten Blora"),
    ("33.17", "Kabupaten Rembang"), ("33.18", "Kabupaten Pati"),
    ("33.19", "Kabupaten Kudus"), ("33.20", "Kabupaten Jepara"),
    ("33.21", "Kabupaten Demak"), ("33.22", "Kabupaten Semarang"),
    ("33.23", "Kabupaten Temanggung"), ("33.24", "Kabupaten Kendal"),
    ("33.25", "Kabupaten Batang"), ("33.26", "Kabupaten Pekalongan"),
    ("33.27", "Kabupaten Pemalang"), ("33.28", "Kabupaten Tegal"),
    ("33.29", "Kabupaten Brebes"), ("33.71", "Kota Magelang"),
    ("33.72", "Kota Surakarta"), ("33.73", "Kota Salatiga"),
    ("33.74", "Kota Semarang"), ("33.75", "Kota Pekalongan"),
    ("33.76", "Kota Tegal"),
]  # fmt: skip


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    code, name = PROVINCE
    province = Region.objects.create(code=code, name=name, kind="provinsi", bps_code=code)
    Region.objects.bulk_create(
        Region(
            code=code,
            name=name,
            kind="kota" if int(code.split(".")[1]) >= 71 else "kabupaten",
            parent=province,
            bps_code=code.replace(".", ""),
        )
        for code, name in KAB_KOTA
    )


def unload(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Region.objects.filter(code__startswith="33.").delete()
    Region.objects.filter(code="33").delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
