"""The actors and the objects the access matrix is probed with.

Built on the root conftest's `world` (Batang and Kendal, an OPD in each, one
user of every role) and the apps' test factories. Every kind of object a path
parameter can name exists twice, once per side: Batang's (vendor A, CV Sumber
Rejeki, owned by `pemilik.vendor` and registered by `pendamping.batang`) and
Kendal's (vendor B, UD Kendal Makmur, owned by `pemilik.kendal`). So each route
is called with the actor's own object and with the other side's.

The people get distinctive names, NIKs, NPWPs, NIPs and bank account numbers:
`Estate.secrets` lists them, and the matrix checks that none reaches a response
it must not (see `may_see`).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from blangkon.accounts.models import ApiToken, DeliveryAddress, Organisation, User
from blangkon.accounts.roles import Role
from blangkon.accounts.services import api_token_issue, delivery_address_add
from blangkon.catalog import services as catalog_services
from blangkon.catalog.bulk.sample import sample_rows
from blangkon.catalog.models import BulkUpload, Product, ProductImage
from blangkon.catalog.status import BulkUploadStatus, ProductStatus
from blangkon.catalog.tests.factories import Market, atk_input, make_product
from blangkon.documents.models import DocumentKind, StoredFile
from blangkon.documents.services import stored_file_create
from blangkon.documents.tests import samples
from blangkon.documents.tests.factories import document_for
from blangkon.inaproc.models import Satker
from blangkon.notifications.models import Notification
from blangkon.notifications.services import notify
from blangkon.orders.models import CartLine, Order
from blangkon.orders.order_services import checkout
from blangkon.orders.services import cart_add
from blangkon.red_flags.models import FlagChannel, FlagKind, RedFlag
from blangkon.search.models import Synonym
from blangkon.vendors.models import TrainingEvent, Vendor, VendorDocument, VendorKind
from blangkon.vendors.services.registration import owner_confirmation_token
from blangkon.vendors.status import VendorStatus
from blangkon.vendors.tests.factories import make_vendor
from conftest import World, make_user
from tests.security.access_matrix import GROUP_OF_ROLE

SIDES = ("batang", "kendal")
OTHER_SIDE = {"batang": "kendal", "kendal": "batang"}

# Every actor: username (or "anonymous"), group in the access table, home side.
# Province-wide actors and anonymous visitors have no side of their own:
# Batang's objects count as their "own".
ACTORS: tuple[tuple[str, str, str], ...] = (
    ("anonymous", "anonymous", "batang"),
    ("pp.batang", "buyer", "batang"),
    ("ppk.batang", "ppk", "batang"),
    ("bendahara.batang", "opd", "batang"),
    ("admin.opd.batang", "opd_admin", "batang"),
    ("pp.kendal", "buyer", "kendal"),
    ("ppk.kendal", "ppk", "kendal"),
    ("bendahara.kendal", "opd", "kendal"),
    ("admin.opd.kendal", "opd_admin", "kendal"),
    ("admin.batang", "kab_admin", "batang"),
    ("admin.kendal", "kab_admin", "kendal"),
    ("admin.provinsi", "province_admin", "batang"),
    ("auditor.provinsi", "auditor", "batang"),
    ("pemilik.vendor", "vendor_owner", "batang"),
    ("staf.vendor", "vendor_staff", "batang"),
    ("pemilik.kendal", "vendor_owner", "kendal"),
    ("pendamping.batang", "pendamping", "batang"),
)
# Each OPD's delivery address (label, street): the OPD's own, and its
# kab/kota admin's to read; the label is also in the audit row of its adding.
# The side's vendor reads it too, but only on an order the PPK signed (the
# Surat Pesanan tells it where to deliver): the order pages hide it before.
ADDRESSES = {
    "batang": ("Gudang Sekretariat Blok Q7", "Jl. Sutan Syahrir Gg. Melati 17"),
    "kendal": ("Gudang Dinkes Blok R4", "Jl. Soekarno-Hatta Gg. Kenanga 42"),
}
ADDRESS_READERS = frozenset(
    {"buyer", "opd", "ppk", "opd_admin", "kab_admin", "vendor_owner", "vendor_staff"}
)
# Products are named "Ballpoint A DRAFT", "Ballpoint B LIVE"...; these are not public.
UNPUBLISHED_NAMES = ("DRAFT", "SUBMITTED", "WAITING")
PROVINCE_WIDE = frozenset({"province_admin", "auditor"})

# Full name and NIP of every persona (officials' names are personal data).
PEOPLE = {
    "pp.batang": ("Wulan Prameswari", "198703152010012001"),
    "ppk.batang": ("Gatot Subiyakto", "197511022003121002"),
    "bendahara.batang": ("Endang Lestyorini", "198209172008012003"),
    "admin.opd.batang": ("Yudhistira Kusumo", "198812062014021004"),
    "admin.batang": ("Sekar Palupi", "197904252006042005"),
    "pendamping.batang": ("Darmaji Sugondo", ""),
    "pemilik.vendor": ("Hartono Wiryawan", ""),
    "staf.vendor": ("Ratih Kinanti", ""),
    "pp.kendal": ("Bagus Tirtayasa", "199001112015031006"),
    "ppk.kendal": ("Larasati Wibisono", "197707302002122007"),
    "bendahara.kendal": ("Suryo Pranoto", "198505142009011008"),
    "admin.opd.kendal": ("Kinasih Anggraeni", "198612282011012009"),
    "admin.kendal": ("Tumenggung Wirabumi", "197302192001121010"),
    "pemilik.kendal": ("Sulastri Mangunkusumo", ""),
    "admin.provinsi": ("Pramono Adiwijaya", "196810101994031011"),
    "auditor.provinsi": ("Rukmini Setyowati", "197112121997032012"),
}
SIDE_OF_PERSON = {name: side for name, _group, side in ACTORS} | {
    "admin.provinsi": "province",
    "auditor.provinsi": "province",
}
# The vendors' registration data: personal, shown only to the vendor, the
# pendamping who registered it, and the officials who verify it.
VENDOR_IDENTITY = {
    "batang": {
        "nik": "3325011205850003",
        "npwp": "0815230947120000",
        "bank_account_number": "7130041829",
        "phone": "081327450011",
        "person_name": "Hartono Wiryawan",
        "bank_account_holder": "HARTONO WIRYAWAN",
    },
    "kendal": {
        "nik": "3324014506800002",
        "npwp": "0927364518240000",
        "bank_account_number": "7240058316",
        "phone": "081327450022",
        "person_name": "Sulastri Mangunkusumo",
        "bank_account_holder": "SULASTRI MANGUNKUSUMO",
    },
}


@dataclass(frozen=True)
class Actor:
    name: str
    group: str
    side: str
    user: User | None

    @property
    def province_wide(self) -> bool:
        return self.group in PROVINCE_WIDE


@dataclass(frozen=True)
class Secret:
    value: str
    side: str  # batang, kendal or province
    what: str
    # The groups of its own side who may see it; None: anyone of its side.
    readers: frozenset[str] | None = None


# A vendor's registration: the vendor, the pendamping who registered it, its verifiers.
IDENTITY_READERS = frozenset({"vendor_owner", "vendor_staff", "pendamping", "kab_admin"})
# A listing not yet (or not in this form) published: the vendor and its curators.
LISTING_READERS = frozenset({"vendor_owner", "vendor_staff", "kab_admin"})


@dataclass
class Side:
    """One side's objects: what "own" or "other" path parameters name."""

    name: str
    pemda: Organisation
    opd: Organisation
    vendor: Vendor
    member: User  # an OPD member to deactivate
    token: ApiToken  # the member's API token
    products: dict[str, Product]  # draft, submitted, live, changed
    image: ProductImage  # on the draft product
    upload: BulkUpload  # with an error report
    document: StoredFile  # the vendor's KTP
    event: TrainingEvent
    cart_line: CartLine  # in the cart of the side's PP (`member`)
    notification: Notification  # to the side's vendor owner
    order: Order  # a draft of the side's PP with the side's vendor
    satker: Satker  # an INAPROC work unit of the side's pemda, not yet mapped to an OPD
    red_flag: RedFlag  # an indicator on the side's OPD and vendor
    # Orders moved to a status for the routes that need one (tests/security/order_states.py).
    orders_in: dict[str, Order] = field(default_factory=dict)


