"""Reading red flags: who may (auditors and province admins: all; a kab/kota
admin: the flags of their pemda's buyers; anyone else: none, as if the pages
did not exist), the filters, and each flag's plain-language explanation in the
reader's language (rendered from its evidence, so it follows the language).

Indicators, not accusations: every sentence says what the figures show and
that it needs a look, never that anything wrong happened.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import Role
from blangkon.core.errors import InvalidRequest, NotFound
from blangkon.core.money import format_rupiah
from blangkon.red_flags.models import FlagChannel, FlagKind, FlagStatus, RedFlag

ALL_READERS = frozenset({Role.AUDITOR, Role.PROVINCE_ADMIN})
READERS = ALL_READERS | {Role.KAB_KOTA_ADMIN}
# Who marks a flag reviewed or dismissed (ADR 0035): the auditors, whose work
# it is; admins read (a kab/kota admin would be judging their own pemda).
REVIEWERS = frozenset({Role.AUDITOR})


def may_read(user: Any) -> bool:
    return (
        isinstance(user, User)
        and user.is_active
        and user.organisation_id is not None
        and user.role in READERS
    )


def may_review(user: Any) -> bool:
    return may_read(user) and user.role in REVIEWERS


def flags_visible_to(user: Any) -> QuerySet[RedFlag]:
    """The flags the user reads, newest first; NotFound for anyone else."""
    if not may_read(user):
        raise NotFound()
    flags = RedFlag.objects.select_related(
        "opd", "satker", "region", "vendor__organisation", "reviewed_by"
    ).order_by("-first_raised_at", "-id")
    if user.role in ALL_READERS:
        return flags
    pemda = user.organisation
    # The pemda's own OPDs, and INAPROC satkers of its kab/kota.
    return flags.filter(Q(opd__parent_id=pemda.pk) | Q(opd__isnull=True, region_id=pemda.region_id))


def flag_get(user: Any, flag_id: int) -> RedFlag:
    flag = flags_visible_to(user).filter(pk=flag_id).first()
    if flag is None:
        raise NotFound()
    return flag


@dataclass(frozen=True)
class FlagFilters:
    kind: str = ""
    channel: str = ""
    status: str = ""
    kab_kota: str = ""
    present: str = ""  # "yes", "no" or "" (both)


def parse_flag_filters(data: Mapping[str, Any], *, kab_kota_codes: set[str]) -> FlagFilters:
    """Filters from a query string; an unknown value is InvalidRequest (400)
    naming the field."""

    def text(name: str) -> str:
        value = data.get(name)
        return str(value).strip() if value is not None else ""

    errors: dict[str, str] = {}
    values = {name: text(name) for name in ("kind", "channel", "status", "kab_kota", "present")}
    choices = {
        "kind": FlagKind.values,
        "channel": FlagChannel.values,
        "status": FlagStatus.values,
        "present": ["yes", "no"],
    }
    for name, allowed in choices.items():
        if values[name] and values[name] not in allowed:
            errors[name] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(allowed)}
    if values["kab_kota"] and values["kab_kota"] not in kab_kota_codes:
        errors["kab_kota"] = _("Choose a kabupaten/kota of the list.")
    if errors:
        raise InvalidRequest("invalid", _("Check the filters of the indicators."), errors)
    return FlagFilters(**values)


def flag_list(user: Any, filters: FlagFilters) -> QuerySet[RedFlag]:
    flags = flags_visible_to(user)
    if filters.kind:
        flags = flags.filter(kind=filters.kind)
    if filters.channel:
        flags = flags.filter(channel=filters.channel)
    if filters.status:
        flags = flags.filter(status=filters.status)
    if filters.kab_kota:
        flags = flags.filter(region_id=filters.kab_kota)
    if filters.present:
        flags = flags.filter(still_present=filters.present == "yes")
    return flags


def kab_kota_choices() -> list[tuple[str, str]]:
    """The kab/kota of the province's pemdas, for the filter."""
    rows = Organisation.objects.filter(kind="pemda").select_related("region")
    return sorted(((o.region_id, o.region.name) for o in rows), key=lambda item: item[1])


