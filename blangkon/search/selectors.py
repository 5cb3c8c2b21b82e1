"""Catalog search: the one selector the catalog page and GET /api/v1/products use.

A search runs in four steps, each in a module of its own (the glossary and
the diagrams are in docs/design/search.md; the decision in
docs/adr/0011-search-in-postgresql.md):
1. search.understanding: the typed words, corrected, with their synonyms
   and units, as a TextQuery.
2. search.counting: how many live products match, per facet value, from the
   pre-summed cells where they serve, else from the rows.
3. search.paging (with search.planning for each ordered read): the page's
   products in relevance order (text tiers, local first, boost, the day's
   tie key) or in the order asked for.
4. search.facets: the facets from the counts.
Here they are put together, with the fallbacks: a correction that finds
nothing gives way to the words as typed; words no product has are left out
(search.unmatched); words that only name a category show that category.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    F,
    Func,
    Model,
    Prefetch,
    QuerySet,
    TextField,
    Value,
    prefetch_related_objects,
)

from blangkon.accounts.models import Organisation
from blangkon.catalog.models import Category, Product, ProductImage, Unit
from blangkon.core.prepared import unprepared
from blangkon.regions.models import Region
from blangkon.search import corrections, paging
from blangkon.search.counting import count_matches, count_of, live_product_count
from blangkon.search.facets import FacetValue, approximate, facets_of
from blangkon.search.models import Synonym
from blangkon.search.narrowing import narrowed
from blangkon.search.params import PAGE_SIZE, SearchParams
from blangkon.search.planning import Known
from blangkon.search.query import words_of
from blangkon.search.reference import Reference, buyer_region, search_reference
from blangkon.search.relevance import categories_named
from blangkon.search.understanding import TextQuery, understand
from blangkon.search.unmatched import search_without_unmatched
from blangkon.vendors.models import Vendor

__all__ = [  # the search's read API for the pages, the API and other apps
    "PricePosition",
    "Reference",
    "SearchResult",
    "buyer_region",
    "live_product_count",
    "price_position",
    "products_to_compare",
    "search_products",
    "search_reference",
    "suggestions",
    "synonyms_matching",
    "with_photos",
]


@dataclass
class SearchResult:
    params: SearchParams
    text: TextQuery
    count: int
    products: list[Product]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    counted_from: str = "rows"  # "cells" when counts came from search_facet_count
    suggested_categories: list[Category] = field(default_factory=list)
    # The category shown because no product's own text has the words but
    # the category's name does (search.relevance.categories_named).
    category_instead: Category | None = None
    dropped_words: list[str] = field(default_factory=list)  # left out: matched nothing

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def count_label(self) -> str:
        return approximate(self.count)


# The page's products with what a result shows (the page, the API): not
# the description, the specifications or the vendor's registration data.
# One statement, its rows made into model instances the way Django's own
# query iterator does (Model.from_db), with the category and kab/kota taken
# from the reference data: a third of the time of the ORM query with
# select_related and only() (1.5 ms against 4.6 for 20 products at 5M),
# which spent it compiling the query and building instances. A field left
# out here and read by a template costs a query per product
# (test_search_page_queries).
_RESULT_SQL = """
    SELECT p.id, p.vendor_id, p.category_id, p.name, p.unit_id, p.price,
           p.min_order_quantity, p.is_pdn, p.status,
           v.organisation_id, v.kind, v.scale, v.status,
           o.name, o.region_id, r.name, u.name
    FROM catalog_product p
    JOIN vendors_vendor v ON v.id = p.vendor_id
    JOIN accounts_organisation o ON o.id = v.organisation_id
    JOIN regions_region r ON r.code = o.region_id
    JOIN catalog_unit u ON u.code = p.unit_id
    WHERE p.id = ANY(%s)
