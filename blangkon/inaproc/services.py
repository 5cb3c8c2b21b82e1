"""Writing INAPROC packages: the import (one transaction, all or nothing) and
an admin's mapping of a satker to an OPD (ADR 0034)."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind
from blangkon.audit.services import audit_record
from blangkon.core.errors import DomainError, NotFound
from blangkon.inaproc import matching
from blangkon.inaproc.events import packages_changed
from blangkon.inaproc.models import Package, Satker
from blangkon.inaproc.records import PACKAGE_FIELDS, PackageRecord, records_check
from blangkon.inaproc.selectors import mappable_satkers


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # The satkers of the file that are ours but match no OPD (an admin maps them).
    unmatched: list[Satker] = field(default_factory=list)
    outside: int = 0  # packages of an instansi outside this deployment


def _satkers(records: list[PackageRecord]) -> dict[tuple[str, str], Satker]:
    """The file's satkers, created or brought up to date (their names as the
    file has them last). A new satker of ours is matched to its region and,
    by name, to an OPD; one of ours still without an OPD is matched again (the
    OPD may have been created since); an admin's mapping is never undone."""
    latest = {(r.kd_klpd, r.kd_satker_str): r for r in records}
    existing = {
        (s.kd_klpd, s.kd_satker_str): s
        for s in Satker.objects.select_for_update().filter(
            kd_klpd__in={key[0] for key in latest}, kd_satker_str__in={key[1] for key in latest}
        )
    }
    regions = matching.our_regions()
    codes = {
        regions.get(key)
        for r in latest.values()
        if (key := matching.instansi_key(r.jenis_instansi, r.nama_instansi))
    }
    opds = matching.opds_by_name({code for code in codes if code})
    satkers: dict[tuple[str, str], Satker] = {}
    for key, r in latest.items():
        satker = existing.get(key) or Satker(kd_klpd=r.kd_klpd, kd_satker_str=r.kd_satker_str)
        names = {
            "jenis_instansi": r.jenis_instansi,
            "nama_instansi": r.nama_instansi,
            "nama_satker": r.nama_satker,
        }
        changed = satker.pk is None or any(getattr(satker, k) != v for k, v in names.items())
        for name, value in names.items():
            setattr(satker, name, value)
        instansi = matching.instansi_key(r.jenis_instansi, r.nama_instansi)
        region = regions.get(instansi) if instansi else None
        if satker.region_id != region and satker.opd_id is None:
            satker.region_id, changed = region, True
        if region and satker.opd_id is None:
            opd = opds.get((region, matching.satker_name_key(r.nama_satker)))
            if opd is not None:
                satker.opd_id, changed = opd, True
        if changed:
            satker.save()
        satkers[key] = satker
    return satkers


def _package_fields(record: PackageRecord, satker: Satker) -> dict[str, Any]:
    return {**record.package_fields(), "satker_id": satker.pk}


def packages_import(
    records: Any, *, actor: User | None, source: str = "", ip_address: str | None = None
) -> ImportResult:
    """Import the records of one file (a parsed JSON list): every record is
    checked first and nothing is written if one is bad (PackageFileError names
    each); then packages are created or updated by kd_paket, in one
    transaction with one audit row. `actor` is None for the command."""
    checked = records_check(records)
    result = ImportResult()
    with transaction.atomic():
        satkers = _satkers(checked)
        existing = {
            p.kd_paket: p
            for p in Package.objects.select_for_update().filter(
                kd_paket__in=[r.kd_paket for r in checked]
            )
        }
        new: list[Package] = []
        changed: list[Package] = []
        now = timezone.now()  # bulk_update does not set auto_now fields
        for record in checked:
            satker = satkers[(record.kd_klpd, record.kd_satker_str)]
            fields = _package_fields(record, satker)
            if satker.region_id is None:
                result.outside += 1
            package = existing.get(record.kd_paket)
            if package is None:
                new.append(Package(kd_paket=record.kd_paket, **fields))
            elif any(getattr(package, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(package, name, value)
                package.updated_at = now
                changed.append(package)
            else:
                result.unchanged += 1
        Package.objects.bulk_create(new, batch_size=1_000)
        Package.objects.bulk_update(
            changed, [*PACKAGE_FIELDS, "satker", "updated_at"], batch_size=1_000
        )
        result.created, result.updated = len(new), len(changed)
        result.unmatched = sorted(
            (s for s in satkers.values() if s.region_id and s.opd_id is None),
            key=lambda s: (s.nama_instansi, s.nama_satker),
        )
        audit_record(
            actor=actor,
            action="inaproc.import",
            object_type="inaproc.package",
            details={
                "source": source[:200],
                "records": len(checked),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "unmatched_satkers": len(result.unmatched),
            },
            ip_address=ip_address,
        )
        if new or changed:
            packages_changed.send(sender=Package)
    return result


def satker_map(
    *, actor: User, satker_id: int, opd_id: int, ip_address: str | None = None
) -> Satker:
    """Map a satker of the actor's pemda (a kab/kota admin: their kab/kota; the
    province admin: any of ours) to one of that pemda's OPDs. A satker the
    actor may not map is missing (404); an OPD of another pemda is refused."""
    with transaction.atomic():
        satker = mappable_satkers(actor).select_for_update().filter(pk=satker_id).first()
        if satker is None:
            raise NotFound
        opd = Organisation.objects.filter(
            pk=opd_id, kind=OrganisationKind.OPD, is_active=True, region_id=satker.region_id
        ).first()
        if opd is None:
            raise DomainError(
                "invalid",
                _("Choose an OPD for the work unit."),
                {"opd": _("Choose an OPD of %(instansi)s.") % {"instansi": satker.nama_instansi}},
            )
        before = satker.opd_id
        satker.opd = opd
        satker.save(update_fields=["opd"])
        audit_record(
            actor=actor,
            action="inaproc.satker_mapped",
            obj=satker,
            organisation=opd,
            details={"opd": [before, opd.pk]},
            ip_address=ip_address,
        )
        if before != opd.pk:
            packages_changed.send(sender=Satker)
    return satker
