"""The internal dashboards' tables (transparency/internal.py): a vendor's
sales as the public dashboard's StatsTable, so one template shows both. A
pemda's and an OPD's spend use the public tables themselves (tables.TABLES)."""

from typing import Any

from django.utils.translation import gettext as _

from blangkon.transparency.tables import TABLES, Column, StatsTable

# The public tables a pemda's or an OPD's dashboard shows, in order; the
# province's adds the kab/kota table.
SPEND_TABLES = ("micro_small", "month", "category", "opd", "payment_days")
PROVINCE_TABLES = ("kab_kota",)


def spend_tables(summary: dict[str, Any], *, province: bool) -> list[StatsTable]:
    keys = SPEND_TABLES + (PROVINCE_TABLES if province else ())
    return [TABLES[key](summary) for key in keys]


def _count_and_value(title: str) -> list[Column]:
    return [Column(title), Column(_("Orders"), "count"), Column(_("Value"), "rupiah")]


def vendor_tables(sales: dict[str, Any]) -> list[StatsTable]:
    return [
        StatsTable(
            key="month",
            title=_("Sales by month"),
            columns=_count_and_value(_("Month")),
            rows=[[row["month"], row["count"], row["value"]] for row in sales["by_month"]],
            value_column=2,
            chart="column",
        ),
        StatsTable(
            key="opd",
            title=_("Sales by buying OPD"),
            columns=[
                Column(_("OPD")),
                Column(_("Kabupaten/kota")),
                Column(_("Orders"), "count"),
                Column(_("Value"), "rupiah"),
            ],
            rows=[
                [row["opd__name"], row["kab_kota"], row["count"], row["value"]]
                for row in sales["by_opd"]
            ],
            value_column=3,
        ),
        StatsTable(
            key="kab_kota",
            title=_("Sales by kabupaten/kota"),
            columns=_count_and_value(_("Kabupaten/kota")),
            rows=[[row["name"], row["count"], row["value"]] for row in sales["by_kab_kota"]],
            value_column=2,
        ),
        StatsTable(
            key="status",
            title=_("Orders by status"),
            columns=[
                Column(_("Status")),
                Column(_("Orders"), "count"),
                Column(_("Value as ordered"), "rupiah"),
            ],
            rows=[[row["label"], row["count"], row["value"]] for row in sales["statuses"]],
            value_column=1,
        ),
    ]
