"""Accounts of every role: fixed, memorable ones for Batang, Kendal, the province
and the demo vendor, and officials with generated names for the other OPDs."""

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.demo import names
from blangkon.demo.scales import PROVINCE_CODE
from blangkon.demo.seeders.context import DemoAccount, SeedContext
from blangkon.demo.seeders.organisations import DEMO_VENDOR_NAME

EMAIL_DOMAIN = "demo.blangkon.invalid"  # .invalid can never receive mail (RFC 2606)
JAKARTA = ZoneInfo("Asia/Jakarta")

# Kab/kota whose every account has a fixed username ("pp.batang"), so that
# permission demos can log in on both sides of a kab/kota boundary.
FEATURED_KAB_KOTA: dict[str, str] = {"33.25": "batang", "33.24": "kendal"}

# OPD roles and the username prefix of their fixed accounts.
OPD_ROLE_PREFIXES: list[tuple[Role, str]] = [
    (Role.PP, "pp"),
    (Role.PPK, "ppk"),
    (Role.BENDAHARA, "bendahara"),
    (Role.OPD_ADMIN, "admin.opd"),
]
# Pemda roles of a kab/kota; every joined kab/kota gets one of each.
KAB_KOTA_ROLE_PREFIXES: list[tuple[Role, str]] = [
    (Role.KAB_KOTA_ADMIN, "admin"),
    (Role.PENDAMPING, "pendamping"),
]
PROVINCE_ACCOUNTS: list[tuple[Role, str]] = [
    (Role.PROVINCE_ADMIN, "admin.provinsi"),
    (Role.AUDITOR, "auditor.provinsi"),
]
VENDOR_ACCOUNTS: list[tuple[Role, str]] = [
    (Role.VENDOR_OWNER, "pemilik.vendor"),
    (Role.VENDOR_STAFF, "staf.vendor"),
]
VENDOR_SINCE = datetime.date(2022, 1, 24)  # the Batang socialisation day

MOBILE_PREFIXES = ["0812", "0813", "0821", "0822", "0852", "0856", "0857", "0878", "0895"]


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    female: bool


