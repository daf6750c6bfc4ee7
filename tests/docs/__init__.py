"""Tests that run what the documentation shows, so it cannot drift from the product."""
