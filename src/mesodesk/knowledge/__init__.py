"""Sourced reference data about mesotherapy. Importing this package loads nothing."""
