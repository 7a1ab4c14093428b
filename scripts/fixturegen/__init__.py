"""Helpers for scripts/make_fixtures.py: the scorecard model, its producers and the PDF checks."""