"""
_PRODUCT_FIELDS = (
    "id", "vendor_id", "category_id", "name", "unit_id", "price",
    "min_order_quantity", "is_pdn", "status",
)  # fmt: skip
_VENDOR_FIELDS = ("id", "organisation_id", "kind", "scale", "status")
_ORGANISATION_FIELDS = ("id", "name", "region_id")


def _load(ids: list[int], ref: Reference) -> list[Product]:
    """The products of `ids`, in that order (the page's)."""
    with connection.cursor() as cursor:
        cursor.execute(_RESULT_SQL, [ids])
        rows = cursor.fetchall()
    units: dict[str, Unit] = {}
    by_id: dict[int, Product] = {}
    for row in rows:
        product = Product.from_db(connection.alias, _PRODUCT_FIELDS, row[:9])
        vendor = Vendor.from_db(connection.alias, _VENDOR_FIELDS, (row[1], *row[9:13]))
        organisation = Organisation.from_db(
            connection.alias, _ORGANISATION_FIELDS, (row[9], *row[13:15])
        )
        region = ref.regions.get(row[14]) or Region.from_db(
            connection.alias, ("code", "name"), row[14:16]
        )
        unit = units.get(row[4]) or Unit.from_db(
            connection.alias, ("code", "name"), (row[4], row[16])
        )
        units[unit.code] = unit
        _cache(Organisation.region, organisation, region)
        _cache(Vendor.organisation, vendor, organisation)
        _cache(Product.vendor, product, vendor)
        _cache(Product.category, product, ref.categories_by_id[product.category_id])
        _cache(Product.unit, product, unit)
        by_id[product.pk] = product
    return [by_id[i] for i in ids if i in by_id]


def _cache(relation: Any, instance: Model, related: Model) -> None:
    """Set a foreign key's related object, as select_related does."""
    relation.field.set_cached_value(instance, related)


def with_photos(products: list[Product]) -> list[Product]:
    """The products with their photos loaded (the catalog page shows the
    first; the API does not): only reviewed photos, since a photo added to a
    live product waits for review."""
    reviewed = ProductImage.objects.filter(awaiting_review=False)
    prefetch_related_objects(products, Prefetch("images", queryset=reviewed))
    return products


@unprepared()
def search_products(
    *, params: SearchParams, region: Region | None = None, ref: Reference | None = None
) -> SearchResult:
    """Live products matching `params`, one page, with counts and facets.
    `region` is the buyer's kab/kota (or province) for the local-first boost;
    `ref` the reference data the caller already loaded to check the params.
    When nothing matches, the words no live product has are left out
    (search.unmatched) and reported in `dropped_words`; not with `exact`,
    which searches the words as typed, every one of them."""
    ref = ref or search_reference()
    result = _search_products(params, region, ref)
    if result.count == 0 and result.text.tsquery and not params.exact:
        retried = search_without_unmatched(
            params,
            result.text.corrected,
            result.text.parts,
            lambda kept: _search_products(kept, region, ref),
        )
        if retried:
            return replace(retried[0], params=params, dropped_words=retried[1])
    return result


def _search_products(asked: SearchParams, region: Region | None, ref: Reference) -> SearchResult:
    text = understand(asked.q, exact=asked.exact)
    params = narrowed(text, asked, ref)  # few products left by the filters: read by cell
    local = paging.Local.of(region)
    offset = (params.page - 1) * PAGE_SIZE
    known = Known(ref)
    deep = params.sort == "relevance" and offset >= paging.DIVERSE_PREFIX
    totals, named, counted_from = count_matches(text, params, ref, deep=deep)
    count = count_of(totals)
    if count == 0 and text.was_corrected:  # the correction did not help: take the words as typed
        text = understand(asked.q, exact=True)
        params = narrowed(text, asked, ref)
        totals, named, counted_from = count_matches(text, params, ref, deep=deep)
        count = count_of(totals)
    if count == 0 and text.tsquery and not params.category:
        # A category's name is no product's text; when the words find no
        # product but name a category ("alat tulis", "apd"), it answers,
        # counted and paged like browsing it.
        instead = next(iter(categories_named(text.tsquery)), None)
        if instead is not None:
            browse = asked.with_(q="", category=instead.slug)
            found = search_products(params=browse, region=region, ref=ref)
            return replace(found, text=text, category_instead=instead)
    if offset >= count:
        ids: list[int] = []
    elif params.sort != "relevance":
        ids = paging.sorted_page(text, params, ref, offset, totals, known)
    elif named is not None or not text.tsquery or not deep:
        ids = paging.page_by_tiers(text, params, ref, local, offset, totals, named, known)
    else:
        ids = paging.deep_relevance_page(text, params, ref, local, offset)
    return SearchResult(
        params=asked,
        text=text,
        count=count,
        products=_load(ids, ref),
        facets=facets_of(totals, asked, ref),
        counted_from=counted_from,
        # Nothing found for the words: say so and offer categories instead.
        suggested_categories=corrections.suggested_categories(text.corrected)
        if count == 0 and text.typed
        else [],
    )


@unprepared()
def suggestions(*, prefix: str, limit: int = 10) -> list[str]:
    """Up to `limit` completions for what is being typed: category names and
    the commonest product-name beginnings that start with (or contain a word
    starting with) the text."""
    words = words_of(prefix)
    if not words:
        return []
    found = _suggestions_for(" ".join(words), limit)
    if not found:  # perhaps a typo: try again with the words corrected
        fixes = corrections.corrections(words, keep=set())
        if fixes:
            found = _suggestions_for(" ".join(fixes.get(w, w) for w in words), limit)
    return found


def _suggestions_for(text: str, limit: int) -> list[str]:
    found: list[str] = []
    for category in Category.objects.order_by("position", "name"):
        name = " ".join(words_of(category.name))
        if name.startswith(text) or f" {text}" in f" {name}":
            found.append(category.name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phrase FROM search_phrase WHERE df > 0"
            " AND (phrase LIKE %s OR phrase LIKE %s)"
            " ORDER BY phrase LIKE %s DESC, df DESC, phrase LIMIT %s",
            [f"{text}%", f"% {text}%", f"{text}%", limit],
        )
        found += [row[0] for row in cursor.fetchall()]
    seen: set[str] = set()
    unique = []
    for s in found:
        if s.lower() not in seen:
            seen.add(s.lower())
            unique.append(s)
    return unique[:limit]


# --- product page: price position ------------------------------------------------


@dataclass(frozen=True)
class PricePosition:
    count: int  # comparable live products, this one included
    minimum: int
    median: int
    maximum: int
    upper_fence: int  # Q3 + 1.5 x IQR
    is_high: bool  # this price is above the upper fence


@unprepared()
def price_position(*, product: Product) -> PricePosition | None:
    """Where the price sits among comparable live products: same category and
    unit, and names sharing the first two name words (lexemes). None when
    fewer than three compare."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_literal(lexeme), ' & ') FROM ("
            " SELECT lexeme FROM unnest(to_tsvector('blangkon', %s))"
            " ORDER BY positions[1] LIMIT 2) first_words",
            [product.name],
        )
        name_query = cursor.fetchone()[0]
        if not name_query:
            return None
        cursor.execute(
            "SELECT count(*), min(price), percentile_disc(0.5) WITHIN GROUP (ORDER BY price),"
            " max(price), (percentile_cont(0.25) WITHIN GROUP (ORDER BY price))::numeric,"
            " (percentile_cont(0.75) WITHIN GROUP (ORDER BY price))::numeric"
            " FROM search_document WHERE category_id = %s AND unit_id = %s"
            " AND name_vector @@ to_tsquery('simple', %s)",
            [product.category_id, product.unit_id, name_query],
        )
        count, minimum, median, maximum, q1, q3 = cursor.fetchone()
    if not count or count < 3:
        return None
    fence = int(q3 + Decimal("1.5") * (q3 - q1))
    return PricePosition(count, minimum, median, maximum, fence, product.price > fence)


def products_to_compare(*, ids: Sequence[int]) -> list[Product]:
    """Up to four live products, in the order asked, for the compare page."""
    from blangkon.catalog.product_selectors import live_products

    wanted = list(dict.fromkeys(ids))[:4]
    products = (
        live_products()
        .filter(pk__in=wanted)
        .select_related("category", "unit", "vendor__organisation__region")
        .prefetch_related(
            "coverage",
            # The first reviewed photo heads each product's column.
            Prefetch("images", queryset=ProductImage.objects.filter(awaiting_review=False)),
        )
    )
    by_id = {p.pk: p for p in products}
    return [by_id[i] for i in wanted if i in by_id]


def synonyms_matching(*, text: str = "") -> QuerySet[Synonym]:
    """The synonym groups and one-way rules, in order of their terms; with
    `text`, those with a term containing it (the admin's filter: several
    hundred rules ship with the product)."""
    synonyms = Synonym.objects.all()
    words = " ".join(words_of(text))
    if words:
        joined = Func(
            F("terms"), Value(" | "), function="array_to_string", output_field=TextField()
        )
        synonyms = synonyms.alias(joined=joined).filter(joined__icontains=words)
    return synonyms