@dataclass
class Estate:
    world: World
    sides: dict[str, Side]
    actors: list[Actor]
    synonym: Synonym
    owner_link_token: str  # confirms vendor C, registered for its owner by a pendamping
    secrets: list[Secret] = field(default_factory=list)

    def side_for(self, actor: Actor, ownership: str) -> Side:
        if ownership == "other":
            return self.sides[OTHER_SIDE[actor.side]]
        return self.sides[actor.side]


def may_see(actor: Actor, secret: Secret) -> bool:
    """Whether personal data may reach this actor at all (what the routes let
    each actor read is the table's business; this is the floor under it)."""
    if actor.user is None:
        return False
    if actor.province_wide or secret.side == "province":
        return True
    if secret.side != actor.side:
        return False
    return secret.readers is None or actor.group in secret.readers


def _people(world: World) -> None:
    for username in ("ppk.kendal", "bendahara.kendal"):
        role = Role.PPK if username.startswith("ppk") else Role.BENDAHARA
        world.users[username] = make_user(username, role, world.opd_kendal)
    for username, (full_name, nip) in PEOPLE.items():
        first, last = full_name.split(" ", 1)
        User.objects.filter(username=username).update(first_name=first, last_name=last, nip=nip)
        world.users[username] = User.objects.get(username=username)


