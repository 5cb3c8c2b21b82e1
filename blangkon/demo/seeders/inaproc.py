"""Purchases of the national e-catalog beside Blangkon's own: the real sample
of 30 INAPROC packages (Kab. Bandung, another province: counted under its own
name) and, for Batang and Kendal, made-up packages of their OPDs, so that the
`inaproc` channel, the satker mapping and the red flags have something to show.

Made up, and said so: their kd_paket start with "DEMO". Batang gets two
packages of one satker from one vendor ten days apart whose sum passes the
Rp50 juta ceiling, and one at 97 % of it; Kendal has a satker named unlike any
of its OPDs, for its admin to map.
"""

import datetime
import random
from typing import Any

from django.utils import timezone

from blangkon.accounts.models import Organisation
from blangkon.accounts.roles import OrganisationKind
from blangkon.demo.seeders.context import SeedContext
from blangkon.inaproc.sample_data import sample_records
from blangkon.inaproc.services import packages_import

# (region code, instansi name as INAPROC writes it, its kd_klpd as the demo invents it)
DEMO_INSTANSI = (("33.25", "Kab. Batang", "D901"), ("33.24", "Kab. Kendal", "D902"))
UNMAPPED_SATKER = "UPT PUSKESMAS KALIWUNGU"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _ulid_like(rng: random.Random) -> str:
    return "DEMO" + "".join(rng.choice(_CROCKFORD) for _ in range(22))


def _record(
    rng: random.Random,
    *,
    instansi: tuple[str, str, str],
    satker: str,
    satker_code: str,
    vendor: str,
    day: datetime.date,
    total: int,
) -> dict[str, Any]:
    products = rng.randint(1, 6)
    return {
        "tahun_anggaran": day.year,
        "jenis_instansi": "KABUPATEN",
        "nama_instansi": instansi[1],
        "nama_satker": satker,
        "kd_klpd": instansi[2],
        "kd_satker_str": satker_code,
        "kd_paket": _ulid_like(rng),
        "kd_rup": str(rng.randint(40_000_000, 69_999_999)),
        "rup_nama_pkt": "Belanja Alat Tulis Kantor dan Bahan Cetak",
        "product_ids": "",
        "sumber_dana": "APBD",
        "mak": "",
        "kd_penyedia_v6": vendor,
        "kd_penyedia_sikap": rng.randint(1_000_000, 9_999_999),
        "jml_jenis_produk": products,
        "jml_produk": products * rng.randint(5, 40),
        "ongkir": 0,
        "total_harga": total,
        "tgl_order": day.isoformat(),
        "status_pkt": rng.choice(["ON_PROCESS", "COMPLETED", "COMPLETED"]),
        "status_pengiriman": "COMPLETED",
    }


def _demo_records(rng: random.Random, today: datetime.date) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for instansi in DEMO_INSTANSI:
        opds = Organisation.objects.filter(
            kind=OrganisationKind.OPD, parent__region__code=instansi[0]
        ).order_by("name")[:4]
        satkers = [opd.name.upper() for opd in opds]
        if instansi[0] == "33.24":
            satkers.append(UNMAPPED_SATKER)
        for number, satker in enumerate(satkers):
            code = f"9.{instansi[0]}.0.{number:02d}.0000"
            for _ in range(3):
                day = today - datetime.timedelta(days=rng.randint(5, 200))
                total = rng.randrange(2_000_000, 30_000_000, 1_000)
                vendor = _ulid_like(rng)
                records.append(
                    _record(rng, instansi=instansi, satker=satker, satker_code=code,
                            vendor=vendor, day=day, total=total)
                )  # fmt: skip
    # Batang's first satker: a purchase split in two, and one just under the ceiling.
    first = records[0]
    kwargs = {"instansi": DEMO_INSTANSI[0], "satker": first["nama_satker"]}
    kwargs["satker_code"] = first["kd_satker_str"]
    split_vendor = _ulid_like(rng)
    for days_ago, total in ((40, 28_500_000), (30, 27_900_000)):
        day = today - datetime.timedelta(days=days_ago)
        records.append(_record(rng, vendor=split_vendor, day=day, total=total, **kwargs))
    day = today - datetime.timedelta(days=12)
    records.append(_record(rng, vendor=_ulid_like(rng), day=day, total=48_500_000, **kwargs))
    return records


def seed_inaproc(ctx: SeedContext) -> None:
    rng = ctx.rng_for("inaproc")
    records = sample_records() + _demo_records(rng, timezone.localdate())
    result = packages_import(records, actor=None, source="seed_demo")
    ctx.stdout.write(
        f"  {result.created} INAPROC packages ({result.outside} of another province), "
        f"{len(result.unmatched)} satker(s) to map"
    )
