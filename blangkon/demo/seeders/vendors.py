"""Demo vendors: perorangan and badan usaha in the joined kab/kota, in every
verification state, with owner accounts, status history, certificates and
training events. Bulk inserts; no audit rows (bulk loading, not user action).

Every vendor sells one line of business (demo/lines.py) and is named after
it: "Katering Bu Siti", "CV Percetakan Sinar Mulia". The demo vendor
organisation of the accounts seeder ("CV Sumber Rejeki Batang", owner
`pemilik.vendor`) becomes a verified CV selling stationery and paper. A few Batang and
Kendal vendors in other states get fixed usernames for the verification demo.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.demo import names
from blangkon.demo.lines import LINES, Line
from blangkon.demo.seeders.context import DemoAccount, SeedContext
from blangkon.demo.seeders.organisations import DEMO_VENDOR_NAME
from blangkon.demo.seeders.people import EMAIL_DOMAIN, random_mobile, random_person
from blangkon.demo.seeders.vendor_documents import seed_vendor_documents
from blangkon.regions.jateng import KAB_KOTA
from blangkon.vendors.models import (
    CertificateKind,
    LegalForm,
    TrainingEvent,
    Vendor,
    VendorCertificate,
    VendorKind,
    VendorStatusChange,
)
from blangkon.vendors.scale import ANNUAL_SALES_LIMITS, CAPITAL_LIMITS, JUTA, umkm_scale
from blangkon.vendors.status import SanctionReason, VendorStatus

BATCH = 2_000
REGION_NAMES = dict(KAB_KOTA)
REFERENCE_DAY = {"small": datetime.date(2026, 11, 1), "seed": datetime.date(2022, 3, 25),
                 "large": datetime.date(2024, 2, 23)}  # fmt: skip
# Small scale: some of every state, so every page of the verification demo has rows.
SMALL_STATES = {
    VendorStatus.DRAFT: 3,
    VendorStatus.SUBMITTED: 5,
    VendorStatus.REVISION_REQUESTED: 3,
    VendorStatus.REJECTED: 2,
    VendorStatus.SUSPENDED: 2,
    VendorStatus.BANNED: 1,
}
# Larger scales: shares of the non-verified states (the rest are verified).
STATE_SHARES = {
    VendorStatus.DRAFT: 0.010,
    VendorStatus.SUBMITTED: 0.015,
    VendorStatus.REVISION_REQUESTED: 0.005,
    VendorStatus.REJECTED: 0.005,
    VendorStatus.SUSPENDED: 0.003,
    VendorStatus.BANNED: 0.002,
}
TRAINED_SHARE = 500 / 2_448  # ~500 of the 2.448 vendors of March 2022 were trained
ASSISTED_SHARE = 0.08  # registered by a pendamping
# (username, kind, region, status): fixed accounts for the verification demo.
FEATURED: list[tuple[str, str, str, str]] = [
    ("penyedia.draf", VendorKind.PERORANGAN, "33.25", VendorStatus.DRAFT),
    ("penyedia.diajukan", VendorKind.PERORANGAN, "33.25", VendorStatus.SUBMITTED),
    ("penyedia.revisi", VendorKind.BADAN_USAHA, "33.25", VendorStatus.REVISION_REQUESTED),
    ("penyedia.kendal", VendorKind.BADAN_USAHA, "33.24", VendorStatus.SUBMITTED),
]
# Path of moves from DRAFT to each status (for the history rows).
PATHS: dict[str, list[str]] = {
    VendorStatus.DRAFT: [],
    VendorStatus.SUBMITTED: [VendorStatus.SUBMITTED],
    VendorStatus.REVISION_REQUESTED: [VendorStatus.SUBMITTED, VendorStatus.REVISION_REQUESTED],
    VendorStatus.REJECTED: [VendorStatus.SUBMITTED, VendorStatus.REJECTED],
    VendorStatus.VERIFIED: [VendorStatus.SUBMITTED, VendorStatus.VERIFIED],
    VendorStatus.SUSPENDED: [VendorStatus.SUBMITTED, VendorStatus.VERIFIED, VendorStatus.SUSPENDED],
    VendorStatus.BANNED: [VendorStatus.SUBMITTED, VendorStatus.VERIFIED, VendorStatus.BANNED],
}

BUSINESS_WORDS = [
    "Sumber Rejeki", "Makmur Jaya", "Berkah Abadi", "Sinar Mulia", "Karya Mandiri",
    "Maju Bersama", "Tunas Harapan", "Sido Makmur", "Mitra Usaha", "Cahaya Baru",
    "Sentosa", "Barokah", "Rejeki Lancar", "Anugerah", "Sejahtera", "Langgeng",
    "Mulya Abadi", "Putra Jaya", "Dwi Karya", "Tri Tunggal", "Surya Kencana",
    "Gemilang", "Harapan Kita", "Bina Usaha", "Restu Ibu", "Mekar Sari",
]  # fmt: skip
LEGAL_FORMS = [
    (LegalForm.CV, 45), (LegalForm.UD, 20), (LegalForm.PT, 10), (LegalForm.PT_PERORANGAN, 10),
    (LegalForm.KOPERASI, 8), (LegalForm.FIRMA, 4), (LegalForm.BUMDES, 3),
]  # fmt: skip
POSITIONS: dict[str, str] = {
    LegalForm.KOPERASI: "Ketua",
    LegalForm.UD: "Pemilik",
    LegalForm.FIRMA: "Sekutu",
}
BANKS = ["Bank Jateng", "BRI", "BNI", "Bank Mandiri", "BCA", "BSI", "BPR BKK"]
TRAINING_TOPICS = [
    "Cara mengunggah produk ke Blangkon",
    "Menentukan harga sudah termasuk pajak",
    "Foto produk dengan ponsel",
    "Melayani pesanan OPD dan membuat BAST",
]


@dataclass
class _Spec:
    kind: str
    region: str
    status: str
    username: str
    featured: bool = False
    organisation: Organisation | None = None
    owner: User | None = None
    vendor: Vendor | None = None
    extra: dict[str, object] = field(default_factory=dict)


def seed_vendors(ctx: SeedContext) -> None:
    rng = ctx.rng_for("vendors")
    reference = REFERENCE_DAY.get(ctx.scale_name, timezone.localdate())
    regions = [code for code, _ in ctx.scale.joining()]
    specs = _plan(ctx, rng, regions)
    officials = _officials(regions)
    _create_organisations(specs, rng)
    _create_owners(ctx, specs, rng, reference)
    identities = _Identities(rng)
    vendors = _create_vendors(specs, rng, identities, officials, reference)
    documents = seed_vendor_documents(vendors)
    changes = _create_history(specs, officials, reference)
    certificates = _create_certificates(vendors, rng, reference)
    trained = _create_training(ctx, vendors, rng, officials, reference)
    ctx.stdout.write(
        f"  {len(vendors):,} vendors ({sum(v.kind == VendorKind.PERORANGAN for v in vendors):,} "
        f"perorangan), {documents:,} documents, {changes:,} status changes, "
        f"{certificates:,} certificates, "
        f"{trained:,} trained"
    )


def _plan(ctx: SeedContext, rng: random.Random, regions: list[str]) -> list[_Spec]:
    """One spec per vendor: kind, domicile, status and the owner's username."""
    total = ctx.scale.vendors
    counts = SMALL_STATES if ctx.scale_name == "small" else {
        status: round(total * share) for status, share in STATE_SHARES.items()
    }  # fmt: skip
    featured = [f for f in FEATURED if f[2] in regions]
    statuses: list[str] = []
    for status, count in counts.items():
        statuses += [status] * max(0, count - sum(f[3] == status for f in featured))
    # The demo CV is one of the badan usaha.
    kinds: list[str] = [VendorKind.PERORANGAN] * ctx.scale.vendors_perorangan
    kinds += [VendorKind.BADAN_USAHA] * (ctx.scale.vendors_badan_usaha - 1)
    for _username, kind, _region, _status in featured:
        kinds.remove(kind)
    statuses += [VendorStatus.VERIFIED] * (len(kinds) - len(statuses))
    rng.shuffle(statuses)
    specs = [_Spec(VendorKind.BADAN_USAHA, "33.25", VendorStatus.VERIFIED, "pemilik.vendor")]
    specs += [_Spec(kind, region, status, username, featured=True)
              for username, kind, region, status in featured]  # fmt: skip
    for number, (kind, state) in enumerate(zip(kinds, statuses, strict=True), start=1):
        specs.append(_Spec(kind, rng.choice(regions), state, f"penyedia{number:05d}"))
    return specs


