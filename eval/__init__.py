"""Evaluations against the gold sets in ../shared. Run with ``make eval``."""
