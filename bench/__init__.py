"""Benchmarks that print figures (never timed unit tests). Run with ``make bench``."""