def _officials(regions: list[str]) -> dict[tuple[str, str], User]:
    """The kab/kota admin and pendamping of each joined region, by (role, region)."""
    users = User.objects.filter(
        role__in=(Role.KAB_KOTA_ADMIN, Role.PENDAMPING), organisation__region_id__in=regions
    ).select_related("organisation")
    found: dict[tuple[str, str], User] = {}
    for user in users.order_by("id"):
        assert user.organisation is not None
        found.setdefault((user.role, user.organisation.region_id), user)
    return found


def _lines_for(specs: list[_Spec], rng: random.Random) -> list[Line]:
    """A line per spec (after the demo CV). The first verified vendors take
    every line once, so even the small scale lists products of each line;
    the others draw by the lines' weights."""
    weights = [line.weight for line in LINES]
    verified = (n for n, spec in enumerate(specs) if spec.status == VendorStatus.VERIFIED)
    first = dict(zip(verified, LINES, strict=False))
    return [first.get(n) or rng.choices(LINES, weights=weights)[0] for n in range(len(specs))]


def _business_name(
    rng: random.Random, spec: _Spec, legal_form: str, owner_first: str, line: Line
) -> str:
    trade = rng.choice(line.trades)
    if spec.kind == VendorKind.PERORANGAN:
        honorific = "Bu" if spec.extra.get("female") else "Pak"
        if rng.random() < 0.6:
            return f"{trade} {honorific} {owner_first}"
        return f"{trade} {rng.choice(BUSINESS_WORDS)}"
    words = rng.choice(BUSINESS_WORDS)
    if legal_form == LegalForm.BUMDES:
        return f"BUMDes {trade} {words}"
    if legal_form == LegalForm.KOPERASI:
        return f"Koperasi {trade} {words}"
    label = dict(LegalForm.choices)[legal_form]
    return f"{label} {trade} {words}"


