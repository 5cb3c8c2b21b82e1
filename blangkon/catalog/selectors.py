from django.db.models import Prefetch, QuerySet

from blangkon.catalog.models import Category


def category_tree() -> QuerySet[Category]:
    """Top-level groups with their leaf categories and units prefetched."""
    leaves = Category.objects.prefetch_related("units").order_by("position", "name")
    return (
        Category.objects.filter(parent__isnull=True)
        .prefetch_related(Prefetch("children", queryset=leaves))
        .order_by("position", "name")
    )