def _vendors(world: World) -> tuple[Vendor, Vendor]:
    now = timezone.now()
    kendal_org = Organisation.objects.create(
        kind="vendor", name="UD Kendal Makmur", region_id="33.24"
    )
    world.users["pemilik.kendal"] = make_user("pemilik.kendal", Role.VENDOR_OWNER, kendal_org)
    common: dict[str, Any] = {
        "kind": VendorKind.BADAN_USAHA,
        "status": VendorStatus.VERIFIED,
        "verified_at": now,
    }
    vendor_a = make_vendor(
        organisation=world.vendor,
        registered_by=world.user("pendamping.batang"),
        owner_confirmed_at=now,
        is_pkp=True,
        **common,
        **VENDOR_IDENTITY["batang"],
    )
    vendor_b = make_vendor(organisation=kendal_org, **common, **VENDOR_IDENTITY["kendal"])
    return vendor_a, vendor_b


def _products(market: Market, vendor: Vendor, owner: User) -> dict[str, Product]:
    tag = "A" if vendor == market.batang_vendor else "B"

    def product(status: str, sku: str) -> Product:
        data = atk_input(sku=f"{tag}-{sku}", name=f"Ballpoint {tag} {sku}")
        return make_product(market, status, vendor=vendor, data=data)

    products = {
        "draft": product(ProductStatus.DRAFT, "DRAFT"),
        "submitted": product(ProductStatus.SUBMITTED, "SUBMITTED"),
        "live": product(ProductStatus.TAYANG, "LIVE"),
        "changed": product(ProductStatus.TAYANG, "CHANGED"),
    }
    # A live product's edit waits for a curator as a change request; until
    # then buyers see the approved name, never the waiting one.
    catalog_services.product_update(
        actor=owner,
        product_id=products["changed"].pk,
        data=atk_input(sku=f"{tag}-CHANGED", name=f"Ballpoint {tag} WAITING"),
    )
    return products


def _upload(vendor: Vendor, owner: User) -> BulkUpload:
    def xlsx(name: str) -> StoredFile:
        return stored_file_create(
            actor=owner,
            owner=vendor.organisation,
            kind=DocumentKind.BULK_UPLOAD,
            upload=samples.upload(name, sample_rows(1).content),
        )

    return BulkUpload.objects.create(
        vendor=vendor,
        uploaded_by=owner,
        file=xlsx("produk.xlsx"),
        error_report=xlsx("kesalahan.xlsx"),
        status=BulkUploadStatus.DONE,
        total_rows=1,
        processed_rows=1,
        failed_count=1,
        finished_at=timezone.now(),
    )


def _side(world: World, market: Market, name: str, vendor: Vendor, owner: User) -> Side:
    pemda, opd = (
        (world.batang, world.opd_batang) if name == "batang" else (world.kendal, world.opd_kendal)
    )
    products = _products(market, vendor, owner)
    image = catalog_services.product_image_add(
        actor=owner,
        product_id=products["draft"].pk,
        upload=samples.upload("foto.png", samples.png((400, 300))),
    )
    label, street = ADDRESSES[name]
    delivery_address_add(
        actor=world.user(f"admin.opd.{name}"),
        opd_id=opd.pk,
        label=label,
        street=street,
        kab_kota_code=pemda.region_id,
        postal_code="51211",
    )
    document = document_for(vendor.organisation, uploader=owner, kind="ktp")
    VendorDocument.objects.create(vendor=vendor, file=document)
    event = TrainingEvent.objects.create(
        pemda=pemda,
        held_on=datetime.date(2026, 2, 10),
        place=f"Aula {pemda.name}",
        topic="Mengunggah produk",
        created_by=world.user(f"admin.{name}"),
    )
    event.attendees.add(vendor)
    order = _draft_order(world.user(f"pp.{name}"), products["live"], opd)
    cart_line = cart_add(user=world.user(f"pp.{name}"), product_id=products["live"].pk, quantity=2)
    (notification,) = notify(
        recipients=[owner],
        code="product.revision_requested",
        params={"product": products["live"].name},
        url=f"/produk/saya/{products['draft'].pk}/",
    )
    return Side(
        name=name,
        pemda=pemda,
        opd=opd,
        vendor=vendor,
        member=world.user(f"pp.{name}"),
        # A vendor owner's: the only actor of its group on the side, so "own" is theirs.
        token=api_token_issue(user=owner)[0],
        products=products,
        image=image,
        upload=_upload(vendor, owner),
        document=document,
        event=event,
        cart_line=cart_line,
        notification=notification,
        order=order,
        satker=Satker.objects.create(
            kd_klpd=f"D{pemda.region_id}",
            jenis_instansi="KABUPATEN",
            nama_instansi=pemda.name,
            kd_satker_str=f"{pemda.region_id}.1",
            nama_satker="BADAN PERENCANAAN PEMBANGUNAN DAERAH",
            region_id=pemda.region_id,
        ),
        red_flag=_red_flag(opd, vendor),
    )