def _create_organisations(specs: list[_Spec], rng: random.Random) -> None:
    demo = Organisation.objects.get(kind=OrganisationKind.VENDOR, name=DEMO_VENDOR_NAME)
    specs[0].organisation = demo
    specs[0].extra.update(legal_form=LegalForm.CV, person="Budi Santoso", female=False)
    taken = {DEMO_VENDOR_NAME}
    new: list[Organisation] = []
    for spec, line in zip(specs[1:], _lines_for(specs[1:], rng), strict=True):
        person = random_person(rng)
        legal_form = ""
        if spec.kind == VendorKind.BADAN_USAHA:
            forms, weights = zip(*LEGAL_FORMS, strict=True)
            legal_form = rng.choices(forms, weights=weights)[0]
        spec.extra.update(
            legal_form=legal_form,
            person=f"{person.first_name} {person.last_name}",
            female=person.female,
        )
        name = _business_name(rng, spec, legal_form, person.first_name, line)
        if name in taken:
            region_name = REGION_NAMES[spec.region].split(" ", 1)[1]
            name = f"{name} {region_name}"
        suffix = 2
        base = name
        while name in taken:
            name, suffix = f"{base} {suffix}", suffix + 1
        taken.add(name)
        spec.organisation = Organisation(
            kind=OrganisationKind.VENDOR, name=name, region_id=spec.region
        )
        new.append(spec.organisation)
    Organisation.objects.bulk_create(new, batch_size=BATCH)


def _create_owners(
    ctx: SeedContext, specs: list[_Spec], rng: random.Random, reference: datetime.date
) -> None:
    existing = User.objects.filter(username="pemilik.vendor").first()
    specs[0].owner = existing
    owners: list[User] = []
    for spec in specs[1:]:
        first, _sep, last = str(spec.extra["person"]).partition(" ")
        assert spec.organisation is not None
        spec.owner = User(
            username=spec.username,
            first_name=first,
            last_name=last,
            email=f"{spec.username}@{EMAIL_DOMAIN}",
            password=ctx.password_hash,
            role=Role.VENDOR_OWNER,
            organisation=spec.organisation,
            phone=random_mobile(rng),
            date_joined=_moment(reference, -rng.randint(30, 700), rng),
        )
        owners.append(spec.owner)
        if spec.featured:
            ctx.accounts.append(
                DemoAccount(spec.username, str(Role.VENDOR_OWNER.label), spec.organisation.name)
            )
    User.objects.bulk_create(owners, batch_size=BATCH)


