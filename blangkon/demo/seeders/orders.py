"""Demo orders. The small scale (what `make run` shows) gets the demo
accounts' orders in every state, made through the services
(order_journeys.py, the paying half in order_paying.py), the completed ones
rated (ratings.py); a scale with transaction figures gets its finished
orders of the past, written in bulk to those figures (order_history.py)."""

from blangkon.demo.seeders.context import SeedContext
from blangkon.demo.seeders.order_history import seed_order_history
from blangkon.demo.seeders.order_journeys import seed_order_journeys
from blangkon.demo.seeders.products import REFERENCE_DAY
from blangkon.demo.seeders.ratings import seed_ratings


def seed_orders(ctx: SeedContext) -> None:
    if ctx.scale_name == "small":
        journeys = seed_order_journeys(ctx)
        ctx.stdout.write(
            f"  {len(journeys)} demo orders: Batang's and Kendal's in every state,"
            " a dispute of a provincial OPD"
        )
        rated = seed_ratings(journeys)
        ctx.stdout.write(
            f"  ratings: {rated.both + rated.replied} by both sides ({rated.replied} replied), "
            f"{rated.ppk_only} by the PPK only, {rated.vendor_only} by the vendor only, "
            f"{rated.unrated} not yet"
        )
    if ctx.scale.transacted_rupiah:
        reference = REFERENCE_DAY[ctx.scale_name]
        history = seed_order_history(ctx.scale, reference, ctx.rng_for("orders"))
        total = sum(order.total for order in history)
        ctx.stdout.write(f"  {len(history):,} finished orders to {reference}, Rp{total:,}")
