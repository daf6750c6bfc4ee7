"""Tests of the `shopfloor` command line."""