def _moment(day: datetime.date, offset_days: int, rng: random.Random) -> datetime.datetime:
    when = datetime.datetime.combine(day + datetime.timedelta(days=offset_days), datetime.time(8))
    return timezone.make_aware(when + datetime.timedelta(minutes=rng.randint(0, 540)))


class _Identities:
    """Unique, valid-format NIK, NPWP, NIB and account numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def _unique(self, make: "Iterator[str]") -> str:
        for value in make:
            if value not in self.taken:
                self.taken.add(value)
                return value
        raise AssertionError("unreachable")  # pragma: no cover

    def nik(self, region: str, female: bool) -> str:
        def candidates() -> Iterator[str]:
            while True:
                born = datetime.date(1960, 1, 1) + datetime.timedelta(
                    days=self.rng.randrange(42 * 365)
                )
                day = born.day + (40 if female else 0)
                kecamatan = self.rng.randint(1, 20)
                serial = self.rng.randint(1, 9999)
                yield (
                    f"{region.replace('.', '')}{kecamatan:02d}"
                    f"{day:02d}{born:%m}{born:%y}{serial:04d}"
                )

        return self._unique(candidates())

    def digits(self, count: int, prefix: str = "") -> str:
        def candidates() -> Iterator[str]:
            while True:
                body = "".join(str(self.rng.randrange(10)) for _ in range(count - len(prefix)))
                yield prefix + body

        return self._unique(candidates())


def _create_vendors(
    specs: list[_Spec],
    rng: random.Random,
    identities: _Identities,
    officials: dict[tuple[str, str], User],
    reference: datetime.date,
) -> list[Vendor]:
    vendors: list[Vendor] = []
    for spec in specs:
        vendor = _vendor(spec, rng, identities, officials, reference)
        spec.vendor = vendor
        vendors.append(vendor)
    _add_duplicates(specs)
    Vendor.objects.bulk_create(vendors, batch_size=BATCH)
    return vendors


def _vendor(
    spec: _Spec,
    rng: random.Random,
    identities: _Identities,
    officials: dict[tuple[str, str], User],
    reference: datetime.date,
) -> Vendor:
    assert spec.organisation is not None
    badan_usaha = spec.kind == VendorKind.BADAN_USAHA
    female = bool(spec.extra["female"])
    person = str(spec.extra["person"])
    legal_form = str(spec.extra["legal_form"])
    capital, annual_sales = _capital_and_sales(rng, badan_usaha)
    holder = spec.organisation.name if badan_usaha else person
    mismatch = rng.random() < 0.03
    if mismatch:
        other = random_person(rng)
        holder = f"{other.first_name} {other.last_name}"
    postal_codes = names.POSTAL_CODES.get(spec.region) or ["50000"]
    path = PATHS[spec.status]
    submitted = _moment(reference, -rng.randint(20, 600), rng) if path else None
    verified = None
    if VendorStatus.VERIFIED in path and submitted is not None:
        verified = submitted + datetime.timedelta(days=rng.randint(1, 14))
    pendamping = officials.get((Role.PENDAMPING, spec.region))
    assisted = pendamping is not None and not spec.featured and rng.random() < ASSISTED_SHARE
    return Vendor(
        organisation=spec.organisation,
        kind=spec.kind,
        legal_form=legal_form,
        person_name=person,
        person_position=POSITIONS.get(legal_form, "Direktur") if badan_usaha else "",
        nik=identities.nik(spec.region, female),
        npwp=identities.digits(16, "0") if badan_usaha or rng.random() < 0.2 else "",
        nib=identities.digits(13, "9") if badan_usaha or rng.random() < 0.6 else "",
        akta_number=str(rng.randint(1, 250)) if badan_usaha else "",
        akta_date=reference - datetime.timedelta(days=rng.randint(400, 7000))
        if badan_usaha
        else None,
        street=f"{rng.choice(names.STREETS)} No. {rng.randint(1, 200)}",
        postal_code=rng.choice(postal_codes),
        phone=random_mobile(rng),
        email=f"{spec.username}@{EMAIL_DOMAIN}",
        is_pkp=rng.random() < (0.25 if badan_usaha else 0.02),
        declared_capital=capital,
        declared_annual_sales=annual_sales,
        scale=umkm_scale(capital=capital, annual_sales=annual_sales),
        bank_name=rng.choice(BANKS),
        bank_account_number=identities.digits(rng.randint(10, 15)),
        bank_account_holder=holder,
        bank_holder_mismatch=mismatch,
        status=spec.status,
        status_reason=_status_reason(spec.status),
        fields_to_fix=["bank_account_number", "document_bank_book"]
        if spec.status == VendorStatus.REVISION_REQUESTED
        else [],
        sanction_reason=_sanction_reason(rng, spec.status),
        sanction_until=_sanction_until(rng, spec.status),
        submitted_at=submitted,
        verified_at=verified,
        registered_by=pendamping if assisted else None,
        # An assisted draft may still wait for its owner; everyone else has confirmed.
        owner_confirmed_at=None if assisted and not path else _moment(reference, -700, rng),
    )


def _capital_and_sales(rng: random.Random, badan_usaha: bool) -> tuple[int, int]:
    """Declared capital and annual sales in whole rupiah, both within the
    limits of one scale (vendors/scale.py), so the figures a verifier reads
    agree with the scale shown: mostly mikro, some kecil and menengah."""
    roll = rng.random()
    band = 0 if not badan_usaha or roll < 0.5 else 1 if roll < 0.85 else 2
    return _amount_in(rng, CAPITAL_LIMITS, band), _amount_in(rng, ANNUAL_SALES_LIMITS, band)


def _amount_in(rng: random.Random, limits: list[tuple[int, str]], band: int) -> int:
    """Whole millions above the band's lower limit, up to its upper limit."""
    low = limits[band - 1][0] if band else 4 * JUTA
    return rng.randint(low // JUTA + 1, limits[band][0] // JUTA) * JUTA


def _status_reason(status: str) -> str:
    reasons: dict[str, str] = {
        VendorStatus.REVISION_REQUESTED: "Foto buku tabungan tidak terbaca; unggah ulang.",
        VendorStatus.REJECTED: "NIB tidak terdaftar di OSS.",
        VendorStatus.SUSPENDED: "Pesanan tidak dikirim sesuai BAST.",
        VendorStatus.BANNED: "Masuk Daftar Hitam Nasional.",
    }
    return reasons.get(status, "")


def _sanction_reason(rng: random.Random, status: str) -> str:
    if status == VendorStatus.SUSPENDED:
        return SanctionReason.NON_DELIVERY
    if status == VendorStatus.BANNED:
        return SanctionReason.BLACKLIST
    return ""


def _sanction_until(rng: random.Random, status: str) -> datetime.date | None:
    # Relative to the real today, so the daily job does not lift them at once.
    today = timezone.localdate()
    if status == VendorStatus.SUSPENDED:
        return today + datetime.timedelta(days=rng.randint(30, 180))
    if status == VendorStatus.BANNED:
        return today + datetime.timedelta(days=730) if rng.random() < 0.5 else None
    return None


def _add_duplicates(specs: list[_Spec]) -> None:
    """The submitted Batang demo vendor shares its bank account with a verified
    vendor, so the verifier sees a duplicate and the mismatch flag."""
    featured = next((s for s in specs if s.username == "penyedia.diajukan"), None)
    donor = next(
        (s for s in specs[1:] if s.status == VendorStatus.VERIFIED and not s.featured), None
    )
    if featured is None or donor is None:
        return
    assert featured.vendor is not None
    assert donor.vendor is not None
    featured.vendor.bank_account_number = donor.vendor.bank_account_number
    featured.vendor.bank_account_holder = donor.vendor.bank_account_holder
    featured.vendor.bank_holder_mismatch = True


def _create_history(
    specs: list[_Spec], officials: dict[tuple[str, str], User], reference: datetime.date
) -> int:
    changes: list[VendorStatusChange] = []
    for spec in specs:
        assert spec.vendor is not None
        previous: str = VendorStatus.DRAFT
        for target in PATHS[spec.status]:
            actor = spec.owner if target == VendorStatus.SUBMITTED else officials.get(
                (Role.KAB_KOTA_ADMIN, spec.region)
            )  # fmt: skip
            changes.append(
                VendorStatusChange(
                    vendor=spec.vendor,
                    from_status=previous,
                    to_status=target,
                    actor=actor,
                    reason=spec.vendor.status_reason if target == spec.status else "",
                    details={"fields_to_fix": spec.vendor.fields_to_fix}
                    if target == VendorStatus.REVISION_REQUESTED
                    else {},
                )
            )
            previous = target
    VendorStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    # `at` is stamped at the insert: dated afterwards, so the history agrees
    # with the vendor's own dates (a storefront's "verified since").
    now = timezone.now()
    for change in changes:
        change.at = _moved_at(change.vendor, change.to_status, now)
    VendorStatusChange.objects.bulk_update(changes, ["at"], batch_size=BATCH)
    return len(changes)


def _moved_at(vendor: Vendor, status: str, now: datetime.datetime) -> datetime.datetime:
    """When a seeded vendor made its move into `status`: submitted and
    verified at the vendor's own dates; a verifier's other decision three
    days after the submission, a sanction halfway from the verification to now."""
    submitted = vendor.submitted_at or now
    if status == VendorStatus.SUBMITTED:
        return submitted
    if status == VendorStatus.VERIFIED:
        return vendor.verified_at or submitted
    if status in (VendorStatus.SUSPENDED, VendorStatus.BANNED):
        verified = vendor.verified_at or submitted
        return verified + (now - verified) / 2
    return min(submitted + datetime.timedelta(days=3), now)


def _create_certificates(
    vendors: list[Vendor], rng: random.Random, reference: datetime.date
) -> int:
    """SPPKP for every PKP vendor; PP 55, halal and PIRT for some."""
    today = timezone.localdate()
    certificates: list[VendorCertificate] = []
    for vendor in vendors:
        kinds = [CertificateKind.PKP] if vendor.is_pkp else []
        kinds += [
            kind
            for kind, share in (
                (CertificateKind.PP55, 0.3),
                (CertificateKind.HALAL, 0.15),
                (CertificateKind.PIRT, 0.2),
            )
            if rng.random() < share
        ]
        for kind in kinds:
            expires = None if kind == CertificateKind.PKP else today + datetime.timedelta(
                days=rng.randint(60, 1500)
            )  # fmt: skip
            certificates.append(
                VendorCertificate(
                    vendor=vendor,
                    kind=kind,
                    number=f"{kind.upper()}-{vendor.nik[:4]}-{rng.randint(1, 99999):05d}",
                    expires_on=expires,
                )
            )
    VendorCertificate.objects.bulk_create(certificates, batch_size=BATCH)
    return len(certificates)


def _create_training(
    ctx: SeedContext,
    vendors: list[Vendor],
    rng: random.Random,
    officials: dict[tuple[str, str], User],
    reference: datetime.date,
) -> int:
    """Training events per kab/kota; about TRAINED_SHARE of verified vendors attended."""
    verified = [v for v in vendors if v.status == VendorStatus.VERIFIED]
    target = round(ctx.scale.vendors * TRAINED_SHARE)
    attendees = rng.sample(verified, min(target, len(verified)))
    by_region: dict[str, list[Vendor]] = {}
    for vendor in attendees:
        by_region.setdefault(vendor.organisation.region_id, []).append(vendor)
    pemdas = {
        p.region_id: p
        for p in Organisation.objects.filter(
            kind=OrganisationKind.PEMDA, region_id__in=list(by_region)
        )
    }
    through = TrainingEvent.attendees.through
    links = []
    for region, group in sorted(by_region.items()):
        count = max(1, len(group) // 25)
        events = TrainingEvent.objects.bulk_create(
            TrainingEvent(
                pemda=pemdas[region],
                held_on=reference - datetime.timedelta(days=rng.randint(10, 300)),
                place=f"Aula Dinas Koperasi dan UKM {REGION_NAMES[region]}",
                topic=TRAINING_TOPICS[n % len(TRAINING_TOPICS)],
                created_by=officials.get((Role.KAB_KOTA_ADMIN, region)),
            )
            for n in range(count)
        )
        links += [
            through(trainingevent_id=events[i % count].pk, vendor_id=vendor.pk)
            for i, vendor in enumerate(group)
        ]
    through.objects.bulk_create(links, batch_size=BATCH)
    return len(links)
