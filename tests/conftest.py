"""Fixtures for the cross-app tests: `market` (two verified vendors on top of `world`)."""

from blangkon.catalog.tests.factories import market

__all__ = ["market"]
