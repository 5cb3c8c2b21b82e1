"""Reading INAPROC satkers for the admins who map them to OPDs."""

from django.db.models import Count, QuerySet, Sum

from blangkon.accounts.models import Organisation, User
from blangkon.accounts.roles import OrganisationKind, Role
from blangkon.inaproc.models import Satker


def mappable_satkers(user: User) -> QuerySet[Satker]:
    """The satkers of ours the user may map: a kab/kota admin those of their
    kab/kota, the province admin all of ours (the province's own included);
    nobody else any. A satker of another instansi is nobody's to map."""
    satkers = Satker.objects.filter(region__isnull=False)
    if not user.is_active or user.organisation_id is None:
        return satkers.none()
    if user.role == Role.PROVINCE_ADMIN:
        return satkers
    if user.role == Role.KAB_KOTA_ADMIN:
        assert user.organisation is not None
        return satkers.filter(region_id=user.organisation.region_id)
    return satkers.none()


def unmatched_satkers(user: User) -> QuerySet[Satker]:
    """The user's satkers without an OPD, with their packages' count and value."""
    return (
        mappable_satkers(user)
        .filter(opd__isnull=True)
        .select_related("region")
        .annotate(packages_count=Count("packages"), packages_value=Sum("packages__total_harga"))
        .order_by("region_id", "nama_satker", "id")
    )


def opd_choices(satkers: list[Satker]) -> dict[str, list[Organisation]]:
    """The active OPDs of each region the satkers belong to (region code -> OPDs)."""
    regions = {s.region_id for s in satkers if s.region_id}
    choices: dict[str, list[Organisation]] = {code: [] for code in regions}
    for opd in Organisation.objects.filter(
        kind=OrganisationKind.OPD, is_active=True, region_id__in=regions
    ).order_by("name", "id"):
        choices[opd.region_id].append(opd)
    return choices
