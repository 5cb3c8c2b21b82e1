"""Pages of the vendors app, split by audience."""
