from django.db.models import QuerySet

from blangkon.regions.models import Region, RegionKind


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related("parent").order_by("code")


def kab_kota_list(*, province_code: str | None = None) -> QuerySet[Region]:
    regions = Region.objects.exclude(kind=RegionKind.PROVINSI)
    if province_code:
        regions = regions.filter(parent_id=province_code)
    return regions.order_by("code")