class _Builder:
    """Collects unsaved users so they are written with one bulk_create."""

    def __init__(self, ctx: SeedContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.users: list[User] = []
        self.taken: set[str] = set()

    def add(
        self,
        *,
        role: Role,
        organisation: Organisation,
        since: datetime.date,
        username: str | None = None,
        featured: bool = False,
    ) -> None:
        person = random_person(self.rng)
        username = username or self._username_for(person)
        self.taken.add(username)
        is_official = role not in (Role.VENDOR_OWNER, Role.VENDOR_STAFF)
        self.users.append(
            User(
                username=username,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{username}@{EMAIL_DOMAIN}",
                password=self.ctx.password_hash,
                role=role,
                organisation=organisation,
                nip=random_nip(self.rng, person) if is_official else "",
                phone=random_mobile(self.rng),
                date_joined=datetime.datetime.combine(since, datetime.time(8), tzinfo=JAKARTA),
            )
        )
        if featured:
            self.ctx.accounts.append(DemoAccount(username, str(role.label), organisation.name))

    def _username_for(self, person: Person) -> str:
        base = f"{person.first_name}.{person.last_name}".lower()
        username, suffix = base, 1
        while username in self.taken:
            suffix += 1
            username = f"{base}{suffix}"
        return username


def seed_people(ctx: SeedContext) -> None:
    builder = _Builder(ctx, ctx.rng_for("people"))
    # Fixed usernames are reserved first so generated ones never take them.
    builder.taken.update(_fixed_usernames())
    for pemda in _joined_pemdas():
        _add_pemda_staff(builder, pemda)
        _add_opd_officials(builder, pemda, ctx.scale.pp_per_opd)
    _add_vendor_people(builder)
    User.objects.bulk_create(builder.users)
    ctx.stdout.write(f"  {len(builder.users)} users, {len(ctx.accounts)} of them listed below")


def _joined_pemdas() -> list[Organisation]:
    """Joined pemda, featured kab/kota first so they lead the printed account list."""
    pemdas = Organisation.objects.filter(kind=OrganisationKind.PEMDA, joined_on__isnull=False)
    featured = list(FEATURED_KAB_KOTA)

    def order(pemda: Organisation) -> tuple[int, str]:
        if pemda.region_id in featured:
            return featured.index(pemda.region_id), ""
        return len(featured), pemda.region_id

    return sorted(pemdas.select_related("region"), key=order)


def _fixed_usernames() -> set[str]:
    fixed = {username for _, username in PROVINCE_ACCOUNTS + VENDOR_ACCOUNTS}
    for slug in FEATURED_KAB_KOTA.values():
        prefixes = OPD_ROLE_PREFIXES + KAB_KOTA_ROLE_PREFIXES
        fixed.update(f"{prefix}.{slug}" for _, prefix in prefixes)
    return fixed


def _add_pemda_staff(builder: _Builder, pemda: Organisation) -> None:
    assert pemda.joined_on is not None
    if pemda.region_id == PROVINCE_CODE:
        for role, username in PROVINCE_ACCOUNTS:
            builder.add(
                role=role,
                organisation=pemda,
                since=pemda.joined_on,
                username=username,
                featured=True,
            )
        return
    slug = region_slug(pemda.region.name)
    for role, prefix in KAB_KOTA_ROLE_PREFIXES:
        builder.add(
            role=role,
            organisation=pemda,
            since=pemda.joined_on,
            username=f"{prefix}.{slug}",
            featured=pemda.region_id in FEATURED_KAB_KOTA,
        )


def _add_opd_officials(builder: _Builder, pemda: Organisation, pp_per_opd: int) -> None:
    assert pemda.joined_on is not None
    opds = list(pemda.children.order_by("id"))
    featured_slug = FEATURED_KAB_KOTA.get(pemda.region_id)
    for index, opd in enumerate(opds):
        # The first OPD (the Sekretariat Daerah) of a featured kab/kota holds
        # the fixed accounts, one per role.
        fixed = featured_slug is not None and index == 0
        for role, prefix in OPD_ROLE_PREFIXES:
            count = pp_per_opd if role == Role.PP else 1
            for n in range(count):
                username = f"{prefix}.{featured_slug}" if fixed and n == 0 else None
                builder.add(
                    role=role,
                    organisation=opd,
                    since=pemda.joined_on,
                    username=username,
                    featured=username is not None,
                )


def _add_vendor_people(builder: _Builder) -> None:
    vendor = Organisation.objects.get(kind=OrganisationKind.VENDOR, name=DEMO_VENDOR_NAME)
    for role, username in VENDOR_ACCOUNTS:
        builder.add(
            role=role, organisation=vendor, since=VENDOR_SINCE, username=username, featured=True
        )


def region_slug(region_name: str) -> str:
    """The region part of a username: "batang", "kendal", "kota.semarang".

    Kota keep their prefix because Semarang, Magelang, Pekalongan and Tegal are
    each both a kabupaten and a kota.
    """
    kind, _, name = region_name.partition(" ")
    slug = name.lower().replace(" ", "")
    return f"kota.{slug}" if kind == "Kota" else slug


def random_person(rng: random.Random) -> Person:
    female = rng.random() < 0.5
    if female:
        first, last = names.FEMALE_FIRST_NAMES, names.FEMALE_LAST_NAMES
    else:
        first, last = names.MALE_FIRST_NAMES, names.MALE_LAST_NAMES
    return Person(rng.choice(first), rng.choice(last), female)


def random_nip(rng: random.Random, person: Person) -> str:
    """An 18-digit NIP laid out like a real one.

    Birth date (8 digits), month of appointment as civil servant (6), sex (1: male,
    2: female) and a serial number (3).
    """
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(31 * 365))
    appointed_year = min(birth.year + rng.randint(22, 32), 2021)
    appointed_month = rng.randint(1, 12)
    sex = "2" if person.female else "1"
    serial = rng.randint(1, 999)
    return f"{birth:%Y%m%d}{appointed_year}{appointed_month:02d}{sex}{serial:03d}"


def random_mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
