"""Gamma owns no table."""