def _red_flag(opd: Organisation, vendor: Vendor) -> RedFlag:
    """An open near-ceiling indicator on the side's OPD and vendor (its
    figures only: the detectors are tested in red_flags/)."""
    now = timezone.now()
    return RedFlag.objects.create(
        kind=FlagKind.NEAR_CEILING,
        channel=FlagChannel.BLANGKON,
        key=f"near_ceiling:blangkon:estate-{opd.pk}",
        opd=opd,
        region_id=opd.region_id,
        vendor=vendor,
        value=46_000_000,
        evidence={"orders": [], "ceiling": 50_000_000, "percent": "92.0", "band": [90, 100]},
        first_raised_at=now,
        last_seen_at=now,
    )


def _assisted_vendor(world: World) -> str:
    """Vendor C: registered by the pendamping, its owner not yet confirmed."""
    vendor = make_vendor(
        name="Warung Bu Tini", registered_by=world.user("pendamping.batang"), owner="pemilik.tini"
    )
    owner = User.objects.get(username="pemilik.tini")
    return owner_confirmation_token(vendor.pk, owner.pk)


def _secrets() -> list[Secret]:
    secrets = []
    for username, (full_name, nip) in PEOPLE.items():
        side = SIDE_OF_PERSON[username]
        secrets.append(Secret(full_name, side, f"name of {username}"))
        if nip:
            secrets.append(Secret(nip, side, f"NIP of {username}"))
    for side, identity in VENDOR_IDENTITY.items():
        for key, value in identity.items():
            secrets.append(Secret(value, side, f"{key} of {side}'s vendor", IDENTITY_READERS))
        for value in ADDRESSES[side]:
            what = f"the delivery address {value!r} of {side}'s OPD"
            secrets.append(Secret(value, side, what, ADDRESS_READERS))
        tag = "A" if side == "batang" else "B"
        for name in UNPUBLISHED_NAMES:
            what = f"the unpublished listing {name!r} of {side}'s vendor"
            secrets.append(Secret(f"Ballpoint {tag} {name}", side, what, LISTING_READERS))
    return secrets


def _actors(world: World) -> list[Actor]:
    actors = []
    for name, group, side in ACTORS:
        user = None if name == "anonymous" else world.user(name)
        assert user is None or GROUP_OF_ROLE[Role(user.role)] == group, name
        actors.append(Actor(name=name, group=group, side=side, user=user))
    return actors


def build_estate(world: World) -> Estate:
    vendor_a, vendor_b = _vendors(world)
    _people(world)
    market = Market(world, vendor_a, vendor_b)
    sides = {
        "batang": _side(world, market, "batang", vendor_a, world.user("pemilik.vendor")),
        "kendal": _side(world, market, "kendal", vendor_b, world.user("pemilik.kendal")),
    }
    return Estate(
        world=world,
        sides=sides,
        actors=_actors(world),
        synonym=Synonym.objects.create(terms=["pulpen", "bolpoin"]),
        owner_link_token=_assisted_vendor(world),
        secrets=_secrets(),
    )


def _draft_order(buyer: User, product: Product, opd: Organisation) -> Order:
    """A draft order of one unit, checked out from the buyer's cart."""
    cart_add(user=buyer, product_id=product.pk, quantity=1)
    address = DeliveryAddress.objects.filter(opd=opd).first()
    assert address is not None
    return checkout(
        user=buyer,
        vendor_id=product.vendor_id,
        delivery_address_id=address.pk,
        kode_rup="12345678",
        budget_line="5.1.02.01.01.0024",
        funding_source="APBD",
        requested_arrival=datetime.date.today() + datetime.timedelta(days=7),
    ).order