def buyer_name(flag: RedFlag) -> str:
    if flag.opd is not None:
        return flag.opd.name
    if flag.satker is not None:
        return str(flag.satker)
    return ""


def vendor_name(flag: RedFlag) -> str:
    if flag.vendor is not None:
        return flag.vendor.organisation.name
    return flag.vendor_code


def explanation(flag: RedFlag) -> str:
    """What the figures show, in the reader's language."""
    e = flag.evidence
    count = len(e.get("orders", []))
    if flag.kind == FlagKind.SPLIT_PURCHASE:
        return _(
            "%(count)d purchases from the same vendor within %(days)d days, each at most the "
            "ceiling of %(ceiling)s, add up to %(value)s. A purchase split into parts to stay "
            "under the ceiling looks like this; so do separate needs. Worth a look."
        ) % {
            "count": count,
            "days": e["window_days"],
            "ceiling": format_rupiah(e["ceiling"]),
            "value": format_rupiah(flag.value),
        }
    if flag.kind == FlagKind.NEAR_CEILING:
        return _(
            "The purchase of %(value)s is %(percent)s%% of the ceiling of %(ceiling)s. A value "
            "just under the ceiling may have been cut to fit it."
        ) % {
            "value": format_rupiah(flag.value),
            "percent": e["percent"],
            "ceiling": format_rupiah(e["ceiling"]),
        }
    if flag.kind == FlagKind.QUICK_LISTING:
        return _(
            "The product “%(product)s” was bought within %(hours)d hours of first going live "
            "and taken down afterwards. A listing made for one buyer looks like this."
        ) % {"product": e["product_name"], "hours": e["hours"]}
    if flag.kind == FlagKind.PRICE_OUTLIER:
        return _(
            "The unit price of %(price)s for “%(product)s” is above %(fence)s, the upper "
            "fence (Q3 + 1.5 × IQR) of %(sample)d live products of the same category and "
            "unit (Q1 %(q1)s, Q3 %(q3)s)."
        ) % {
            "price": format_rupiah(e["unit_price"]),
            "product": e["product_name"],
            "fence": format_rupiah(e["fence"]),
            "sample": e["sample"],
            "q1": format_rupiah(e["q1"]),
            "q3": format_rupiah(e["q3"]),
        }
    if flag.kind == FlagKind.CONCENTRATION:
        return _(
            "In %(year)d, %(share)s%% of this buyer's %(orders)d purchases (%(value)s) went "
            "to one vendor; the Herfindahl index is %(hhi)s (from %(threshold)s a market "
            "counts as highly concentrated)."
        ) % {
            "year": e["year"],
            "share": e["top_share"],
            "orders": e["buyer_orders"],
            "value": format_rupiah(flag.value),
            "hhi": number_format(e["hhi"], force_grouping=True),
            "threshold": number_format(e["threshold_hhi"], force_grouping=True),
        }
    if flag.kind == FlagKind.SHARED_CONTACT:
        what = {
            "bank_account": _("bank account"),
            "phone": _("phone number"),
            "address": _("address"),
        }[e["what"]]
        if e["officials"]:
            return _(
                "A vendor and an official of a buyer have the same %(what)s (ending "
                "%(masked)s). The official may be related to the vendor; worth a look."
            ) % {"what": what, "masked": e["masked"]}
        return _(
            "%(count)d vendors have the same %(what)s (ending %(masked)s). They may be one "
            "business under several names; worth a look."
        ) % {"count": len(e["vendors"]), "what": what, "masked": e["masked"]}
    if flag.kind == FlagKind.LATE_PAYER:
        return _(
            "In %(year)d, %(late)d of the %(due)d payments this OPD owed (%(percent)s%%) "
            "were late or are overdue."
        ) % {"year": e["year"], "late": e["late"], "due": e["due"], "percent": e["percent"]}
    return ""
