"""Pemda for every region, OPDs with delivery addresses for the joined ones, and
the one demo vendor organisation the vendor accounts belong to."""

import datetime
import random

from django.db.models import Q

from blangkon.accounts.models import DeliveryAddress, Organisation
from blangkon.accounts.roles import OrganisationKind
from blangkon.demo import names
from blangkon.demo.scales import PROVINCE_CODE, PROVINCE_JOINED_ON, Scale
from blangkon.demo.seeders.context import SeedContext
from blangkon.regions.models import Region, RegionKind

# The vendor whose owner and staff are demo accounts; the vendor seeder gives
# it its vendors.Vendor details.
DEMO_VENDOR_NAME = "CV Sumber Rejeki Batang"
DEMO_VENDOR_REGION = "33.25"

# Share of OPDs that also have a second delivery address (a warehouse, say).
SECOND_ADDRESS_SHARE = 0.4


def seed_organisations(ctx: SeedContext) -> None:
    rng = ctx.rng_for("organisations")
    regions = list(
        Region.objects.filter(Q(code=PROVINCE_CODE) | Q(parent_id=PROVINCE_CODE)).order_by("code")
    )
    pemdas = _create_pemdas(regions, _joined_on_by_region(ctx.scale))
    opds = _create_opds(ctx.scale, [p for p in pemdas if p.joined_on is not None])
    addresses = _create_addresses(opds, rng)
    Organisation.objects.create(
        kind=OrganisationKind.VENDOR, name=DEMO_VENDOR_NAME, region_id=DEMO_VENDOR_REGION
    )
    joined = sum(p.joined_on is not None for p in pemdas)
    ctx.stdout.write(
        f"  {len(pemdas)} pemda ({joined} joined), {len(opds)} OPDs, "
        f"{addresses} delivery addresses, 1 vendor"
    )


def _joined_on_by_region(scale: Scale) -> dict[str, datetime.date]:
    return {PROVINCE_CODE: PROVINCE_JOINED_ON, **dict(scale.joining())}


def pemda_name(region: Region) -> str:
    # "Pemerintah Provinsi Jawa Tengah", "Pemerintah Kabupaten Batang", "Pemerintah Kota Semarang"
    return f"Pemerintah {region.name}"


def _create_pemdas(
    regions: list[Region], joined_on: dict[str, datetime.date]
) -> list[Organisation]:
    return Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.PEMDA,
            name=pemda_name(region),
            region=region,
            joined_on=joined_on.get(region.code),
        )
        for region in regions
    )


def _create_opds(scale: Scale, pemdas: list[Organisation]) -> list[Organisation]:
    return Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.OPD, name=name, parent=pemda, region=pemda.region)
        for pemda in pemdas
        for name in opd_names(pemda.region, scale.opds_per_pemda)
    )


def opd_names(region: Region, count: int) -> list[str]:
    """The first `count` OPD names of a pemda, most central first."""
    if region.kind == RegionKind.PROVINSI:
        return [name for name, _ in names.PROVINCE_OPDS[:count]]
    return [_kab_kota_opd_name(template, region) for template in names.KAB_KOTA_OPDS[:count]]


def _kab_kota_opd_name(template: str, region: Region) -> str:
    if template == "{kecamatan}":
        return f"Kecamatan {names.SEAT_KECAMATAN[region.code]}"
    if template == "{rsud}":
        return names.RSUD.get(region.code, f"RSUD {region.name}")
    return f"{template} {region.name}"


def _address_region(opd: Organisation) -> str:
    """The kab/kota an OPD's office is in: its own, or for the province the listed one."""
    if opd.region.kind != RegionKind.PROVINSI:
        return opd.region_id
    return dict(names.PROVINCE_OPDS)[opd.name]


def _create_addresses(opds: list[Organisation], rng: random.Random) -> int:
    addresses: list[DeliveryAddress] = []
    for opd in opds:
        kab_kota = _address_region(opd)
        count = 2 if rng.random() < SECOND_ADDRESS_SHARE else 1
        labels = [names.ADDRESS_LABELS[0], rng.choice(names.ADDRESS_LABELS[1:])][:count]
        addresses.extend(
            DeliveryAddress(
                opd=opd,
                label=label,
                street=f"{rng.choice(names.STREETS)} No. {rng.randint(1, 150)}",
                kab_kota_id=kab_kota,
                postal_code=rng.choice(names.POSTAL_CODES[kab_kota]),
            )
            for label in labels
        )
    DeliveryAddress.objects.bulk_create(addresses)
    return len(addresses)
