"""Benchmarks (`make bench`): scripts run directly, sharing a few helpers."""
