"""The demo-data seeders, in the order they run.

Each seeder is a function taking the SeedContext; each domain (vendors,
products, orders) adds one module and appends it here.
"""

from collections.abc import Callable

from blangkon.demo.seeders.context import SeedContext
from blangkon.demo.seeders.inaproc import seed_inaproc
from blangkon.demo.seeders.orders import seed_orders
from blangkon.demo.seeders.organisations import seed_organisations
from blangkon.demo.seeders.people import seed_people
from blangkon.demo.seeders.products import seed_products
from blangkon.demo.seeders.vendors import seed_vendors

Seeder = Callable[[SeedContext], None]

SEEDERS: list[Seeder] = [
    seed_organisations,
    seed_people,
    seed_vendors,
    seed_products,
    seed_orders,
    seed_inaproc,
]
