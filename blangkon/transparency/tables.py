"""The dashboard's tables: each chart's data as a table (shown beside the
chart, downloaded as CSV or XLSX). Cells are raw values (whole rupiah as int);
the template and the spreadsheets format them."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blangkon.core.money import format_rupiah


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text, rupiah, count, percent, days


@dataclass(frozen=True)
class StatsTable:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    # The chart: one bar per row, its label from column 0, its length from `value_column`.
    value_column: int
    chart: str = "bar"  # bar (horizontal) or column (vertical)
    more: int = 0  # rows left out of the page (the downloads hold them all)
    note: str = ""  # what the figures mean, shown under the title

    @property
    def html_rows(self) -> list[SafeString]:
        """Each row's cells as HTML, formatted by their column's kind. Built
        here, not by template tags per cell: the dashboard's tables hold a
        few thousand cells, whose tags were a third of the page's time at a
        million orders (docs/performance.md)."""
        heads = [
            (
                column,
                format_html(
                    ' data-label="{}"{}', column.title, _NUM if column.kind != "text" else ""
                ),
            )
            for column in self.columns
        ]
        return [
            mark_safe(  # noqa: S308 (every part escaped by format_html)
                "".join(
                    format_html("<td{}>{}</td>", head, _formatted(column.kind, cell))
                    for (column, head), cell in zip(heads, row, strict=True)
                )
            )
            for row in self.rows
        ]


_NUM = mark_safe(' class="num"')  # noqa: S308 (a constant)


def _formatted(kind: str, cell: Any) -> str:
    """A cell as the page shows it (the downloads keep the raw values)."""
    if kind == "rupiah":
        return format_rupiah(cell)
    if kind == "count":
        return str(intcomma(cell))
    if kind == "percent":
        return f"{localize(cell)} %"  # 58,8 % in Indonesian, as the template wrote it
    if kind == "days":
        return str(floatformat(cell, "-1"))
    return "" if cell is None else str(localize(cell))


def _month(month: str) -> str:
    return month  # YYYY-MM sorts and reads alike in both languages


TABLE_TITLES: dict[str, Any] = {
    "category": gettext_lazy("Value by category"),
    "kab_kota": gettext_lazy("Value by kabupaten/kota"),
    "month": gettext_lazy("Value by month"),
    "opd": gettext_lazy("OPDs that bought most"),
    "micro_small": gettext_lazy("Share to micro and small vendors"),
    "payment_days": gettext_lazy("Median days from the BAST to the payment, per OPD"),
    "pdn": gettext_lazy("Share of domestic products (PDN) by kabupaten/kota"),
    "concentration": gettext_lazy("Vendor concentration"),
    "vendors": gettext_lazy("The 10 vendors with the largest value"),
}


def _category(summary: dict[str, Any]) -> StatsTable:
    return StatsTable(
        key="category",
        title=str(TABLE_TITLES["category"]),
        columns=[Column(_("Category")), Column(_("Value"), "rupiah")],
        rows=[[item["category"], item["value"]] for item in summary["by_category"]],
        value_column=1,
    )


def _kab_kota(summary: dict[str, Any]) -> StatsTable:
    return StatsTable(
        key="kab_kota",
        title=str(TABLE_TITLES["kab_kota"]),
        columns=[
            Column(_("Kabupaten/kota")),
            Column(_("Transactions"), "count"),
            Column(_("Value"), "rupiah"),
        ],
        rows=[[item["name"], item["count"], item["value"]] for item in summary["by_kab_kota"]],
        value_column=2,
    )


def _by_month(summary: dict[str, Any]) -> StatsTable:
    return StatsTable(
        key="month",
        title=str(TABLE_TITLES["month"]),
        columns=[
            Column(_("Month")),
            Column(_("Transactions"), "count"),
            Column(_("Value"), "rupiah"),
        ],
        rows=[
            [_month(item["month"]), item["count"], item["value"]] for item in summary["by_month"]
        ],
        value_column=2,
        chart="column",
    )


def _opd(summary: dict[str, Any]) -> StatsTable:
    return StatsTable(
        key="opd",
        title=str(TABLE_TITLES["opd"]),
        columns=[
            Column(_("OPD")),
            Column(_("Kabupaten/kota")),
            Column(_("Transactions"), "count"),
            Column(_("Value"), "rupiah"),
        ],
        rows=[[i["opd"], i["kab_kota"], i["count"], i["value"]] for i in summary["by_opd"]],
        value_column=3,
    )


def _micro_small(summary: dict[str, Any]) -> StatsTable:
    share = summary["micro_small"]
    return StatsTable(
        key="micro_small",
        title=str(TABLE_TITLES["micro_small"]),
        columns=[Column(_("Measure")), Column(_("Percent of the value"), "percent")],
        rows=[
            [_("Micro and small vendors"), share["percent"]],
            [_("National target"), share["target_percent"]],
        ],
        value_column=1,
    )


def _payment_days(summary: dict[str, Any]) -> StatsTable:
    return StatsTable(
        key="payment_days",
        title=str(TABLE_TITLES["payment_days"]),
        columns=[
            Column(_("OPD")),
            Column(_("Kabupaten/kota")),
            Column(_("Payments"), "count"),
            Column(_("Median days"), "days"),
        ],
        rows=[
            [i["opd"], i["kab_kota"], i["payments"], i["median_days"]]
            for i in summary["payment_days_by_opd"]
        ],
        value_column=3,
    )


def _pdn_note(pdn: dict[str, Any]) -> str:
    note = _(
        "The value of the order lines of domestic products (PDN, as the product said when "
        "ordered) in the value of Blangkon's transactions; delivery costs are no product. "
        "Government purchasing is to use domestic products as much as possible "
        "(Perpres 12/2021, Pasal 65–66); Jawa Tengah's target for 2024 was %(target)s %%."
    ) % {"target": pdn["target_percent"]}
    if pdn["unknown_value"]:
        note += " " + _(
            "Purchases through INAPROC carry no PDN information: their share is not known, "
            "and their %(value)s is left out of these figures."
        ) % {"value": format_rupiah(pdn["unknown_value"])}
    return note


def _pdn(summary: dict[str, Any]) -> StatsTable:
    pdn = summary["pdn"]
    return StatsTable(
        key="pdn",
        title=str(TABLE_TITLES["pdn"]),
        columns=[
            Column(_("Kabupaten/kota")),
            Column(_("Value"), "rupiah"),
            Column(_("Value of domestic products"), "rupiah"),
            Column(_("Domestic share of the value"), "percent"),
        ],
        rows=[[i["name"], i["value"], i["value_pdn"], i["percent"]] for i in pdn["by_kab_kota"]],
        value_column=3,
        note=_pdn_note(pdn),
    )


HHI_LEVELS = {
    "high": gettext_lazy("highly concentrated"),
    "moderate": gettext_lazy("moderately concentrated"),
    "low": gettext_lazy("not concentrated"),
}


def _concentration_note(c: dict[str, Any]) -> str:
    if not c["vendors"]:
        return ""
    return _(
        "%(vendors)s vendors share the value. HHI %(hhi)s of 10,000: %(level)s. The HHI "
        "(Herfindahl-Hirschman index) is the sum of the squares of each vendor's percent "
        "share; from 2,500 the value is highly concentrated, under 1,500 not concentrated."
    ) % {
        "vendors": intcomma(c["vendors"]),
        "hhi": intcomma(c["hhi"]),
        "level": HHI_LEVELS[c["hhi_level"]],
    }


def _concentration(summary: dict[str, Any]) -> StatsTable:
    c = summary["concentration"]
    rows: list[list[Any]] = []
    if c["vendors"]:
        rows = [
            [_("The largest vendor"), c["top1_percent"]],
            [_("The 5 largest vendors"), c["top5_percent"]],
            [_("The 10 largest vendors"), c["top10_percent"]],
        ]
    return StatsTable(
        key="concentration",
        title=str(TABLE_TITLES["concentration"]),
        columns=[Column(_("Vendors")), Column(_("Percent of the value"), "percent")],
        rows=rows,
        value_column=1,
        note=_concentration_note(c),
    )


def _vendors(summary: dict[str, Any]) -> StatsTable:
    return StatsTable(
        key="vendors",
        title=str(TABLE_TITLES["vendors"]),
        columns=[
            Column(_("Vendor")),
            Column(_("Kind")),
            Column(_("Transactions"), "count"),
            Column(_("Value"), "rupiah"),
            Column(_("Percent of the value"), "percent"),
        ],
        rows=[
            [i["name"], i["kind_label"] or "INAPROC", i["count"], i["value"], i["percent"]]
            for i in summary["concentration"]["top_vendors"]
        ],
        value_column=3,
    )


TABLES: dict[str, Callable[[dict[str, Any]], StatsTable]] = {
    "category": _category,
    "kab_kota": _kab_kota,
    "month": _by_month,
    "micro_small": _micro_small,
    "opd": _opd,
    "payment_days": _payment_days,
    "pdn": _pdn,
    "concentration": _concentration,
    "vendors": _vendors,
}


# The page shows the OPDs that take longest to pay, not all of a province's
# hundreds (a bar per OPD is unreadable, and rendering 434 rows cost a third of
# the page's time at the benchmark's size); the downloads hold every OPD.
PAGE_PAYMENT_DAYS_ROWS = 15


def stats_tables(summary: dict[str, Any], *, page: bool = False) -> list[StatsTable]:
    """Every table; for the page (`page=True`), the payment days cut to the
    slowest OPDs, slowest first."""
    tables = [build(summary) for build in TABLES.values()]
    if page:
        tables = [_slowest(table) if table.key == "payment_days" else table for table in tables]
    return tables


def _slowest(table: StatsTable) -> StatsTable:
    if len(table.rows) <= PAGE_PAYMENT_DAYS_ROWS:
        return table
    rows = table.rows[::-1][:PAGE_PAYMENT_DAYS_ROWS]  # the summary lists the fastest first
    return replace(
        table,
        title=_("The %(count)s OPDs that take longest to pay: median days from the BAST")
        % {"count": PAGE_PAYMENT_DAYS_ROWS},
        rows=rows,
        more=len(table.rows) - len(rows),
    )


def chart_data(tables: list[StatsTable]) -> list[dict[str, Any]]:
    """What static/js/transparency.js draws (passed through json_script)."""
    return [
        {
            "id": f"chart-{table.key}",
            "type": table.chart,
            "kind": table.columns[table.value_column].kind,
            "label": table.columns[table.value_column].title,
            "labels": [str(row[0]) for row in table.rows],
            "values": [row[table.value_column] for row in table.rows],
        }
        for table in tables
    ]
