"""Audit test fixtures: `market` (two verified vendors on top of `world`)."""

from blangkon.catalog.tests.factories import market

__all__ = ["market"]
